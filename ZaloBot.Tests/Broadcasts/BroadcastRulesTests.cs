using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZaloBot.Broadcasts;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;
using static ZaloBot.Tests.Broadcasts.BroadcastHarness;

namespace ZaloBot.Tests.Broadcasts;

/// <summary>The 7-day window, the night rule, send times and officers' scope, each through the admin API.</summary>
public sealed class BroadcastRulesTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static string[] AuditActions(JsonElement status) =>
        status.GetProperty("audit").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray();

    [Test]
    public async Task Members_outside_the_7_day_window_are_counted_as_such_and_never_attempted_and_receipts_show_in_the_status()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        var now = DateTimeOffset.UtcNow;
        await SeedMemberAsync(app, "DEMO-TANLAP-1", "7100000000000000001", "Nguyễn Văn An", now, TimeSpan.FromDays(2));
        await SeedMemberAsync(app, "DEMO-TANLAP-1", "7100000000000000002", "Trần Thị Bình", now, TimeSpan.FromDays(8));
        await SeedMemberAsync(app, "DEMO-TANLAP-1", "7100000000000000003", "Lê Văn Cường", now, null);
        await SeedMemberAsync(app, "DEMO-HUONGLAP-1", "7100000000000000004", "Hồ Văn Dũng", now, TimeSpan.FromDays(1));
        using var admin = app.Client(ProvinceKey);
        var request = new { title = "Họp tổ tháng 12", text = "Mời các thành viên họp lúc 8 giờ sáng thứ Hai tại nhà văn hóa.", audience = "members", unitCodes = new[] { "19462" } };

        using (var previewResponse = await admin.PostAsJsonAsync("/admin/api/broadcasts/preview", request))
        {
            var preview = await previewResponse.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That((preview.GetProperty("recipients").GetInt64(), preview.GetProperty("willSend").GetInt64(), preview.GetProperty("outOfWindow").GetInt64()),
                Is.EqualTo((3L, 1L, 2L)), "the member of Xã Hướng Lập is not in the audience");
            Assert.That(preview.GetProperty("summary").GetString(), Does.Contain("2 ngoài thời hạn 7 ngày"));
        }

        var id = (await CreateAsync(admin, request)).GetProperty("id").GetInt64();
        await PostAsync(admin, id, "send");
        var status = await UntilStatusAsync(admin, id, "completed");

        Assert.That((status.Total("recipients"), status.Total("sent"), status.Total("skipped"), status.Total("outOfWindow"), status.Total("queued")),
            Is.EqualTo((3L, 1L, 2L, 2L, 0L)));
        Assert.That(status.GetProperty("summary").GetString(), Does.Contain("Đã gửi 1/3 người nhận").And.Contain("2 ngoài thời hạn 7 ngày"));
        var calls = app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage);
        Assert.That(calls.Select(c => c.Body!["recipient"]!["user_id"]!.GetValue<string>()), Is.EqualTo(new[] { "7100000000000000001" }),
            "nobody outside the window was attempted");

        var skipped = await admin.GetFromJsonAsync<JsonElement>($"/admin/api/broadcasts/{id}/recipients?state=skipped");
        Assert.That(skipped.EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("reason").GetString())),
            Is.EquivalentTo(new[] { ("Trần Thị Bình", "ngoài thời hạn 7 ngày"), ("Lê Văn Cường", "ngoài thời hạn 7 ngày") }));

        // Zalo's receipts reach the recipient through its outbox row.
        var messageId = app.Emulator.MessagesIn("user:7100000000000000001").Single().MessageId;
        using var webhooks = app.CreateClient();
        (await webhooks.PostSignedAsync(Receipt("user_received_message", "7100000000000000001", $"\"msg_id\":\"{messageId}\""))).Dispose();
        await Eventually.UntilAsync(async () => (await StatusAsync(admin, id)).Total("delivered") == 1, "delivered");
        (await webhooks.PostSignedAsync(Receipt("user_seen_message", "7100000000000000001", $"\"msg_ids\":[\"{messageId}\"]"))).Dispose();
        await Eventually.UntilAsync(async () => (await StatusAsync(admin, id)).Total("seen") == 1, "seen");
        status = await StatusAsync(admin, id);
        Assert.That((status.Total("sent"), status.Total("delivered"), status.Total("seen")), Is.EqualTo((1L, 1L, 1L)), "sent and delivered include seen");
        var seen = await admin.GetFromJsonAsync<JsonElement>($"/admin/api/broadcasts/{id}/recipients?state=seen");
        Assert.That(seen.EnumerateArray().Single().GetProperty("recipientId").GetString(), Is.EqualTo("7100000000000000001"));
    }

    [Test]
    public async Task Residents_get_nothing_between_22_and_6_unless_urgent_and_the_held_messages_go_at_6()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 23, 0, 0, Vietnam));
        await using var app = new TestApp(TestApp.NewDatabasePath(), services => services.AddSingleton<TimeProvider>(clock), Settings());
        await SeedResidentsAsync(app, "9400", 3, "DEMO-TANLAP-1", clock.GetUtcNow(), TimeSpan.FromHours(1));
        using var admin = app.Client(ProvinceKey);
        object Residents(string title, bool urgent) => new
        {
            title, text = "Mưa lớn, bà con chú ý an toàn.", audience = "residents", unitCodes = new[] { "DEMO-TANLAP-1" }, urgent,
        };

        var sixAm = new DateTimeOffset(2026, 11, 29, 6, 0, 0, Vietnam);
        using (var previewResponse = await admin.PostAsJsonAsync("/admin/api/broadcasts/preview", Residents("x", urgent: false)))
        {
            var preview = await previewResponse.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(preview.GetProperty("heldUntil").GetDateTimeOffset(), Is.EqualTo(sixAm));
        }

        var night = (await CreateAsync(admin, Residents("Thông báo thường", urgent: false))).GetProperty("id").GetInt64();
        var urgent = (await CreateAsync(admin, Residents("Thông báo khẩn", urgent: true))).GetProperty("id").GetInt64();
        var groups = (await CreateAsync(admin, new { title = "Thông báo cho tổ", text = "Tổ trực đêm nay.", audience = "groups", unitCodes = new[] { "DEMO-TANLAP-1" } }))
            .GetProperty("id").GetInt64();
        foreach (var id in new[] { night, urgent, groups })
        {
            await PostAsync(admin, id, "send");
        }

        await UntilStatusAsync(admin, urgent, "completed");
        await UntilStatusAsync(admin, groups, "completed");
        await Eventually.UntilAsync(async () => (await StatusAsync(admin, night)).GetProperty("heldUntil").ValueKind == JsonValueKind.String, "held");
        // A whole step of the runner after the hold: at night it hands nothing to the outbox.
        await app.Services.GetRequiredService<BroadcastRunner>().WhenRoundDoneAsync();
        Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = @Id AND status <> 'waiting'", new { Id = night }),
            Is.Zero, "every recipient waits for the morning, none is in the outbox");
        var held = await StatusAsync(admin, night);
        Assert.That(held.GetProperty("status").GetString(), Is.EqualTo("sending"));
        Assert.That(held.GetProperty("heldUntil").GetDateTimeOffset(), Is.EqualTo(sixAm));
        Assert.That((held.Total("sent"), held.Total("queued")), Is.EqualTo((0L, 3L)));
        Assert.That(held.GetProperty("summary").GetString(), Does.StartWith("Tạm dừng ban đêm, gửi tiếp lúc 06:00 29/11/2026"));
        Assert.That(Shown(app.Emulator, "Thông báo thường"), Is.Empty, "nothing reached a resident at night");
        Assert.That(Shown(app.Emulator, "Thông báo khẩn"), Has.Count.EqualTo(3), "urgent goes at once");
        Assert.That(app.Emulator.MessagesIn("group:" + SandboxSeed.DemoGroupId).Select(m => m.Text), Has.One.StartWith("Thông báo cho tổ"),
            "team groups are not held");

        clock.SetUtcNow(sixAm.AddSeconds(1));
        var done = await UntilStatusAsync(admin, night, "completed");

        Assert.That(Shown(app.Emulator, "Thông báo thường"), Has.Count.EqualTo(3));
        Assert.That(AuditActions(done), Is.EqualTo(new[] { "created", "sent", "started", "held", "resumed", "completed" }));
        Assert.That(done.GetProperty("heldUntil").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Sending_to_an_audience_nobody_can_be_reached_in_is_refused_with_the_reason_and_sends_nothing()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        var now = DateTimeOffset.UtcNow;
        await SeedMemberAsync(app, "DEMO-TANLAP-1", "7100000000000000011", "Trần Thị Bình", now, TimeSpan.FromDays(8));
        await SeedMemberAsync(app, "DEMO-TANLAP-1", "7100000000000000012", "Lê Văn Cường", now, null);
        using var admin = app.Client(ProvinceKey);
        var id = (await CreateAsync(admin, new { title = "Họp tổ", text = "Mời các thành viên họp.", audience = "members", unitCodes = new[] { "19462" } }))
            .GetProperty("id").GetInt64();

        using var response = await admin.PostAsJsonAsync($"/admin/api/broadcasts/{id}/send", new { });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("0/2 người nhận: cả 2 ngoài thời hạn 7 ngày"));
        var status = await StatusAsync(admin, id);
        Assert.That((status.GetProperty("status").GetString(), AuditActions(status)), Is.EqualTo(("draft", new[] { "created" })), "nothing changed");
        Assert.That(app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Is.Empty);
    }

    [Test]
    public async Task A_scheduled_broadcast_waits_for_its_time_and_a_team_without_a_group_is_counted_as_skipped()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, Vietnam));
        await using var app = new TestApp(TestApp.NewDatabasePath(), services => services.AddSingleton<TimeProvider>(clock), Settings());
        using var admin = app.Client(ProvinceKey);
        using (var team = await admin.PostAsJsonAsync("/admin/api/teams", new { unitCode = "DEMO-TANLAP-2", leaderPhone = "0905111222" }))
        {
            team.EnsureSuccessStatusCode();
        }

        var created = await CreateAsync(admin, new { title = "Lịch trực tuần", text = "Tổ trực tại nhà văn hóa từ thứ Hai.", audience = "groups", unitCodes = new[] { "19462" } });
        var id = created.GetProperty("id").GetInt64();
        Assert.That(created.GetProperty("preview").GetProperty("summary").GetString(),
            Is.EqualTo("Sẽ gửi tới 1/2 người nhận; 1 tổ chưa kết nối nhóm Zalo."));
        Assert.That(created.GetProperty("preview").GetProperty("unconnected").EnumerateArray().Select(t => t.GetProperty("name").GetString()),
            Is.EqualTo(new[] { "Tổ CNSCĐ Thôn Tân Hòa" }), "the team without a group is named");

        using (var past = await admin.PostAsJsonAsync($"/admin/api/broadcasts/{id}/schedule", new { sendAt = "2026-11-28T08:00" }))
        {
            Assert.That(past.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a time already past");
        }

        var scheduled = await PostAsync(admin, id, "schedule", new { sendAt = "2026-11-28T10:00" });
        Assert.That(scheduled.GetProperty("scheduledAt").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 11, 28, 10, 0, 0, Vietnam)));
        Assert.That(scheduled.GetProperty("summary").GetString(), Does.StartWith("Đã hẹn giờ gửi lúc 10:00 28/11/2026."));
        await app.Services.GetRequiredService<BroadcastRunner>().WhenRoundDoneAsync();
        Assert.That((await StatusAsync(admin, id)).GetProperty("status").GetString(), Is.EqualTo("scheduled"), "the runner looked and left it for its time");
        Assert.That(app.Emulator.CallsTo(ZaloEmulatorPaths.GroupMessage), Is.Empty);

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 10, 0, 1, Vietnam));
        var status = await UntilStatusAsync(admin, id, "completed");

        Assert.That(app.Emulator.MessagesIn("group:" + SandboxSeed.DemoGroupId).Select(m => m.Text),
            Is.EqualTo(new[] { "Lịch trực tuần\n\nTổ trực tại nhà văn hóa từ thứ Hai." }));
        Assert.That((status.Total("recipients"), status.Total("sent"), status.Total("skipped")), Is.EqualTo((2L, 1L, 1L)));
        Assert.That(status.GetProperty("skippedBy").EnumerateArray().Single().GetProperty("text").GetString(), Is.EqualTo("tổ chưa kết nối nhóm Zalo"));
        Assert.That(AuditActions(status), Is.EqualTo(new[] { "created", "scheduled", "started", "completed" }));
        Assert.That(status.GetProperty("audit")[1].GetProperty("actor").GetString(), Is.EqualTo("Quản trị tỉnh (Sandbox)"));
    }

    [Test]
    public async Task An_officer_can_address_their_commune_only_and_gets_403_for_writes_and_404_for_reads_outside_it()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        using var officer = app.Client(OfficerKey);
        using var province = app.Client(ProvinceKey);
        object Request(string audience, params string[] units) => new { title = "Thông báo", text = "Nội dung.", audience, unitCodes = units };

        foreach (var (request, what) in new[]
                 {
                     (Request("groups", "DEMO-HUONGLAP-1"), "a village of another commune"),
                     (Request("members", "DEMO-TANLAP-1", "44"), "the province among its units"),
                     (Request("groups"), "every team group"),
                     (Request("residents"), "every resident"),
                 })
        {
            using var create = await officer.PostAsJsonAsync("/admin/api/broadcasts", request);
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), what);
            using var preview = await officer.PostAsJsonAsync("/admin/api/broadcasts/preview", request);
            Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), what);
        }

        using (var refused = await officer.PostAsJsonAsync("/admin/api/broadcasts", Request("groups", "19435")))
        {
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("Đơn vị “19435” nằm ngoài phạm vi của bạn"));
        }

        var own = await CreateAsync(officer, Request("groups", "demo-tanlap-1", " 19462 "));
        Assert.That(own.GetProperty("createdBy").GetString(), Is.EqualTo(OfficerName));
        var provincial = (await CreateAsync(province, Request("groups"))).GetProperty("id").GetInt64();

        using (var other = await officer.GetAsync($"/admin/api/broadcasts/{provincial}"))
        {
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a read outside their commune does not confirm it exists");
        }

        using (var cancel = await officer.PostAsync($"/admin/api/broadcasts/{provincial}/cancel", null))
        {
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        var officerList = await officer.GetFromJsonAsync<JsonElement>("/admin/api/broadcasts");
        Assert.That(officerList.EnumerateArray().Select(b => b.GetProperty("id").GetInt64()), Is.EqualTo(new[] { own.GetProperty("id").GetInt64() }));
        var provinceList = await province.GetFromJsonAsync<JsonElement>("/admin/api/broadcasts");
        Assert.That(provinceList.GetArrayLength(), Is.EqualTo(2), "a province admin sees everything");
        using var anonymous = app.CreateClient();
        using var noKey = await anonymous.GetAsync("/admin/api/broadcasts");
        Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_draft_is_edited_through_the_api_with_the_consoles_rules_and_once_sent_an_edit_is_refused_with_409()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        using var province = app.Client(ProvinceKey);
        using var officer = app.Client(OfficerKey);
        object Request(string title, params string[] units) => new { title, text = "Mời các tổ họp lúc 8 giờ.", audience = "groups", unitCodes = units };
        var id = (await CreateAsync(officer, Request("Họp tổ", "19462"))).GetProperty("id").GetInt64();

        using (var edited = await officer.PutAsJsonAsync($"/admin/api/broadcasts/{id}", Request("Họp tổ, đổi giờ", "DEMO-TANLAP-1")))
        {
            Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var status = await StatusAsync(province, id);
        Assert.That((status.GetProperty("title").GetString(), status.GetProperty("units").EnumerateArray().Single().GetProperty("code").GetString()),
            Is.EqualTo(("Họp tổ, đổi giờ", "DEMO-TANLAP-1")));
        Assert.That(AuditActions(status), Is.EqualTo(new[] { "created", "edited" }));
        Assert.That(status.GetProperty("audit")[1].GetProperty("actor").GetString(), Is.EqualTo(OfficerName));

        using (var empty = await officer.PutAsJsonAsync($"/admin/api/broadcasts/{id}", Request(" ", "19462")))
        {
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("title")[0].GetString(),
                Is.EqualTo("Cần tiêu đề thông báo."));
        }

        using (var outside = await officer.PutAsJsonAsync($"/admin/api/broadcasts/{id}", Request("Họp tổ", "DEMO-HUONGLAP-1")))
        {
            Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "an officer cannot move their announcement to another commune");
        }

        var provincial = (await CreateAsync(province, Request("Cả tỉnh"))).GetProperty("id").GetInt64();
        using (var others = await officer.PutAsJsonAsync($"/admin/api/broadcasts/{provincial}", Request("Sửa của tỉnh", "19462")))
        {
            Assert.That(others.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "nor edit one addressed beyond their commune");
        }

        using (var missing = await province.PutAsJsonAsync("/admin/api/broadcasts/987654", Request("Không có", "19462")))
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        Assert.That(AuditActions(await StatusAsync(province, id)), Is.EqualTo(new[] { "created", "edited" }), "no refused edit changed anything");
        Assert.That((await StatusAsync(province, provincial)).GetProperty("title").GetString(), Is.EqualTo("Cả tỉnh"));

        await PostAsync(province, id, "send");
        await UntilStatusAsync(province, id, "completed");
        using var late = await province.PutAsJsonAsync($"/admin/api/broadcasts/{id}", Request("Quá muộn", "19462"));
        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            Does.StartWith("Thông báo đã gửi xong lúc ").And.EndWith("; chỉ sửa được khi chưa gửi."));
        Assert.That((await StatusAsync(province, id)).GetProperty("title").GetString(), Is.EqualTo("Họp tổ, đổi giờ"));
    }

    [Test]
    public async Task Create_refuses_a_message_too_long_for_zalo_an_unknown_unit_and_members_without_units()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Settings());
        using var admin = app.Client(ProvinceKey);

        using var response = await admin.PostAsJsonAsync("/admin/api/broadcasts", new
        {
            title = "Tiêu đề", text = new string('a', 1995), imageUrl = "ftp://x", audience = "members", unitCodes = Array.Empty<string>(),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "text", "imageUrl", "unitCodes" }));
        Assert.That(errors.GetProperty("text")[0].GetString(), Does.Contain("tối đa 2000 ký tự"));

        using var unknown = await admin.PostAsJsonAsync("/admin/api/broadcasts/preview", new { audience = "groups", unitCodes = new[] { "KHONG-CO" } });
        var problem = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("unitCodes")[0].GetString(), Is.EqualTo("Không có đơn vị mã “KHONG-CO”."));

        var document = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.That(document.GetProperty("paths").EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[]
        {
            "/admin/api/broadcasts", "/admin/api/broadcasts/preview", "/admin/api/broadcasts/{id}", "/admin/api/broadcasts/{id}/recipients",
            "/admin/api/broadcasts/{id}/schedule", "/admin/api/broadcasts/{id}/send", "/admin/api/broadcasts/{id}/cancel",
        }));
    }

    private static string Receipt(string eventName, string userId, string messageIds) =>
        $$$"""{"app_id":"{{{TestApp.AppId}}}","event_name":"{{{eventName}}}","timestamp":"{{{ZaloWebhooks.NextTimestamp()}}}","sender":{"id":"oa"},"recipient":{"id":"{{{userId}}}"},"message":{{{{messageIds}}}}}""";
}
