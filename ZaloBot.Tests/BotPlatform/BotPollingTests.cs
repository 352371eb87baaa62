using Microsoft.Extensions.DependencyInjection;
using ZaloBot.BotPlatform;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.BotPlatform;

/// <summary>Polling mode: the app asks the emulated platform for updates (<c>getUpdates</c>) and handles them like webhook ones.</summary>
public sealed class BotPollingTests
{
    private static Dictionary<string, string?> PollingSettings() => new()
    {
        ["ZaloBotPlatform:Mode"] = "Polling",
        ["ZaloBotPlatform:PollTimeout"] = "00:00:01",
        ["ZaloBotPlatform:PollRetryDelay"] = "00:00:00.050",
    };

    [Test]
    public async Task Polling_mode_fetches_the_same_updates_into_the_inbox_and_answers_them()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: PollingSettings());
        using var client = app.CreateClient();
        var bot = new BotChatDriver(app, client);

        var update = app.Emulator.QueueBotUpdate("u-20", isGroup: false, "u-20", "vneid");
        var key = "bot:" + update["message"]!["message_id"]!.GetValue<string>();

        var intro = await bot.ShowsAsync("u-20", "📋 Cài VNeID");
        Assert.That(intro, Does.EndWith("1. Bắt đầu\n2. Gặp Tổ công nghệ số\n3. Menu chính"));
        Assert.That(await app.QueryScalarAsync<string>("SELECT status FROM inbox_events WHERE event_key = @Key", new { Key = key }), Is.EqualTo("done"));

        app.Emulator.QueueBotUpdate("u-20", isGroup: false, "u-20", "1");
        Assert.That(await bot.ShowsAsync("u-20", "Bước 1"), Does.StartWith("Bước 1: Cài ứng dụng VNeID"));
    }

    [Test]
    public async Task Polling_does_not_start_while_a_webhook_is_set_and_says_so_in_the_log()
    {
        var emulator = new ZaloEmulatorState();
        emulator.SetBotWebhook("https://bot.example.vn/webhooks/zalo-bot", "a-webhook-secret-of-some-length");
        using var logs = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), services =>
        {
            services.AddSingleton(emulator);
            logs.AddTo(services);
        }, PollingSettings());
        using var client = app.CreateClient();

        await Eventually.UntilAsync(() => logs.Containing("polling mode will not start: a webhook is registered").Count > 0, "the refusal is logged");
        emulator.QueueBotUpdate("u-21", isGroup: false, "u-21", "vneid");
        Assert.That(emulator.CallsTo(BotPlatformEmulator.PathOf("getUpdates")), Is.Empty);
        Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"), Is.Zero);
    }
}
