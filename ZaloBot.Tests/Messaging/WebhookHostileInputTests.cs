using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZaloBot.Messaging;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;
using ZaloBot.Teams;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Messaging;

/// <summary>
/// What the webhook does with bodies no honest Zalo sends: malformed strings, impossible ids, stale or future
/// timestamps. Never a 5xx, never a flood of log lines, never a flood of sends. (The generated bodies are in
/// <see cref="WebhookFuzzTests"/>.)
/// </summary>
public sealed class WebhookHostileInputTests
{
    private LogCapture _logs = null!;
    private TestApp _app = null!;
    private HttpClient _client = null!;

    [SetUp]
    public void StartApp()
    {
        _logs = new LogCapture();
        _app = new TestApp(TestApp.NewDatabasePath(), services => services.AddSingleton<ILoggerProvider>(_logs));
        _client = _app.CreateClient();
    }

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _logs.Dispose();
    }

    [TestCase("""{"timestamp":"\udfff"}""")]
    [TestCase("""{"app_id":"\ud800"}""")]
    [TestCase("""{"app_id":"\ud800","timestamp":"\udfff","event_name":"user_send_text"}""")]
    public async Task A_lone_surrogate_before_the_signature_check_gets_401_and_one_log_line(string body)
    {
        using var response = await _client.PostRawAsync(body, signature: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_logs.From(typeof(WebhookRejections).FullName!).Select(l => l.Message),
            Is.EqualTo(new[] { "Rejected a webhook from 127.0.0.1: signature Missing" }));
        Assert.That(_logs.Lines.Where(l => l.Exception is not null), Is.Empty);
    }

    [Test]
    public async Task An_empty_body_gets_401_not_a_server_error()
    {
        using var response = await _client.PostRawAsync("", signature: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Signed_events_with_malformed_names_or_ids_are_stored_as_unknown_and_never_routed()
    {
        var bodies = new[]
        {
            SignedText(eventName: "\\ud800", senderId: "6142494823000000001"),
            SignedText(eventName: "user_send_text", senderId: "\\udfff"),
            SignedText(eventName: "user_send_text", senderId: "61424948230000\\ud800"),
            SignedText(eventName: "user_send_text", senderId: "6142494823 000000001"),
            SignedText(eventName: "user_send_text", senderId: new string('9', ZaloEventParser.MaxIdLength + 1)),
        };

        foreach (var body in bodies)
        {
            using var response = await _client.PostSignedAsync(body);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That((await response.Content.ReadFromJsonAsync<WebhookAnswer>())!.Result, Is.EqualTo("stored"), body);
        }

        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status = 'unknown'"), Is.EqualTo(bodies.Length));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status <> 'unknown'"), Is.Zero);
        Assert.That(_logs.Lines.Where(l => l.Exception is not null), Is.Empty);
    }

    [Test]
    public async Task A_signed_body_that_is_not_valid_utf8_gets_400_and_stores_nothing()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("""{"event_name":"user_send_text","text":"a"""), 0xFF, 0xC3, 0x28, .. "\"}"u8];
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoints.Path) { Content = new ByteArrayContent(body) };
        // Not JSON, so no timestamp can be read: it signs as an empty string.
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.HeaderValue(TestApp.AppId, body, "", TestApp.OaSecretKey));

        using var response = await _client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"), Is.Zero);
    }

    [Test]
    public async Task Rejected_webhooks_are_logged_one_line_each_but_at_most_ten_a_minute()
    {
        for (var i = 0; i < 50; i++)
        {
            using var response = await _client.PostRawAsync($$"""{"timestamp":"{{i}}"}""", "mac=" + new string('0', 64));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var lines = _logs.From(typeof(WebhookRejections).FullName!);
        Assert.That(lines, Has.Count.EqualTo(WebhookRejections.MaxLinesPerWindow));
        Assert.That(lines.Select(l => l.Message), Has.All.EqualTo("Rejected a webhook from 127.0.0.1: signature Mismatch"));
    }

    [Test]
    public async Task A_webhook_older_than_the_dedup_window_is_answered_stale_logged_once_and_not_stored()
    {
        var eightDaysAgo = DateTimeOffset.UtcNow.AddDays(-8).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var body = WithTimestamp(ZaloWebhooks.UserText("6142494823000000001", "msg-old", "Xin chào"), eightDaysAgo);

        using var response = await _client.PostSignedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadFromJsonAsync<WebhookAnswer>(), Is.EqualTo(new WebhookAnswer(true, "stale")));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"), Is.Zero);
        Assert.That(_logs.From(typeof(WebhookRejections).FullName!), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_webhook_stamped_more_than_ten_minutes_ahead_is_answered_stale_and_not_stored()
    {
        var ahead = DateTimeOffset.UtcNow.AddMinutes(11).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var body = WithTimestamp(ZaloWebhooks.UserText("6142494823000000001", "msg-ahead", "Xin chào"), ahead);

        using var response = await _client.PostSignedAsync(body);

        Assert.That(await response.Content.ReadFromJsonAsync<WebhookAnswer>(), Is.EqualTo(new WebhookAnswer(true, "stale")));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"), Is.Zero);
    }

    [Test]
    public async Task A_group_message_with_a_600_KB_sender_id_is_stored_as_unknown_and_costs_no_send()
    {
        var hugeSender = new string('7', 600 * 1024);
        using var huge = await _client.PostSignedAsync(ZaloWebhooks.GroupText(SandboxSeed.DemoGroupId, hugeSender, "msg-huge-sender", "#huongdan"));
        using var honest = await _client.PostSignedAsync(ZaloWebhooks.GroupText(SandboxSeed.DemoGroupId, "6142494823000000009", "msg-honest", "#huongdan"));

        Assert.That(huge.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually.UntilAsync(() => _app.Emulator.MessagesIn("group:" + SandboxSeed.DemoGroupId).Any(m => m.FromOa), "the honest member got an answer");
        Assert.That(await _app.QueryScalarAsync<string>("SELECT status FROM inbox_events WHERE event_key = 'user_send_group_text:msg-huge-sender'"),
            Is.EqualTo(InboxStatus.Unknown));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE length(payload) > 10000 OR payload LIKE '%77777777%'"),
            Is.Zero);
    }

    [Test]
    public async Task A_reply_too_long_for_the_most_parts_is_cut_to_four_messages_and_a_warning_is_logged()
    {
        using var logs = new LogCapture();
        await using var app = new TestApp(TestApp.NewDatabasePath(), services => services
            .AddSingleton<ILoggerProvider>(logs)
            .UseRouter(new LongReplyRouter(new string('a', 7) + string.Concat(Enumerable.Repeat(" lời đáp dài", 5_000)))));
        using var client = app.CreateClient();

        using var response = await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000001", "msg-long-reply", "Xin chào"));

        await Eventually.UntilAsync(async () => await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status = 'done'") == 1,
            "the event was handled");
        await using var db = await app.OpenDatabaseAsync();
        var texts = (await db.QueryAsync<string>("SELECT payload FROM outbox_messages ORDER BY id")).Select(p => JsonNode.Parse(p)!["text"]!.GetValue<string>()).ToList();
        Assert.That(texts, Has.Count.EqualTo(new MessagingOptions().MaxReplyParts));
        Assert.That(texts[^1], Does.EndWith("…"));
        Assert.That(logs.From(typeof(Dispatcher).FullName!).Where(l => l.Level == LogLevel.Warning).Select(l => l.Message),
            Is.EqualTo(new[] { "A reply to user_send_text (inbox 1) was longer than 4 messages and was cut" }));
    }

    private static string SignedText(string eventName, string senderId) =>
        $$$"""{"app_id":"{{{TestApp.AppId}}}","event_name":"{{{eventName}}}","timestamp":"{{{ZaloWebhooks.NextTimestamp()}}}","sender":{"id":"{{{senderId}}}"},"recipient":{"id":"3662729599332560487"},"message":{"msg_id":"m{{{Guid.NewGuid():N}}}","text":"chào"}}""";

    private static string WithTimestamp(string body, string timestamp)
    {
        var node = JsonNode.Parse(body)!;
        node["timestamp"] = timestamp;
        return node.ToJsonString();
    }

    /// <summary>Answers every event with one very long text.</summary>
    private sealed class LongReplyRouter(string text) : IEventRouter
    {
        public Task RouteAsync(EventContext context, CancellationToken cancellationToken) => context.ReplyAsync(BotMessage.Say(text));
    }
}
