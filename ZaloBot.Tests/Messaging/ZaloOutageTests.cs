using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using ZaloBot.Guides;
using ZaloBot.Messaging;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;
using static ZaloBot.Tests.Broadcasts.BroadcastHarness;

namespace ZaloBot.Tests.Messaging;

/// <summary>
/// Zalo down for longer than any count of attempts would have lasted: time decides what is still worth sending. The
/// time is compressed through the options: resends 10–100 ms apart, replies worth sending for 1.5 s, a circuit that
/// opens after 20 failures and tries again every 0.5 s.
/// </summary>
public sealed class ZaloOutageTests
{
    /// <summary>Attempts after which a message used to be marked failed for good, whatever the outage's length.</summary>
    private const int FormerAttemptBudget = 8;

    private static Dictionary<string, string?> OutageSettings(string? deliveryHorizon = null)
    {
        var settings = Settings();
        settings["Zalo:Client:MaxRetries"] = "0";
        settings["Zalo:Client:CircuitMinimumThroughput"] = "20";
        settings["Zalo:Client:CircuitSamplingDuration"] = "00:00:05";
        settings["Zalo:Client:CircuitBreakDuration"] = "00:00:00.500";
        settings["Messaging:SendRetryBaseDelay"] = "00:00:00.010";
        settings["Messaging:SendRetryMaxDelay"] = "00:00:00.100";
        settings["Messaging:ReplyMaxAge"] = "00:00:01.500";
        if (deliveryHorizon is not null)
        {
            settings["Broadcasts:DeliveryHorizon"] = deliveryHorizon;
        }

        return settings;
    }

    /// <summary>Zalo answers 503 to every message until <see cref="ZaloEmulatorState.ClearFaults"/>.</summary>
    private static void TakeZaloDown(TestApp app) => app.Emulator.Inject(ZaloFault.HttpStatus(503), ZaloEmulatorPaths.CsMessage, times: int.MaxValue);

