using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Messaging;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Messaging;

/// <summary>The webhook endpoint on the real app; the group-commit cases are in WebhookEndpointTests.GroupCommit.cs.</summary>
public sealed partial class WebhookEndpointTests
{
    private RecordingRouter _handler = null!;
    private TestApp _app = null!;
    private HttpClient _client = null!;

    [SetUp]
    public void StartApp()
    {
        _handler = new RecordingRouter();
        _app = new TestApp(TestApp.NewDatabasePath(), services => services.UseRouter(_handler));
        _client = _app.CreateClient();
    }

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private Task<long> InboxCountAsync() => _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events");

    [Test]
    public async Task Signed_event_is_stored_acknowledged_and_handled()
    {
        var body = ZaloWebhooks.UserText("6142494823000000001", "msg-signed-1", "Xin chào");

        using var response = await _client.PostSignedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var answer = await response.Content.ReadFromJsonAsync<WebhookAnswer>();
        Assert.That(answer, Is.EqualTo(new WebhookAnswer(true, "stored")));
        await Eventually.UntilAsync(() => _handler.Handled.Count == 1, "the handler saw the event");
        var handled = (IncomingMessage)_handler.Handled[0];
        Assert.That((handled.Conversation.Id, handled.Text), Is.EqualTo(("6142494823000000001", "Xin chào")));
        Assert.That(await _app.QueryScalarAsync<string>("SELECT event_key FROM inbox_events"), Is.EqualTo("user_send_text:msg-signed-1"));
    }

    public static IEnumerable<TestCaseData> BadSignatures()
    {
        var body = ZaloWebhooks.UserText("6142494823000000002", "msg-bad-sig", "Xin chào");
        yield return new TestCaseData(body.Replace("msg-bad-sig", "msg-bad-sih", StringComparison.Ordinal), ZaloWebhooks.Mac(body)).SetName("Tampered body is refused");
        yield return new TestCaseData(body, ZaloWebhooks.Mac(body, secret: "wrong-secret")).SetName("Wrong secret is refused");
        yield return new TestCaseData(body, ZaloWebhooks.Mac(body, appId: "999")).SetName("Wrong app id is refused");
        yield return new TestCaseData(body, null).SetName("Missing header is refused");
        yield return new TestCaseData(body, ZaloWebhooks.Mac(body)["mac=".Length..]).SetName("Signature without mac= prefix is refused");
        yield return new TestCaseData(body, "mac=not-hex").SetName("Malformed signature is refused");
        yield return new TestCaseData(body, ZaloWebhooks.Mac(body).ToUpperInvariant()).SetName("Signature with upper-case prefix is refused");
    }

    [TestCaseSource(nameof(BadSignatures))]
    public async Task Bad_signature_gets_401_and_stores_nothing(string body, string? signature)
    {
        using var response = await _client.PostRawAsync(body, signature);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await InboxCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Same_event_delivered_three_times_is_stored_and_handled_once()
    {
        var body = ZaloWebhooks.UserText("6142494823000000003", "msg-dup-1", "Tôi cần giúp cài VNeID");

        var results = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _client.PostSignedAsync(body);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            results.Add((await response.Content.ReadFromJsonAsync<WebhookAnswer>())!.Result);
        }

        await Eventually.UntilAsync(() => _handler.Handled.Count >= 1, "the handler saw the event");
        await _client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000003", "msg-dup-2", "sau")).ContinueWith(t => t.Result.Dispose());
        await Eventually.UntilAsync(() => _handler.Handled.Count >= 2, "the next event was handled");
        Assert.That(results, Is.EqualTo(new[] { "stored", "duplicate", "duplicate" }));
        Assert.That(_handler.TextsOf("user:6142494823000000003"), Is.EqualTo(new[] { "Tôi cần giúp cài VNeID", "sau" }));
        Assert.That(await InboxCountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Event_without_msg_id_is_deduplicated_by_a_hash_of_its_body()
    {
        var body = ZaloWebhooks.Follow("2468458835296197922");

        using var first = await _client.PostSignedAsync(body);
        using var second = await _client.PostSignedAsync(body);

        Assert.That((await second.Content.ReadFromJsonAsync<WebhookAnswer>())!.Result, Is.EqualTo("duplicate"));
        var key = await _app.QueryScalarAsync<string>("SELECT event_key FROM inbox_events");
        Assert.That(key, Does.StartWith("sha256:").And.Length.EqualTo("sha256:".Length + 64));
    }

    [Test]
    public async Task Signed_body_that_is_not_json_gets_400_and_stores_nothing()
    {
        const string body = "this is not json";
        // No timestamp can be read from a body that is not JSON, so it signs as an empty string.
        var mac = "mac=" + WebhookSignature.Compute(TestApp.AppId, Encoding.UTF8.GetBytes(body), "", TestApp.OaSecretKey);

        using var response = await _client.PostRawAsync(body, mac);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await InboxCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Unknown_event_is_stored_as_unknown_and_never_routed()
    {
        using var unknown = await _client.PostSignedAsync(ZaloWebhooks.Named("user_feedback_survey_v9", "6142494823000000004"));
        using var routed = await _client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000004", "msg-after-unknown", "chào"));

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually.UntilAsync(() => _handler.Handled.Count == 1, "the known event was handled");
        await _app.Services.GetRequiredService<Dispatcher>().WhenIdleAsync();
        Assert.That(_handler.Handled.Select(e => e.Name), Is.EqualTo(new[] { "user_send_text" }));
        Assert.That(
            await _app.QueryScalarAsync<string>("SELECT status FROM inbox_events WHERE event_name = 'user_feedback_survey_v9'"),
            Is.EqualTo(InboxStatus.Unknown));
    }

    [Test]
    public async Task Echo_of_the_oas_own_message_is_marked_done_and_reaches_the_router_only_as_an_echo()
    {
        var echo = ZaloWebhooks.Named("oa_send_text", "388613280879808645").Replace(
            "\"sender\"", "\"message\":{\"msg_id\":\"echo-1\",\"text\":\"Chào bạn\"},\"sender\"", StringComparison.Ordinal);

        using var response = await _client.PostSignedAsync(echo);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually.UntilAsync(
            async () => await _app.QueryScalarAsync<string>("SELECT status FROM inbox_events") == InboxStatus.Done, "the echo was marked done");
        Assert.That(_handler.Handled, Has.Count.EqualTo(1).And.All.InstanceOf<OwnMessageEcho>());
    }

    [Test]
    public async Task Body_one_byte_over_one_mebibyte_gets_413_and_stores_nothing()
    {
        var body = PaddedUserText(1024 * 1024 + 1);

        using var response = await _client.PostSignedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await InboxCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Body_of_exactly_one_mebibyte_is_accepted()
    {
        var body = PaddedUserText(1024 * 1024);

        using var response = await _client.PostSignedAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await InboxCountAsync(), Is.EqualTo(1));
    }

    /// <summary>A valid user_send_text whose UTF-8 body is exactly <paramref name="size"/> bytes.</summary>
    private static string PaddedUserText(int size)
    {
        var shell = ZaloWebhooks.UserText("6142494823000000005", "msg-big", "");
        return shell.Replace("\"text\":\"\"", "\"text\":\"" + new string('a', size - Encoding.UTF8.GetByteCount(shell)) + "\"", StringComparison.Ordinal);
    }
}
