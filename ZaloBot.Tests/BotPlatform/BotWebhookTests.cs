using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.BotPlatform;

/// <summary><c>POST /webhooks/zalo-bot</c> over real HTTP, the app in Sandbox mode with the emulator playing the Bot Platform.</summary>
public sealed class BotWebhookTests
{
    private TestApp _app = null!;
    private HttpClient _client = null!;
    private BotChatDriver _bot = null!;

    [SetUp]
    public void StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath());
        _client = _app.CreateClient();
        _bot = new BotChatDriver(_app, _client);
    }

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task An_update_without_the_secret_or_with_a_wrong_one_is_refused_with_401_and_nothing_is_stored()
    {
        var (body, _) = BotChatDriver.Update("u-1", isGroup: false, "u-1", "vneid");

        using var missing = await _bot.PostAsync(body, secret: null);
        using var wrong = await _bot.PostAsync(body, secret: "sandbox-bot-webhook-secreT");

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"), Is.Zero);
    }

    [Test]
    public async Task An_update_bare_or_wrapped_is_answered_and_a_duplicate_delivery_is_handled_once()
    {
        var bare = await _bot.PrivateAsync("u-2", "vneid");
        var wrapped = await _bot.PrivateAsync("u-3", "vneid", wrapped: true);
        Assert.That(bare, Is.Not.Empty);
        Assert.That(wrapped, Is.EqualTo(bare), "both shapes are read alike");

        var update = BotChatDriver.Update("u-2", isGroup: false, "u-2", "cảm ơn");
        await _bot.ExchangeAsync("u-2", update);
        var shown = _bot.ShownIn("u-2").Count;
        using var again = await _bot.PostAsync(update.Body);
        Assert.That(JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetString(), Is.EqualTo("duplicate"));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE event_key = @Key", new { Key = "bot:" + update.MessageId }), Is.EqualTo(1));
        await _app.Services.GetRequiredService<ZaloBot.Messaging.Dispatcher>().WhenIdleAsync();
        Assert.That(_bot.ShownIn("u-2"), Has.Count.EqualTo(shown), "nothing answered twice");
    }

    [Test]
    public async Task An_unknown_event_is_stored_and_ignored_and_bad_bodies_get_a_clear_4xx()
    {
        using var unknown = await _bot.PostAsync("""{"event_name":"message.reaction.received","message":{"message_id":"r-1","chat":{"id":"u-4","chat_type":"PRIVATE"},"from":{"id":"u-4"}}}""");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await _app.QueryScalarAsync<string>("SELECT status FROM inbox_events WHERE event_key = 'bot:r-1'"), Is.EqualTo("unknown"));

        using var notJson = await _bot.PostAsync("not json");
        using var noEvent = await _bot.PostAsync("""{"ok":true,"result":{}}""");
        using var tooLarge = await _bot.PostAsync("{\"event_name\":\"" + new string('x', 1024 * 1024) + "\"}");
        Assert.That(notJson.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(noEvent.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"), Is.EqualTo(1));
    }

    [Test]
    public async Task The_simulator_offers_an_ordinary_group_with_the_bot_and_shows_the_bots_answers_there()
    {
        var page = await _client.GetStringAsync("/sandbox");
        Assert.That(page, Does.Contain("Nhóm Zalo thường (Bot)"));
        var config = JsonDocument.Parse(await _client.GetStringAsync("/sandbox/api/config")).RootElement;
        var group = config.GetProperty("botGroupId").GetString()!;
        Assert.That(config.GetProperty("botWebhookSecret").GetString(), Is.EqualTo(ZaloBot.BotPlatform.BotPlatformOptions.SandboxWebhookSecret));

        var answers = await _bot.ExchangeAsync(group, BotChatDriver.Update(group, isGroup: true, "u-5", BotChatDriver.Mention + "#thongke"));
        var shown = JsonDocument.Parse(await _client.GetStringAsync("/sandbox/api/messages?conversation=" + Uri.EscapeDataString("bot:" + group))).RootElement;
        Assert.That(shown.EnumerateArray().Select(m => m.GetProperty("text").GetString()), Is.EqualTo(answers));
        Assert.That(answers.Single(), Does.Contain("#ketnoi"), "an unbound group is told how to bind it");
    }
}
