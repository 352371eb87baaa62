using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ZaloBot.Sandbox;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.TeamChat;

/// <summary>
/// The team's day in its Zalo group, end to end: signed webhooks in, the dispatcher, the handler's writes and the
/// replies out. The sample units are loaded by the Sandbox seed; teams are created through the admin API.
/// </summary>
public sealed class TeamChatEndToEndTests
{
    private const string Group = "group-tan-hoa";
    private const string LeaderPhone = "0905111222";
    private const string Leader = "8001";
    private const string Binh = "8002";
    private const string Cuong = "8003";
    private const string Dung = "8004";
    private const string Em = "8005";

    private TestApp _app = null!;
    private HttpClient _client = null!;
    private TeamChatDriver _chat = null!;

    [SetUp]
    public void StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        _client = _app.CreateClient();
        _chat = new TeamChatDriver(_app, _client);
    }

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Creates the Thôn Tân Hòa team, binds the group and registers the leader and four members.</summary>
    private async Task<long> BindAndRegisterFiveAsync()
    {
        var (teamId, code) = await _chat.CreateTeamAsync("DEMO-TANLAP-2", "0905 111 222");
        Assert.That(await _chat.AskGroupAsync(Group, Leader, $"#ketnoi {code}"), Does.StartWith("Đã kết nối nhóm với Tổ CNSCĐ Thôn Tân Hòa"));
        await _chat.AskGroupAsync(Group, Leader, "#dangky Hoàng Văn Minh | 0905 111 222");
        await _chat.AskGroupAsync(Group, Binh, "#dk Trần Thị Bình | 0987 654 321");
        await _chat.AskGroupAsync(Group, Cuong, "#Đăng ký Lê Văn Cường; 0356.789.123");
        await _chat.AskGroupAsync(Group, Dung, "/dangky họ tên: Phạm Văn Dũng sđt: +84 912 000 111");
        await _chat.AskGroupAsync(Group, Em, "#dang ky\nNguyễn Thị Em\n0977 222 333");
        return teamId;
    }

    [Test]
    public async Task A_team_binds_its_group_registers_five_members_reports_households_and_reads_figures_that_match_the_stored_rows()
    {
        var (teamId, code) = await _chat.CreateTeamAsync("DEMO-TANLAP-2", "0905 111 222");

        var bound = await _chat.AskGroupAsync(Group, Leader, $"#ketnoi {code.ToLowerInvariant()}");
        Assert.That(bound, Is.EqualTo(
            "Đã kết nối nhóm với Tổ CNSCĐ Thôn Tân Hòa (Thôn Tân Hòa).\nMọi người đăng ký bằng: #dangky Họ tên | số điện thoại\nGõ #huongdan để xem các lệnh."));

        Assert.That(await _chat.AskGroupAsync(Group, Leader, "#dangky Hoàng Văn Minh | 0905 111 222"), Is.EqualTo(
            $"[@{Leader}] Chào Hoàng Văn Minh, bạn đã vào Tổ CNSCĐ Thôn Tân Hòa với vai trò tổ trưởng (SĐT 09xx xxx 222).\n"
            + "Tổ có 1 thành viên; kế hoạch tổ cấp thôn là 5–8 người, còn thiếu 4 người."));
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#dk Trần Thị Bình | 0987 654 321"), Does.Contain("vai trò thành viên").And.Contain("còn thiếu 3 người"));
        await _chat.AskGroupAsync(Group, Cuong, "#Đăng ký Lê Văn Cường; 0356.789.123");
        await _chat.AskGroupAsync(Group, Dung, "/dangky họ tên: Phạm Văn Dũng sđt: +84 912 000 111");
        Assert.That(await _chat.AskGroupAsync(Group, Em, "#dang ky\nNguyễn Thị Em\n0977 222 333"), Does.EndWith(
            "Tổ có 5 thành viên, đủ theo kế hoạch tổ cấp thôn (5–8 người)."));

        var first = await _chat.AskGroupAsync(Group, Binh, "#hotro Nguyễn Văn An | Thôn Tân Hòa | cài VNeID, kích hoạt định danh mức 2");
        Assert.That(first, Is.EqualTo(
            $"[@{Binh}] Đã ghi HT-0001: hộ Nguyễn Văn An, Thôn Tân Hòa.\nĐã hỗ trợ: VNeID/định danh mức 2.\n"
            + "Sai thì gõ #sua HT-0001 | hỗ trợ: … hoặc #huy HT-0001"));
        // The same household, typed differently by another member: a second assist, still one household.
        var again = await _chat.AskGroupAsync(Group, Cuong, "#ht ông Nguyễn Văn An | tan hoa | mở ví VNPT Money cho bà con");
        Assert.That(again, Does.StartWith($"[@{Cuong}] Đã ghi HT-0002: hộ Nguyễn Văn An, tan hoa.")
            .And.Contain("Đã hỗ trợ: Thanh toán điện tử.")
            .And.Contain("Hộ này đã được tổ hỗ trợ 2 lần (vẫn tính là 1 hộ)."));
        await _chat.AskGroupAsync(Group, Binh, "#hotro Lê Thị Hoa | Thôn Tân Hòa | hướng dẫn nộp hồ sơ khai sinh trên dịch vụ công");
        await _chat.AskGroupAsync(Group, Dung, "#hotro chủ hộ: Trần Văn Bảy | thôn: Tân Hòa | nội dung: đăng ảnh sản phẩm");
        var corrected = await _chat.AskGroupAsync(Group, Dung, "#sua HT-0004 | hỗ trợ: mở gian hàng Postmart, đăng ảnh sản phẩm, mở ví VNPT Money");
        Assert.That(corrected, Is.EqualTo(
            $"[@{Dung}] Đã sửa HT-0004: hộ Trần Văn Bảy, Thôn Tân Hòa.\nĐã hỗ trợ: Thương mại điện tử, Thanh toán điện tử."));
        await _chat.AskGroupAsync(Group, Em, "#hotro Phạm Thị Lan | Thôn Tân Hòa | cài ứng dụng");
        Assert.That(await _chat.AskGroupAsync(Group, Em, "#huy HT-0005"), Does.StartWith($"[@{Em}] Đã hủy HT-0005"));

        var stats = await _chat.AskGroupAsync(Group, Leader, "#thongke tatca");

        // The expected figures come from the stored rows, not from the handler's own queries.
        await using var db = await _app.OpenDatabaseAsync();
        var rows = (await db.QueryAsync<(long Id, string HouseholdKey, string Status, string Member)>("""
            SELECT a.id, a.household_key, a.status, m.full_name FROM household_assists a JOIN team_members m ON m.id = a.member_id
            WHERE a.team_id = @TeamId
            """, new { TeamId = teamId })).ToList();
        var counted = rows.Where(r => r.Status != "cancelled").ToList();
        var categories = (await db.QueryAsync<(long AssistId, string Category)>("SELECT assist_id, category FROM household_assist_categories"))
            .Where(c => counted.Exists(r => r.Id == c.AssistId)).ToList();
        Assert.That(rows, Has.Count.EqualTo(5));
        Assert.That(counted, Has.Count.EqualTo(4));
        Assert.That(counted.Select(r => r.HouseholdKey).Distinct().Count(), Is.EqualTo(3));

        var expected = new List<string>
        {
            "Số liệu từ trước đến nay của Tổ CNSCĐ Thôn Tân Hòa:",
            $"Hộ được hỗ trợ: {counted.Select(r => r.HouseholdKey).Distinct().Count()} hộ ({counted.Count} lượt)",
            "Theo nội dung (lượt):",
        };
        expected.AddRange(categories.GroupBy(c => Enum.Parse<AssistCategory>(c.Category)).OrderBy(g => g.Key)
            .Select(g => $"- {g.Key.DisplayName()}: {g.Count()}"));
        expected.Add("Theo thành viên:");
        expected.AddRange(counted.GroupBy(r => r.Member).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"- {g.Key}: {g.Select(r => r.HouseholdKey).Distinct().Count()} hộ, {g.Count()} lượt"));
        expected.Add("Cách tính: Tổ này đã hỗ trợ (cả hộ ở thôn khác).");
        Assert.That(stats.Split('\n'), Is.EqualTo(expected));
        Assert.That(stats, Does.Contain("- Thanh toán điện tử: 2").And.Contain("- Trần Thị Bình: 2 hộ, 2 lượt"));
    }

    [Test]
    public async Task An_unbound_group_stores_nothing_and_every_command_gets_one_reply_on_how_to_bind()
    {
        const string unbound = "group-chua-ket-noi";
        var teams = await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM teams");

        string[] commands =
        [
            "#dangky Nguyễn Văn An | 0912345678",
            "#hotro Nguyễn Văn An | Thôn Tân Lập | cài VNeID",
            "#thongke",
            "#thanhvien",
            "#huongdan",
            "#hotro thiếu thông tin",
        ];
        foreach (var command in commands)
        {
            Assert.That(await _chat.AskGroupAsync(unbound, "8101", command), Does.StartWith("Nhóm này chưa kết nối với tổ công nghệ số nào"));
        }

        Assert.That(await _chat.AskGroupAsync(unbound, "8101", "#ketnoi KHONGCO"), Does.StartWith("Không có tổ nào có mã “KHONGCO”"));
        Assert.That(await _chat.GroupAsync(unbound, "8101", "Chào cả nhà, mai họp lúc 8 giờ nhé"), Is.Empty, "chatter is ignored");

        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM teams"), Is.EqualTo(teams));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE group_id = @Group", new { Group = unbound }), Is.Zero);
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM team_members"), Is.Zero);
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM household_assists"), Is.Zero);
    }

    [Test]
    public async Task Reports_are_corrected_by_their_author_within_48_hours_and_by_leaders_any_time()
    {
        await BindAndRegisterFiveAsync();
        await _chat.AskGroupAsync(Group, Binh, "#hotro Nguyễn Văn An | Thôn Tân Hòa | cài VNeID");

        Assert.That(await _chat.AskGroupAsync(Group, Cuong, "#sua HT-0001 | hỗ trợ: mở ví"), Is.EqualTo(
            $"[@{Cuong}] Chỉ người báo HT-0001 (trong 48 giờ) hoặc tổ trưởng, tổ phó mới sửa hay hủy được."));
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#sua HT-0001 | chủ hộ: Nguyễn Văn Ân"), Does.Contain("Đã sửa HT-0001: hộ Nguyễn Văn Ân"));

        await _app.QueryScalarAsync<long>("UPDATE household_assists SET created_at = created_at - @Hours RETURNING id", new { Hours = 49L * 3600 * 1000 });
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#huy HT-0001"), Is.EqualTo(
            $"[@{Binh}] HT-0001 đã quá 48 giờ nên bạn không tự sửa hay hủy được nữa; nhờ tổ trưởng hoặc tổ phó giúp."));
        Assert.That(await _chat.AskGroupAsync(Group, Leader, "#sua HT-0001 | hỗ trợ: cài VNeID, mở ví VNPT Money"), Does.Contain("Đã hỗ trợ: VNeID/định danh mức 2, Thanh toán điện tử."));
        Assert.That(await _chat.AskGroupAsync(Group, Leader, "#huy HT-0001"), Does.StartWith($"[@{Leader}] Đã hủy HT-0001"));
        Assert.That(await _chat.AskGroupAsync(Group, Leader, "#huy HT-0001"), Does.Contain("đã hủy rồi"));
        Assert.That(await _chat.AskGroupAsync(Group, Leader, "#sua HT-0042 | thôn: Tân Hòa"), Does.Contain("Không tìm thấy báo cáo HT-0042"));

        Assert.That(await _app.QueryScalarAsync<string>("SELECT status FROM household_assists WHERE number = 1"), Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task Only_leaders_remove_members_and_change_roles()
    {
        await BindAndRegisterFiveAsync();

        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#xoa Lê Văn Cường"), Is.EqualTo($"[@{Binh}] Chỉ tổ trưởng hoặc tổ phó dùng được lệnh này."));
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#vaitro Lê Văn Cường | tổ phó"), Does.Contain("Chỉ tổ trưởng hoặc tổ phó"));

        Assert.That(await _chat.AskGroupAsync(Group, Leader, "#vaitro Bình | tổ phó"), Is.EqualTo($"[@{Leader}] Đã đổi vai trò: Trần Thị Bình giờ là tổ phó."));
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#vaitro Hoàng Văn Minh | thành viên"), Does.Contain("Tổ phó không xóa hay đổi vai trò của tổ trưởng"));
        Assert.That(await _chat.AskGroupAsync(Group, Leader, "#vaitro Hoàng Văn Minh | thành viên"), Does.Contain("Tổ cần ít nhất một tổ trưởng"));
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#xoa 0356 789 123"), Is.EqualTo(
            $"[@{Binh}] Đã xóa Lê Văn Cường khỏi tổ.\nTổ có 4 thành viên; kế hoạch tổ cấp thôn là 5–8 người, còn thiếu 1 người."));

        var roster = await _chat.AskGroupAsync(Group, Dung, "#tv");
        Assert.That(roster.Split('\n'), Is.EqualTo(new[]
        {
            "Tổ CNSCĐ Thôn Tân Hòa: 4 thành viên (kế hoạch 5–8 người)",
            "1. Hoàng Văn Minh – tổ trưởng – 09xx xxx 222",
            "2. Trần Thị Bình – tổ phó – 09xx xxx 321",
            "3. Phạm Văn Dũng – thành viên – 09xx xxx 111",
            "4. Nguyễn Thị Em – thành viên – 09xx xxx 333",
        }));
        Assert.That(await _chat.AskGroupAsync(Group, Cuong, "#hotro Nguyễn Văn An | Tân Hòa | cài VNeID"), Does.Contain("Bạn chưa đăng ký trong tổ"));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM team_members WHERE left_at IS NOT NULL"), Is.EqualTo(1));
    }

    [Test]
    public async Task Members_use_the_commands_one_to_one_and_residents_are_left_to_the_guides()
    {
        var teamId = await BindAndRegisterFiveAsync();

        var reply = await _chat.UserAsync(Dung, "#hotro Võ Thị Mai | Thôn Tân Hòa | đóng học phí online cho cháu");
        Assert.That(reply, Is.EqualTo(new[]
        {
            "Đã ghi HT-0001: hộ Võ Thị Mai, Thôn Tân Hòa.\nĐã hỗ trợ: Giáo dục.\nSai thì gõ #sua HT-0001 | hỗ trợ: … hoặc #huy HT-0001",
        }), "1:1 replies carry no mention");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT team_id FROM household_assists"), Is.EqualTo(teamId));
        Assert.That((await _chat.UserAsync(Dung, "#tk"))[0], Does.Contain("Hộ mới được hỗ trợ: 1 hộ (1 lượt)"));

        Assert.That(await _chat.UserAsync("8999", "#menu"), Is.Empty, "a resident's own words go to the guides");
        Assert.That(await _chat.UserAsync("8999", "#thongke"), Is.Empty, "a resident is in no team");
        Assert.That(await _chat.UserAsync("8999", "#dangky Ai Đó | 0911 111 111"), Has.Count.EqualTo(1).And.Some.Contains("trong nhóm Zalo của tổ"));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM team_members WHERE zalo_user_id = '8999'"), Is.Zero);
    }

    [Test]
    public async Task Citizen_ids_typos_malformed_commands_and_handoff_commands_store_nothing()
    {
        await BindAndRegisterFiveAsync();

        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#hotro Nguyễn Văn An | Thôn Tân Hòa | cài VNeID, CCCD 038 123 456 789"),
            Does.StartWith($"[@{Binh}] Vì an toàn thông tin, xin đừng gửi số CCCD"));
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#hotro Nguyễn Văn An | cài VNeID"), Does.Contain("Cách gõ: #hotro <chủ hộ> | <thôn hoặc địa chỉ> | <đã hỗ trợ gì>"));
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#hotroo Nguyễn Văn An | Tân Hòa | cài VNeID"), Does.StartWith("Có phải bạn muốn #hotro?"));
        Assert.That(await _chat.GroupAsync(Group, Binh, "#chucmung sinh nhật anh Minh"), Is.Empty, "a hashtag near no command is left alone");
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#nhan YC-0001"), Does.StartWith($"[@{Binh}] Không thấy yêu cầu YC-0001"),
            "help requests belong to the Handoff feature, which finds none here");
        Assert.That(await _chat.AskGroupAsync(Group, Binh, "#huongdan"), Does.StartWith("Các lệnh của tổ"));

        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM household_assists"), Is.Zero);
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status <> 'done'"), Is.Zero);
    }

    [Test]
    public async Task The_sandbox_demo_group_is_bound_at_start_listed_for_the_simulator_and_the_help_example_phone_makes_a_leader()
    {
        var config = await _client.GetFromJsonAsync<JsonElement>(new Uri("/sandbox/api/config", UriKind.Relative));
        Assert.That(config.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("groupId").GetString(), g.GetProperty("name").GetString())),
            Is.EqualTo(SandboxSeed.DemoGroups.Select(g => ((string?)g.GroupId, (string?)g.Name))));

        var reply = await _chat.AskGroupAsync(SandboxSeed.DemoGroupId, "8201", "#dangky Nguyễn Văn An | 0912 345 678");

        Assert.That(reply, Does.Contain("vào Tổ CNSCĐ Thôn Tân Lập (demo) với vai trò tổ trưởng"));
    }

    [Test]
    public async Task The_sandbox_seed_changes_nothing_on_restart()
    {
        var database = TestApp.NewDatabasePath();
        for (var start = 0; start < 2; start++)
        {
            await using var app = new TestApp(database);
            // The province, its 78 real communes, and the 7 demo villages.
            Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM admin_units"), Is.EqualTo(86));
            Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM admin_units WHERE level = 'commune'"), Is.EqualTo(78));
            Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM admin_unit_former_names WHERE unit_id = (SELECT id FROM admin_units WHERE code = '19429')"),
                Is.EqualTo(4), "Xã Khe Sanh's former names");
            Assert.That(await app.QueryScalarAsync<string>("SELECT group_id FROM teams WHERE bind_code = @Code", new { Code = SandboxSeed.DemoBindCode }),
                Is.EqualTo(SandboxSeed.DemoGroupId));
            Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM teams"), Is.EqualTo(1));
        }
    }
}
