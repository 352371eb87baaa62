using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZaloBot.AdminAuth;
using ZaloBot.Broadcasts;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;
using static ZaloBot.Tests.Broadcasts.BroadcastHarness;

namespace ZaloBot.Tests.Broadcasts;

/// <summary>The console overview's last announcements (<see cref="BroadcastOperations.LatestAsync"/>), read in one query.</summary>
public sealed class BroadcastOverviewTests
{
    private static readonly Officer ProvinceAdmin = new("", new AdminKey("Quản trị tỉnh (Sandbox)", AdminRole.Province, null));

    private static readonly Officer TanLapOfficer = new("", new AdminKey(OfficerName, AdminRole.Officer, "19462"));

    private static object Announcement(string title, params string[] unitCodes) =>
        new { title, text = "Mời các tổ họp lúc 8 giờ sáng thứ Hai tại nhà văn hóa.", audience = "groups", unitCodes };

    [Test]
    public async Task The_overview_lists_the_latest_announcements_newest_first_with_the_summary_their_own_status_gives()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        using var admin = app.Client(ProvinceKey);
        var sent = (await CreateAsync(admin, Announcement("Họp tổ tháng 12", "19462"))).GetProperty("id").GetInt64();
        await PostAsync(admin, sent, "send");
        await UntilStatusAsync(admin, sent, "completed");
        var cancelled = (await CreateAsync(admin, Announcement("Họp tổ bị hoãn", "19462"))).GetProperty("id").GetInt64();
        await PostAsync(admin, cancelled, "cancel");
        var draft = (await CreateAsync(admin, Announcement("Lịch trực tháng 1", "19462"))).GetProperty("id").GetInt64();

        var lines = await app.Services.GetRequiredService<BroadcastOperations>().LatestAsync(ProvinceAdmin, 5);

        Assert.That(lines.Select(l => (l.Id, l.Title)), Is.EqualTo(new[]
        {
            (draft, "Lịch trực tháng 1"), (cancelled, "Họp tổ bị hoãn"), (sent, "Họp tổ tháng 12"),
        }));
        Assert.That(lines[2].Summary, Is.EqualTo((await StatusAsync(admin, sent)).GetProperty("summary").GetString())
            .And.Contain("Đã gửi 1/1 người nhận"));
        Assert.That(lines[1].Summary, Is.EqualTo((await StatusAsync(admin, cancelled)).GetProperty("summary").GetString()));
        Assert.That(lines[0].Summary, Is.EqualTo("Bản nháp, chưa gửi."), "a draft's reach is counted on its own page");
    }

    [Test]
    public async Task An_officers_overview_holds_only_announcements_addressed_within_their_commune_and_no_more_than_asked()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        using var admin = app.Client(ProvinceKey);
        var ids = new List<long>();
        foreach (var (title, units) in new[]
        {
            ("Cả tỉnh", Array.Empty<string>()), ("Tân Lập 1", new[] { "19462" }), ("Hướng Lập", new[] { "DEMO-HUONGLAP-1" }),
            ("Tân Lập 2", new[] { "DEMO-TANLAP-1" }), ("Tân Lập và Hướng Lập", new[] { "19462", "DEMO-HUONGLAP-1" }), ("Tân Lập 3", new[] { "19462" }),
        })
        {
            ids.Add((await CreateAsync(admin, Announcement(title, units))).GetProperty("id").GetInt64());
        }

        var operations = app.Services.GetRequiredService<BroadcastOperations>();
        var officers = await operations.LatestAsync(TanLapOfficer, 2);
        var province = await operations.LatestAsync(ProvinceAdmin, 10);

        Assert.That(officers.Select(l => l.Title), Is.EqualTo(new[] { "Tân Lập 3", "Tân Lập 2" }));
        Assert.That(province.Select(l => l.Id), Is.EqualTo(Enumerable.Reverse(ids)));
    }

    [Test]
    public async Task Right_after_send_now_the_list_the_overview_and_the_announcements_page_give_the_same_status()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        using var admin = app.Client(ProvinceKey);
        // 23:00 tomorrow, Vietnam time: in the future for the API, inside the night for residents.
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).Date.AddDays(1);
        var at = new DateTimeOffset(tomorrow.AddHours(23), TimeSpan.FromHours(7));
        var sendAt = at.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var groups = (await CreateAsync(admin, Announcement("Họp tổ", "19462"))).GetProperty("id").GetInt64();
        var residents = (await CreateAsync(admin, new { title = "Lịch tiêm", text = "Bà con đưa trẻ đi tiêm.", audience = "residents", unitCodes = new[] { "19462" } }))
            .GetProperty("id").GetInt64();
        await PostAsync(admin, groups, "schedule", new { sendAt });
        await PostAsync(admin, residents, "schedule", new { sendAt });

        // The moment the send time has come (or «Gửi ngay» was pressed) and before the runner has started them.
        var due = new BroadcastOperations(
            app.Services.GetRequiredService<Db>(), new FakeTimeProvider(at.AddMinutes(1)), app.Services.GetRequiredService<BroadcastSignal>());
        var list = await due.ListAsync(ProvinceAdmin, null, null);
        var overview = await due.LatestAsync(ProvinceAdmin, 5);
        foreach (var (id, expected) in new[] { (groups, "Đang gửi"), (residents, "Tạm dừng ban đêm, gửi tiếp lúc 06:00 " + tomorrow.AddDays(1).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)) })
        {
            var page = (await due.GetAsync(id)).Value!;
            var listed = list.Single(b => b.Id == id);
            Assert.That((page.Status, page.StatusText), Is.EqualTo(("sending", expected)), "the announcement's page");
            Assert.That((listed.Status, listed.StatusText), Is.EqualTo(("sending", expected)), "the list");
            Assert.That(overview.Single(l => l.Id == id).Summary, Is.EqualTo(expected + "."), "the overview");
            Assert.That(page.Summary, Does.StartWith(expected + ". "));
        }
    }
}