    private static int Refused(TestApp app) => app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage).Count(c => c.Fault is not null);

    private static Task<long> CountAsync(TestApp app, string status, string recipientPrefix) => app.QueryScalarAsync<long>(
        "SELECT COUNT(*) FROM outbox_messages WHERE status = @status AND recipient_id LIKE @prefix", new { status, prefix = recipientPrefix + "%" });

    private static async Task<JsonElement> ReadyAsync(TestApp app)
    {
        using var client = app.CreateClient();
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string OutboxCheck(JsonElement ready, string property) =>
        ready.GetProperty("checks").GetProperty("outbox").GetProperty(property).GetString()!;

    [Test]
    public async Task An_outage_far_longer_than_the_old_attempt_budget_loses_nothing_announcements_arrive_after_it_and_replies_are_sent_or_expired()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: OutageSettings());
        var residents = await SeedResidentsAsync(app, "9400", 20, "DEMO-TANLAP-2", DateTimeOffset.UtcNow, TimeSpan.FromHours(3));
        using var admin = app.Client(ProvinceKey);
        using var webhooks = app.CreateClient();
        TakeZaloDown(app);

        var id = (await CreateAsync(admin, new { title = "Lịch hỗ trợ giữa lúc Zalo gián đoạn", text = "Thứ Bảy, 7 giờ 30.", audience = "residents", unitCodes = new[] { "DEMO-TANLAP-2" }, urgent = true }))
            .GetProperty("id").GetInt64();
        await PostAsync(admin, id, "send");
        var early = new[] { "2468458835296197950", "2468458835296197951", "2468458835296197952" };
        foreach (var follower in early)
        {
            (await webhooks.PostSignedAsync(ZaloWebhooks.Follow(follower))).Dispose();
        }

        await Eventually.UntilAsync(async () => OutboxCheck(await ReadyAsync(app), "status") == "Degraded", "sending paused while the circuit is open");
        var paused = await ReadyAsync(app);
        Assert.That(OutboxCheck(paused, "description"), Does.Contain("paused").And.Contain("oldest waiting message"));
        // Down far longer than a message used to last: three times its attempts, and until the first replies are too old to send.
        await Eventually.UntilAsync(
            async () => Refused(app) >= 3 * FormerAttemptBudget && await CountAsync(app, OutboxStatus.Expired, "24684588352961979") == early.Length,
            "the outage outlasted the old budget and the early replies expired");
        var late = new[] { "2468458835296197960", "2468458835296197961" };
        foreach (var follower in late)
        {
            (await webhooks.PostSignedAsync(ZaloWebhooks.Follow(follower))).Dispose();
        }

        await Eventually.UntilAsync(async () => await CountAsync(app, OutboxStatus.Pending, "246845883529619796") == late.Length, "the late replies wait");
        app.Emulator.ClearFaults();

        var done = await UntilStatusAsync(admin, id, "completed");
        await Eventually.UntilAsync(async () => await CountAsync(app, OutboxStatus.Sent, "246845883529619796") == late.Length, "the late replies went");
        Assert.That((done.Total("sent"), done.Total("failed")), Is.EqualTo((20L, 0L)), "every announcement message was delivered after the outage");
        foreach (var resident in residents)
        {
            Assert.That(app.Emulator.MessagesIn("user:" + resident), Has.Count.EqualTo(1), resident);
        }

        foreach (var follower in early)
        {
            Assert.That(app.Emulator.MessagesIn("user:" + follower), Is.Empty, "an expired reply is never sent late");
        }

        Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE status NOT IN ('sent', 'expired')"), Is.Zero,
            "none failed, none left behind");
        Assert.That(await app.QueryScalarAsync<string>("SELECT error_reason FROM outbox_messages WHERE status = 'expired' LIMIT 1"),
            Does.StartWith("Quá 2 giây vẫn chưa gửi được vì Zalo gián đoạn"));
        Assert.That(await app.QueryScalarAsync<long>("SELECT SUM(attempts) FROM outbox_messages"), Is.EqualTo(app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage).Count),
            "an attempt is only counted when Zalo was called: none was spent while the circuit was open");
        Assert.That(OutboxCheck(await ReadyAsync(app), "status"), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task A_resident_whose_reply_expired_gets_one_apology_with_the_menu_when_they_next_write()
    {
        const string Resident = "2468458835296197970";
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: OutageSettings());
        using var webhooks = app.CreateClient();
        TakeZaloDown(app);
        (await webhooks.PostSignedAsync(ZaloWebhooks.UserText(Resident, "outage-1", "Cài VNeID thế nào?"))).Dispose();
        await Eventually.UntilAsync(async () => await CountAsync(app, OutboxStatus.Expired, Resident) == 1, "the reply expired");
        app.Emulator.ClearFaults();

        (await webhooks.PostSignedAsync(ZaloWebhooks.UserText(Resident, "outage-2", "dịch vụ công"))).Dispose();
        await Eventually.UntilAsync(() => app.Emulator.MessagesIn("user:" + Resident).Count == 1, "the resident got an answer");
        var apology = app.Emulator.MessagesIn("user:" + Resident).Single();
        Assert.That(apology.Text, Does.StartWith(GuideTexts.AfterOutage).And.Contain("1. "), "the apology comes with the numbered menu");
        Assert.That(apology.Message!["attachment"]!["payload"]!["buttons"]!.AsArray(), Is.Not.Empty, "and its buttons");

        (await webhooks.PostSignedAsync(ZaloWebhooks.UserText(Resident, "outage-3", "dịch vụ công"))).Dispose();
        await Eventually.UntilAsync(() => app.Emulator.MessagesIn("user:" + Resident).Count >= 2, "the next message was answered");
        Assert.That(app.Emulator.MessagesIn("user:" + Resident)[1].Text, Does.Not.Contain(GuideTexts.AfterOutage), "one apology, not one per message");
    }

    [Test]
    public async Task Announcement_messages_that_outlast_the_delivery_horizon_fail_with_the_reason_and_the_announcement_completes()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: OutageSettings(deliveryHorizon: "00:00:01"));
        await SeedResidentsAsync(app, "9410", 5, "DEMO-TANLAP-3", DateTimeOffset.UtcNow, TimeSpan.FromHours(3));
        using var admin = app.Client(ProvinceKey);
        TakeZaloDown(app);
        var id = (await CreateAsync(admin, new { title = "Thông báo không qua được", text = "Nội dung.", audience = "residents", unitCodes = new[] { "DEMO-TANLAP-3" }, urgent = true }))
            .GetProperty("id").GetInt64();

        await PostAsync(admin, id, "send");

        var done = await UntilStatusAsync(admin, id, "completed");
        Assert.That((done.Total("sent"), done.Total("failed")), Is.EqualTo((0L, 5L)));
        var reason = done.GetProperty("failedBy")[0].GetProperty("reason").GetString();
        Assert.That(reason, Does.StartWith("Quá 1 giây vẫn chưa gửi được vì Zalo gián đoạn"));
    }

    [Test]
    public async Task The_error_box_lists_expired_replies_with_their_reason_and_offers_no_late_resend()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("""
                INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, priority, status, attempts, next_attempt_at, error_code, error_reason, created_at)
                VALUES ('test:expired', 'user', 'resident-expired', '{"text":"x"}', 0, 'expired', 3, 0, 503, 'Quá 60 phút vẫn chưa gửi được vì Zalo gián đoạn', 0),
                       ('test:failed', 'user', 'resident-blocked', '{"text":"x"}', 0, 'failed', 1, 0, -217, 'Người nhận đã chặn lời mời từ OA', 0)
                """);
        }

        using var console = await ConsoleClient.SignInAsync(app, ProvinceKey);
        var page = await console.GetStringAsync("/admin/dead-letters");

        Assert.That(page, Does.Contain("(1 lỗi, 1 quá hạn)"));
        var expired = page[page.IndexOf("data-status=\"expired\"", StringComparison.Ordinal)..];
        expired = expired[..expired.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.That(expired, Does.Contain("Quá hạn, không gửi").And.Contain("Zalo gián đoạn").And.Not.Contain("RetryMessage"));
        var failed = page[page.IndexOf("data-status=\"failed\"", StringComparison.Ordinal)..];
        Assert.That(failed[..failed.IndexOf("</tr>", StringComparison.Ordinal)], Does.Contain("RetryMessage"), "a failed message can still be sent again");
    }

    [Test]
    public async Task An_oa_outage_holds_back_only_the_oas_messages_and_the_bots_go_on()
    {
        var settings = OutageSettings();
        // The circuit stays open for the whole test: no trial send could let a message through by chance.
        settings["Zalo:Client:CircuitBreakDuration"] = "00:01:00";
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: settings);
        using var webhooks = app.CreateClient();
        TakeZaloDown(app);

        foreach (var resident in Enumerable.Range(9301, 6))
        {
            (await webhooks.PostSignedAsync(ZaloWebhooks.UserText($"{resident}", $"msg-oa-outage-{resident}", "vneid"))).Dispose();
        }

        await Eventually.UntilAsync(async () => OutboxCheck(await ReadyAsync(app), "status") == "Degraded", "the OA's sends paused while its circuit is open");

        var bot = new BotChatDriver(app, webhooks);
        var answer = await bot.PrivateAsync("u-outage", "vneid");
        Assert.That(answer.Single(), Does.StartWith("📋 Cài VNeID"), "the bot's answer went out during the OA's outage");
        var ready = await ReadyAsync(app);
        Assert.That(OutboxCheck(ready, "description"), Does.Contain("zalo_oa for").And.Not.Contain("zalo_bot"), "readiness names the paused channel");
        Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE via = 'zalo_oa' AND status = 'sent'"), Is.Zero,
            "nothing went through the OA");
    }

    [Test]
    public void While_paused_only_one_trial_goes_and_an_announcement_trial_waits_until_no_reply_is_due()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var signal = new OutboxSignal();
        var pause = new SendPause(clock, signal);
        Assert.That((pause.Allowance(OutboxLane.Replies, 200), pause.TryBeginSend()), Is.EqualTo((200, true)), "not paused");

        pause.Pause(TimeSpan.FromSeconds(30));
        Assert.That((pause.Allowance(OutboxLane.Replies, 200), pause.Allowance(OutboxLane.Announcements, 200), pause.TryBeginSend()),
            Is.EqualTo((0, 0, false)), "nothing goes while the circuit is open");
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(pause.Allowance(OutboxLane.Announcements, 200), Is.Zero, "a reply may be due: the reply lane looks first");
        pause.RepliesLooked(due: true);
        Assert.That((pause.Allowance(OutboxLane.Replies, 200), pause.Allowance(OutboxLane.Announcements, 200)), Is.EqualTo((1, 0)));
        Assert.That((pause.TryBeginSend(), pause.TryBeginSend()), Is.EqualTo((true, false)), "one trial at a time");
        pause.TrialFailed();
        pause.RepliesLooked(due: false);
        Assert.That(pause.Allowance(OutboxLane.Announcements, 200), Is.EqualTo(1), "no reply waits: an announcement message may try");

        pause.Resume();
        Assert.That((pause.Since, pause.Allowance(OutboxLane.Announcements, 200)), Is.EqualTo(((DateTimeOffset?)null, 200)));
        Assert.That(signal.Of(OutboxLane.Replies).WaitAsync(TimeSpan.Zero, CancellationToken.None).Result, Is.True, "the lanes are woken");
    }
}
