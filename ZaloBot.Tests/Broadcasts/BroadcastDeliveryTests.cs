using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Broadcasts;
using ZaloBot.Guides;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;
using static ZaloBot.Tests.Broadcasts.BroadcastHarness;

namespace ZaloBot.Tests.Broadcasts;

/// <summary>
/// Announcements against the Zalo emulator over real HTTP, with the send rate limited. They are marked urgent so
/// the night rule (tested on its own with a fake clock) does not hold them when the tests run in Vietnam's night.
/// </summary>
public sealed class BroadcastDeliveryTests
{
    private static object Residents(string title, string village) => new
    {
        title,
        text = "Ngày 30/11 Tổ công nghệ số cộng đồng hỗ trợ cài VNeID tại nhà văn hóa thôn, từ 7 giờ 30. Bà con mang theo căn cước.",
        audience = "residents",
        unitCodes = new[] { village },
        urgent = true,
    };

    private static Task<long> UnsentAsync(TestApp app) =>
        app.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE status IN ('pending', 'sending')");

    private static string RecipientOf(ZaloEmulatorCall call) => call.Body?["recipient"]?["user_id"]?.GetValue<string>() ?? "";

    [Test]
    public async Task A_1000_recipient_broadcast_reaches_everyone_once_and_a_welcome_is_not_held_behind_it()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings(sendsPerSecond: 200));
        var residents = await SeedResidentsAsync(app, "9100", 1000, "DEMO-TANLAP-2", DateTimeOffset.UtcNow, TimeSpan.FromHours(3));
        using var admin = app.Client(ProvinceKey);
        using var webhooks = app.CreateClient();
        var id = (await CreateAsync(admin, Residents("Thông báo lịch hỗ trợ VNeID", "DEMO-TANLAP-2"))).GetProperty("id").GetInt64();

        await PostAsync(admin, id, "send");
        await Eventually.UntilAsync(() => app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage).Count >= 200, "the first 200 were sent", 60);
        // A resident follows mid-broadcast (outside the village, so not a recipient): the welcome is an ordinary reply.
        (await webhooks.PostSignedAsync(ZaloWebhooks.Follow("8200000000000000001"))).Dispose();
        var status = await UntilStatusAsync(admin, id, "completed", 120);

        var calls = app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage).ToList();
        var broadcastCalls = calls.Where(c => RecipientOf(c).StartsWith("9100", StringComparison.Ordinal)).ToList();
        Assert.That(broadcastCalls.GroupBy(RecipientOf).Select(g => g.Count()), Has.All.EqualTo(1), "nobody got it twice");
        Assert.That(broadcastCalls.Select(RecipientOf).ToHashSet(), Is.EquivalentTo(residents), "everybody got it");
        Assert.That(Shown(app.Emulator, "Thông báo lịch hỗ trợ VNeID"), Has.Count.EqualTo(1000));
        Assert.That((status.Total("recipients"), status.Total("sent"), status.Total("queued"), status.Total("failed")), Is.EqualTo((1000L, 1000L, 0L, 0L)));

        // The calls in the order Zalo got them: the rate itself is the limiter's to keep (ZaloSendRateLimiterTests,
        // on a fake clock) and the benchmark's to measure.
        var welcome = calls.FindIndex(c => RecipientOf(c) == "8200000000000000001");
        Assert.That(calls[welcome].Body!["message"]!["text"]!.GetValue<string>(), Does.StartWith("Chào mừng bà con đến với Tổ công nghệ số cộng đồng"));
        Assert.That(calls.Skip(welcome + 1).Count(c => RecipientOf(c).StartsWith("9100", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(300),
            "the welcome went out while most of the broadcast was still to send");
    }

    [Test]
    public async Task Stopping_the_host_halfway_and_starting_again_completes_the_broadcast_with_at_most_one_duplicate()
    {
        var database = TestApp.NewDatabasePath();
        List<string> residents;
        long id;
        ZaloEmulatorState firstEmulator;
        await using (var first = new TestApp(database, settings: Settings(sendsPerSecond: 100)))
        {
            residents = [.. await SeedResidentsAsync(first, "9200", 600, "DEMO-TANLAP-2", DateTimeOffset.UtcNow, TimeSpan.FromHours(3))];
            using var admin = first.Client(ProvinceKey);
            id = (await CreateAsync(admin, Residents("Thông báo dừng giữa chừng", "DEMO-TANLAP-2"))).GetProperty("id").GetInt64();
            await PostAsync(admin, id, "send");
            firstEmulator = first.Emulator;
            await Eventually.UntilAsync(() => Shown(firstEmulator, "Thông báo dừng giữa chừng").Count >= 200, "a third was sent", 60);
        }

        var beforeStop = Shown(firstEmulator, "Thông báo dừng giữa chừng");
        Assert.That(beforeStop, Has.Count.LessThan(600), "the host stopped halfway");

        await using var second = new TestApp(database, settings: Settings(sendsPerSecond: 100));
        using var restartedAdmin = second.Client(ProvinceKey);
        var status = await UntilStatusAsync(restartedAdmin, id, "completed", 120);

        var shown = beforeStop.Concat(Shown(second.Emulator, "Thông báo dừng giữa chừng")).ToList();
        var perResident = shown.GroupBy(m => m.Conversation).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(residents.Where(r => !perResident.ContainsKey("user:" + r)), Is.Empty, "nobody was lost");
        Assert.That(shown.Count - residents.Count, Is.LessThanOrEqualTo(1), "at most one duplicate for one stop");
        Assert.That((status.Total("sent"), status.Total("queued"), status.Total("cancelled")), Is.EqualTo((600L, 0L, 0L)));
    }

    [Test]
    public async Task Cancel_halfway_leaves_the_rest_unsent_and_the_status_and_audit_say_so()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings(sendsPerSecond: 50));
        await SeedResidentsAsync(app, "9300", 500, "DEMO-TANLAP-3", DateTimeOffset.UtcNow, TimeSpan.FromHours(3));
        using var admin = app.Client(ProvinceKey);
        var id = (await CreateAsync(admin, Residents("Thông báo sẽ bị hủy", "DEMO-TANLAP-3"))).GetProperty("id").GetInt64();
        await PostAsync(admin, id, "send");
        await Eventually.UntilAsync(() => Shown(app.Emulator, "Thông báo sẽ bị hủy").Count >= 100, "a fifth was sent", 60);

        var cancelled = await PostAsync(admin, id, "cancel");
        Assert.That(cancelled.GetProperty("status").GetString(), Is.EqualTo("cancelled"));

        // Sends already under way finish; then a whole round of the runner and of the announcements' sender hands
        // nothing more to Zalo.
        await Eventually.UntilAsync(async () => await UnsentAsync(app) == 0, "the sends under way finished", 60);
        var settled = Shown(app.Emulator, "Thông báo sẽ bị hủy").Count;
        await app.Services.GetRequiredService<BroadcastRunner>().WhenRoundDoneAsync();
        Assert.That(await UnsentAsync(app), Is.Zero, "the runner queued nothing after the cancel");
        Assert.That(Shown(app.Emulator, "Thông báo sẽ bị hủy"), Has.Count.EqualTo(settled), "nothing was sent after the cancel settled");
        Assert.That(settled, Is.LessThan(300));

        var status = await StatusAsync(admin, id);
        Assert.That(status.Total("sent"), Is.EqualTo(settled));
        Assert.That(status.Total("cancelled"), Is.EqualTo(500 - settled));
        Assert.That((status.Total("recipients"), status.Total("queued")), Is.EqualTo((500L, 0L)));
        Assert.That(status.GetProperty("summary").GetString(),
            Does.StartWith("Đã hủy lúc").And.Contain($"Đã gửi {settled}/500 người nhận").And.Contain($"{500 - settled} đã hủy, không gửi"));
        var audit = status.GetProperty("audit").EnumerateArray()
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())).ToList();
        Assert.That(audit, Is.EqualTo(new (string?, string?)[]
        {
            ("created", "Quản trị tỉnh (Sandbox)"), ("sent", "Quản trị tỉnh (Sandbox)"), ("started", "hệ thống"), ("cancelled", "Quản trị tỉnh (Sandbox)"),
        }));

        using var again = await admin.PostAsync($"/admin/api/broadcasts/{id}/cancel", null);
        Assert.That((int)again.StatusCode, Is.EqualTo(409), "a cancelled broadcast cannot be cancelled or sent again");
    }
}
