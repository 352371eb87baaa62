using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZaloBot.Handoff;
using ZaloBot.Sandbox;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Handoff;

/// <summary>
/// Residents asking for a person, end to end through signed webhooks: the resident's phone (1:1 with the OA) on one
/// side, the team groups on the other, both read at the Zalo emulator. The Sandbox seed gives the demo village team
/// (Thôn Tân Lập, bound to the demo group); commune teams are made through the admin API and bound with #ketnoi.
/// </summary>
public sealed class HandoffEndToEndTests
{
    private const string DemoGroup = SandboxSeed.DemoGroupId;
    private const string DemoTeam = SandboxSeed.DemoTeamName;
    private const string CommuneGroup = "group-xa-tan-lap";
    private const string CommuneTeam = "Tổ CNS Xã Tân Lập";
    private const string Binh = "8302";
    private const string Minh = "8401";

    private TestApp _app = null!;
    private LogRecorder _log = null!;
    private HttpClient _client = null!;
    private TeamChatDriver _chat = null!;
    private ResidentPhone _phone = null!;

    [SetUp]
    public void StartApp() => Start(TestApp.NewDatabasePath());

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _log.Dispose();
    }

    private void Start(string databasePath)
    {
        var settings = TeamChatDriver.Settings();
        settings["Handoff:CheckInterval"] = "00:00:00.100";
        _log = new LogRecorder();
        _app = new TestApp(databasePath, _log.AddTo, settings);
        _client = _app.CreateClient();
        _chat = new TeamChatDriver(_app, _client);
        _phone = new ResidentPhone(_app, _client);
    }

    [Test]
    public async Task A_resident_asks_the_village_group_gets_it_nhan_tells_the_resident_who_helps_and_xong_counts_a_household()
    {
        await _chat.AskGroupAsync(DemoGroup, Binh, "#dangky Trần Thị Bình | 0987 654 321");
        _app.Emulator.SetUser("9001", "Hoa Lê");

        await _phone.SendAsync("9001", "khai sinh");
        var ask = await _phone.SendAsync("9001", "gặp tổ công nghệ số");
        Assert.That(ask.Text, Is.EqualTo(HandoffTexts.AskVillage));
        var confirm = await _phone.SendAsync("9001", "thon tan lap");
        Assert.That(confirm.Text, Is.EqualTo("Bà con ở Thôn Tân Lập, Xã Tân Lập phải không ạ?"));
        var contact = await _phone.TapAsync("9001", confirm, "Đúng rồi");
        Assert.That(contact.Messages[0].RequestUserInfo?.Title, Is.EqualTo(HandoffTexts.ContactCardTitle), "request_user_info goes first, alone");
        Assert.That(contact.Last.Text, Is.EqualTo(HandoffTexts.AskContact));
        var shared = await _phone.ShareContactAsync("9001", "lê thị hoa", "84912000111");
        Assert.That(shared.Messages[0].Text, Is.EqualTo("Cảm ơn bà con! Mình đã lưu: Lê Thị Hoa, SĐT 09xx xxx 111."));
        Assert.That(shared.Last.Text, Is.EqualTo(
            "Mình gửi yêu cầu này tới Tổ nhé:\n• Việc cần giúp: Khai sinh, thường trú, thẻ BHYT cho bé dưới 6 tuổi\n• Ở: Thôn Tân Lập, Xã Tân Lập\n"
            + "• Người liên hệ: Lê Thị Hoa, SĐT 09xx xxx 111\nĐúng rồi thì bấm «Gửi yêu cầu» ạ."));
        var sent = await _phone.TapAsync("9001", shared, "Gửi yêu cầu");
        Assert.That(sent.Text, Does.StartWith($"Dạ, mình đã gửi yêu cầu YC-0001 tới {DemoTeam} rồi ạ"));
        Assert.That(sent.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Quay lại hướng dẫn", "Menu chính", "Hủy yêu cầu" }));

        var posted = (await GroupShowsAsync(DemoGroup, "🙋 Yêu cầu hỗ trợ YC-0001")).Split('\n');
        Assert.That(posted, Has.Length.EqualTo(6));
        Assert.That(posted[..4], Is.EqualTo(new[]
        {
            "🙋 Yêu cầu hỗ trợ YC-0001",
            "Việc cần giúp: Khai sinh, thường trú, thẻ BHYT cho bé dưới 6 tuổi",
            "Ở: Thôn Tân Lập, Xã Tân Lập",
            "Người dân: Lê Thị Hoa, SĐT 09xx xxx 111",
        }));
        Assert.That(posted[4], Does.Match(@"^Gửi lúc: \d\d:\d\d ngày \d\d/\d\d \(vừa xong\)$"));
        Assert.That(posted[5], Is.EqualTo("Ai giúp được thì gõ: #nhan YC-0001"));

        await ZaloNameLookedUpAsync(1);
        var claimed = await _chat.AskGroupAsync(DemoGroup, Binh, "#nhan yc-1");
        Assert.That(claimed, Is.EqualTo(
            $"[@{Binh}] Bạn đã nhận YC-0001: «Khai sinh, thường trú, thẻ BHYT cho bé dưới 6 tuổi», Thôn Tân Lập, Xã Tân Lập.\n"
            + "Người dân: Lê Thị Hoa (tên Zalo: Hoa Lê)\nSố gọi lại: 0912000111\n"
            + "Mình đã báo người dân tên bạn. Xong việc thì gõ: #xong YC-0001 | đã giúp gì"), "the taker gets the number whole, to call back");
        Assert.That(await ResidentShowsAsync("9001", "đã nhận giúp"), Is.EqualTo(
            $"Dạ, Trần Thị Bình ở {DemoTeam} đã nhận giúp bà con việc «Khai sinh, thường trú, thẻ BHYT cho bé dưới 6 tuổi» (YC-0001) 🙏\n"
            + "Người trong Tổ sẽ liên hệ với bà con sớm ạ."));
        Assert.That(await _chat.AskGroupAsync(DemoGroup, Binh, "#nhan YC-0001"), Does.StartWith($"[@{Binh}] Bạn đã nhận YC-0001 rồi."));

        var done = await _chat.AskGroupAsync(DemoGroup, Binh, "#xong YC-0001 | đã hướng dẫn nộp hồ sơ khai sinh trực tuyến");
        Assert.That(done, Does.StartWith($"[@{Binh}] Đã xong YC-0001, cảm ơn bạn! Mình đã báo người dân.\nĐã ghi HT-0001: hộ Lê Thị Hoa, Thôn Tân Lập."));
        Assert.That(await ResidentShowsAsync("9001", "báo đã giúp"), Does.StartWith(
            "Dạ, Trần Thị Bình báo đã giúp bà con xong việc «Khai sinh, thường trú, thẻ BHYT cho bé dưới 6 tuổi» (YC-0001)."));

        var stats = await _chat.AskGroupAsync(DemoGroup, Binh, "#thongke");
        Assert.That(stats, Does.Contain("Hộ mới được hỗ trợ: 1 hộ (1 lượt)").And.Contain("- Dịch vụ công trực tuyến: 1").And.Contain("- Trần Thị Bình: 1 hộ mới, 1 lượt"));

        await using var db = await _app.OpenDatabaseAsync();
        var request = await db.QuerySingleAsync<(string Status, long AssistId, long TeamId)>(
            "SELECT status, assist_id, team_id FROM help_requests WHERE number = 1");
        Assert.That(request.Status, Is.EqualTo("done"));
        Assert.That(await db.ExecuteScalarAsync<string>("SELECT note FROM household_assists WHERE id = @Id", new { Id = request.AssistId }),
            Is.EqualTo("YC-0001: đã hướng dẫn nộp hồ sơ khai sinh trực tuyến"));
        Assert.That(await db.ExecuteScalarAsync<string>("SELECT name FROM admin_units WHERE id = (SELECT village_unit_id FROM residents WHERE zalo_user_id = '9001')"),
            Is.EqualTo("Thôn Tân Lập"), "the confirmed village is remembered");
        var whole = _app.Emulator.Messages.Where(m => m.FromOa && (m.Text ?? "").Contains("912000111", StringComparison.Ordinal)).ToList();
        Assert.That(whole.Select(m => (m.Conversation, m.Text)), Is.EqualTo(new[] { (ZaloEmulatorState.GroupConversation(DemoGroup), claimed) }),
            "whole only in the answer to #nhan, in the group that took the request; masked everywhere else");
        Assert.That(_log.Containing("912000111"), Is.Empty, "and never in the log");
    }

    [Test]
    public async Task A_request_without_a_number_tells_the_taker_so_and_that_the_residents_messages_reach_the_group()
    {
        await _chat.AskGroupAsync(DemoGroup, Binh, "#dangky Trần Thị Bình | 0987 654 321");
        await AskAsync("9020", "vneid", "tân lập");
        await ZaloNameLookedUpAsync(1);

        var claimed = await _chat.AskGroupAsync(DemoGroup, Binh, "#nhan YC-0001");
        Assert.That(claimed.Split('\n')[1..3], Is.EqualTo(new[]
        {
            "Người dân: chưa cho biết tên (tên Zalo: Người dùng thử 9020)",
            "Người dân chưa để lại số điện thoại. Khi người dân bấm «Nhắn thêm cho Tổ» trong Zalo, mình chuyển nguyên văn lời nhắn vào nhóm này.",
        }));

        var linked = await _phone.SendAsync("9020", "gặp tổ công nghệ số");
        await _phone.TapAsync("9020", linked, "Nhắn thêm cho Tổ");
        await _phone.SendAsync("9020", "tôi ở nhà cả chiều");
        Assert.That(await GroupShowsAsync(DemoGroup, "nhắn thêm"), Is.EqualTo("YC-0001: người dân nhắn thêm: «tôi ở nhà cả chiều»"),
            "what the taker was promised");
    }

    [Test]
    public async Task While_Zalo_is_away_the_residents_Zalo_name_waits_and_is_looked_up_once_it_is_back()
    {
        // Every attempt of one look-up (the first and its retries) fails: Zalo is away for that while.
        _app.Emulator.Inject(ZaloFault.HttpStatus(503), ZaloEmulatorPaths.UserDetail, times: 4);
        _app.Emulator.SetUser("9021", "Cô Hạnh");
        await AskAsync("9021", "vneid", "tân lập");

        await ZaloNameLookedUpAsync(1);
        Assert.That(await _app.QueryScalarAsync<string>("SELECT resident_zalo_name FROM help_requests WHERE number = 1"), Is.EqualTo("Cô Hạnh"));
        Assert.That(_app.Emulator.CallsTo(ZaloEmulatorPaths.UserDetail).Count, Is.EqualTo(5), "four refused, then one answered");
    }

    [Test]
    public async Task A_closed_requests_number_and_Zalo_name_are_cleared_after_the_contact_retention_and_the_message_with_it_after_the_sent_retention()
    {
        await _chat.AskGroupAsync(DemoGroup, Binh, "#dangky Trần Thị Bình | 0987 654 321");
        await AskAsync("9022", "vneid", "tân lập");
        await _phone.ShareContactAsync("9022", "Phan Thị Mai", "0977444555");
        await ZaloNameLookedUpAsync(1);
        await _chat.AskGroupAsync(DemoGroup, Binh, "#nhan YC-0001");
        await _chat.AskGroupAsync(DemoGroup, Binh, "#xong YC-0001");
        await TeamChatDriver.UntilDeliveredAsync(_app, "group", DemoGroup);

        await using var db = await _app.OpenDatabaseAsync();
        Assert.That(await db.QuerySingleAsync<(string?, string?)>("SELECT resident_phone, resident_zalo_name FROM help_requests WHERE number = 1"),
            Is.EqualTo(("0977444555", "Người dùng thử 9022")), "kept a while after closing, for a call about what was done");

        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        await db.ExecuteAsync("UPDATE help_requests SET completed_at = completed_at - 31 * @Day", new { Day = day });
        await Eventually.UntilAsync(async () => await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM help_requests WHERE resident_phone IS NULL AND resident_zalo_name IS NULL AND resident_name = 'Phan Thị Mai'") == 1,
            "the number and the Zalo name are cleared 30 days after closing; the name stays with the report");

        await db.ExecuteAsync("UPDATE outbox_messages SET created_at = created_at - 31 * @Day", new { Day = day });
        await _app.Services.GetRequiredService<ZaloBot.Messaging.RetentionSweeper>().SweepAsync(CancellationToken.None);
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE payload LIKE '%977444555%'"), Is.Zero,
            "the answer to #nhan, which carried the number, keeps no text past the sent retention");
    }

    [Test]
    public async Task A_village_typed_loosely_is_matched_fuzzily_confirmed_with_a_button_and_ambiguous_words_offer_the_closest_few()
    {
        Assert.That((await _phone.SendAsync("9002", "tôi cần gặp người")).Text, Is.EqualTo(HandoffTexts.AskVillage));

        var notFound = await _phone.SendAsync("9002", "Hà Nội");
        Assert.That(notFound.Text, Does.StartWith("Mình chưa tìm thấy thôn «Hà Nội» 🙏"));
        var typo = await _phone.SendAsync("9002", "thôn tân lapp ạ");
        Assert.That(typo.Text, Is.EqualTo("Bà con ở Thôn Tân Lập, Xã Tân Lập phải không ạ?"));
        Assert.That(typo.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Đúng rồi", "Không phải", "Hủy" }));
        Assert.That((await _phone.SendAsync("9002", "dạ không phải")).Text, Is.EqualTo(HandoffTexts.AskVillageAgain));

        var few = await _phone.SendAsync("9002", "Tân");
        Assert.That(few.Text, Is.EqualTo("Bà con ở thôn nào dưới đây ạ? Bấm tên thôn, hoặc gõ số.\n\n1. Thôn Tân Hòa, Xã Tân Lập\n2. Thôn Tân Lập, Xã Tân Lập"));
        Assert.That(few.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Thôn Tân Hòa, Xã Tân Lập", "Thôn Tân Lập, Xã Tân Lập", "Không có ở đây" }));
        var need = await _phone.SendAsync("9002", "2");
        Assert.That(need.Text, Is.EqualTo(HandoffTexts.AskNeed), "from the menu there is no guide topic, so the need is asked");
        Assert.That(await VillageOfAsync("9002"), Is.EqualTo("Thôn Tân Lập"));

        Assert.That((await _phone.SendAsync("9002", "nhờ cài VNeID cho mẹ")).Last.Text, Is.EqualTo(HandoffTexts.AskContact));
        var summary = await _phone.SendAsync("9002", "0912 333 444");
        Assert.That(summary.Text, Does.Contain("• Việc cần giúp: nhờ cài VNeID cho mẹ\n• Ở: Thôn Tân Lập, Xã Tân Lập\n• Người liên hệ: SĐT 09xx xxx 444"),
            "a typed number is taken as the shared one");
        var sent = await _phone.SendAsync("9002", "đúng rồi");
        Assert.That(sent.Text, Does.StartWith("Dạ, mình đã gửi yêu cầu YC-0001"));
        Assert.That(await GroupShowsAsync(DemoGroup, "YC-0001"), Does.Contain("Việc cần giúp: nhờ cài VNeID cho mẹ"));
    }

    [Test]
    public async Task A_village_without_a_team_and_a_resident_who_knows_only_the_commune_reach_the_commune_teams_group()
    {
        var communeTeamId = await BindCommuneTeamAsync();

        var sent = await AskAsync("9003", "vneid", "bản bù");
        Assert.That(sent.Text, Does.StartWith($"Dạ, mình đã gửi yêu cầu YC-0001 tới {CommuneTeam} rồi ạ"));
        Assert.That(await GroupShowsAsync(CommuneGroup, "YC-0001"), Does.Contain("Ở: Bản Bù, Xã Tân Lập (thôn chưa có tổ nhận tin qua Zalo)"));

        await _phone.SendAsync("9004", "sổ sức khỏe");
        var ask = await _phone.SendAsync("9004", "gặp tổ công nghệ số");
        var commune = await _phone.TapAsync("9004", ask, "Không nhớ tên thôn");
        Assert.That(commune.Text, Is.EqualTo(HandoffTexts.AskCommune));
        var confirm = await _phone.SendAsync("9004", "xa tan lap");
        Assert.That(confirm.Text, Is.EqualTo("Bà con ở Xã Tân Lập phải không ạ?"));
        var contact = await _phone.TapAsync("9004", confirm, "Đúng rồi");
        var summary = await _phone.TapAsync("9004", contact, "Bỏ qua");
        Assert.That(summary.Text, Does.Contain("• Ở: Xã Tân Lập\n").And.Not.Contain("Người liên hệ"));
        await _phone.TapAsync("9004", summary, "Gửi yêu cầu");
        Assert.That(await GroupShowsAsync(CommuneGroup, "YC-0002"), Does.Contain("Ở: Xã Tân Lập (người dân không nhớ tên thôn)"));

        Assert.That(await QueuedForGroupAsync(DemoGroup, "YC-"), Is.Zero, "the demo village team is not Bản Bù's");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM help_requests WHERE team_id = @Id", new { Id = communeTeamId }), Is.EqualTo(2));
        Assert.That(await VillageOfAsync("9004"), Is.Null, "a commune is not remembered as a village");
    }

    [Test]
    public async Task A_commune_named_by_its_name_before_2025_is_recognised_said_plainly_and_reaches_todays_communes_group()
    {
        var (_, code) = await _chat.CreateTeamAsync("19429", "0905 111 333");
        await _chat.AskGroupAsync("group-khe-sanh", Minh, $"#ketnoi {code}");
        await _phone.SendAsync("9011", "vneid");
        await _phone.SendAsync("9011", "gặp tổ công nghệ số");

        var confirm = await _phone.SendAsync("9011", "tôi ở xã Hướng Tân");
        var contact = await _phone.TapAsync("9011", confirm, "Đúng rồi");
        var summary = await _phone.TapAsync("9011", contact, "Bỏ qua");
        var sent = await _phone.TapAsync("9011", summary, "Gửi yêu cầu");

        Assert.That(confirm.Text, Is.EqualTo("Hướng Tân nay thuộc Xã Khe Sanh — đúng không ạ?"));
        Assert.That(confirm.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Đúng rồi", "Không phải", "Hủy" }));
        Assert.That(summary.Text, Does.Contain("• Ở: Xã Khe Sanh\n"));
        Assert.That(sent.Text, Does.StartWith("Dạ, mình đã gửi yêu cầu YC-0001 tới Tổ CNS Xã Khe Sanh rồi ạ"));
        Assert.That(await GroupShowsAsync("group-khe-sanh", "YC-0001"), Does.Contain("Ở: Xã Khe Sanh"));

        await _phone.SendAsync("9012", "gặp tổ công nghệ số");
        var town = await _phone.SendAsync("9012", "thi tran khe sanh");
        Assert.That(town.Text, Is.EqualTo("Thị trấn Khe Sanh nay thuộc Xã Khe Sanh — đúng không ạ?"));
    }

    [Test]
    public async Task A_former_name_two_communes_share_asks_which_one_and_the_old_district_settles_it()
    {
        await _phone.SendAsync("9013", "gặp tổ công nghệ số");

        var which = await _phone.SendAsync("9013", "xã Cam Thủy");
        var chosen = await _phone.SendAsync("9013", "2");
        await _phone.SendAsync("9014", "gặp tổ công nghệ số");
        var settled = await _phone.SendAsync("9014", "Cam Thủy, huyện Lệ Thủy");

        Assert.That(which.Text, Is.EqualTo(HandoffTexts.ChooseCommune
            + "\n\n1. Xã Cam Hồng (có Cam Thủy cũ, huyện Lệ Thủy)\n2. Xã Hiếu Giang (có Cam Thủy cũ, huyện Cam Lộ)"));
        Assert.That(which.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Xã Cam Hồng", "Xã Hiếu Giang", "Không có ở đây" }));
        Assert.That(chosen.Text, Does.StartWith("Ở Xã Hiếu Giang hiện chưa có Tổ công nghệ số nào nhận tin qua Zalo 🙏"));
        Assert.That(settled.Text, Is.EqualTo("Cam Thủy (huyện Lệ Thủy) nay thuộc Xã Cam Hồng — đúng không ạ?"));
    }

    [Test]
    public async Task Where_neither_village_nor_commune_has_a_team_the_resident_is_told_honestly_and_nothing_is_stored()
    {
        await _phone.SendAsync("9005", "ban hang online");
        await _phone.SendAsync("9005", "gặp tổ công nghệ số");
        var confirm = await _phone.SendAsync("9005", "bản cù bai");

        var told = await _phone.TapAsync("9005", confirm, "Đúng rồi");

        Assert.That(told.Text, Does.StartWith("Ở Bản Cù Bai, Xã Hướng Lập hiện chưa có Tổ công nghệ số nào nhận tin qua Zalo 🙏"));
        Assert.That(told.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Quay lại hướng dẫn", "Menu chính" }));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM help_requests"), Is.Zero);
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM handoff_conversations"), Is.Zero);
    }

    [Test]
    public async Task A_second_request_while_one_is_open_is_linked_to_it_not_duplicated()
    {
        await AskAsync("9006", "vneid", "tân lập");
        await GroupShowsAsync(DemoGroup, "🙋 Yêu cầu hỗ trợ YC-0001");

        await _phone.SendAsync("9006", "mobile money");
        var linked = await _phone.SendAsync("9006", "gặp tổ công nghệ số");

        Assert.That(linked.Text, Is.EqualTo(
            $"Bà con đã gửi yêu cầu YC-0001 («Cài VNeID và định danh điện tử mức 2») tới {DemoTeam} vừa xong. Tổ chưa nhận, bà con chờ một chút nhé.\n"
            + "Mình đã ghi thêm «Mở tài khoản tiền di động (Mobile Money)» vào yêu cầu đó cho Tổ ạ."));
        Assert.That(linked.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Quay lại hướng dẫn", "Menu chính", "Nhắn thêm cho Tổ", "Hủy yêu cầu" }));
        Assert.That(await GroupShowsAsync(DemoGroup, "YC-0001: người dân hỏi thêm"), Is.EqualTo(
            "YC-0001: người dân hỏi thêm về «Mở tài khoản tiền di động (Mobile Money)»."));

        var askNote = await _phone.TapAsync("9006", linked, "Nhắn thêm cho Tổ");
        Assert.That(askNote.Text, Is.EqualTo(HandoffTexts.AskNote));
        Assert.That((await _phone.SendAsync("9006", "nhà tôi ở gần trường tiểu học [@all]")).Text, Is.EqualTo("Dạ, mình đã chuyển lời bà con tới Tổ (yêu cầu YC-0001) ạ."));
        Assert.That(await GroupShowsAsync(DemoGroup, "nhắn thêm"), Is.EqualTo("YC-0001: người dân nhắn thêm: «nhà tôi ở gần trường tiểu học»"),
            "the resident's text reaches the group without mentions");

        var again = await _phone.SendAsync("9006", "gặp người");
        Assert.That(again.Text, Does.StartWith("Bà con đã gửi yêu cầu YC-0001").And.Not.Contain("ghi thêm"), "the same topic is not added twice");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM help_requests"), Is.EqualTo(1));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM help_request_notes"), Is.EqualTo(2));
    }

    [Test]
    public async Task The_resident_cancels_with_the_button_or_by_typing_huy_and_the_group_is_told()
    {
        await _chat.AskGroupAsync(DemoGroup, Binh, "#dangky Trần Thị Bình | 0987 654 321");
        var sent = await AskAsync("9007", "vneid", "tân lập");

        var ask = await _phone.TapAsync("9007", sent, "Hủy yêu cầu");
        Assert.That(ask.Text, Is.EqualTo("Bà con muốn hủy yêu cầu YC-0001 («Cài VNeID và định danh điện tử mức 2») phải không ạ?"));
        Assert.That((await _phone.TapAsync("9007", ask, "Không, giữ lại")).Text, Is.EqualTo("Dạ, yêu cầu YC-0001 vẫn giữ nguyên ạ."));
        Assert.That(await StatusAsync(1), Is.EqualTo("open"));

        Assert.That((await _phone.SendAsync("9007", "Hủy")).Text, Is.EqualTo(ask.Text));
        var cancelled = await _phone.SendAsync("9007", "dạ đúng rồi");
        Assert.That(cancelled.Text, Does.StartWith("Dạ, mình đã hủy yêu cầu YC-0001 và báo Tổ rồi ạ."));
        Assert.That(await StatusAsync(1), Is.EqualTo("cancelled"));
        Assert.That(await GroupShowsAsync(DemoGroup, "đã hủy yêu cầu"), Is.EqualTo(
            "YC-0001 («Cài VNeID và định danh điện tử mức 2», Thôn Tân Lập, Xã Tân Lập): người dân đã hủy yêu cầu, không cần giúp nữa."));
        Assert.That(await _chat.AskGroupAsync(DemoGroup, Binh, "#nhan YC-0001"), Is.EqualTo($"[@{Binh}] YC-0001 người dân đã hủy rồi, không cần giúp nữa."));
        Assert.That((await _phone.TapAsync("9007", ask, "Hủy yêu cầu")).Text, Is.EqualTo("Yêu cầu YC-0001 đã hủy rồi ạ."), "an old button changes nothing");

        // Asking again starts afresh, from the village the resident confirmed before.
        var remembered = await _phone.SendAsync("9007", "gặp tổ công nghệ số");
        Assert.That(remembered.Text, Does.EndWith("Bà con vẫn ở Thôn Tân Lập, Xã Tân Lập phải không ạ?"));
        var contact = await _phone.TapAsync("9007", remembered, "Đúng rồi");
        var summary = await _phone.TapAsync("9007", contact, "Bỏ qua");
        Assert.That((await _phone.TapAsync("9007", summary, "Gửi yêu cầu")).Text, Does.StartWith("Dạ, mình đã gửi yêu cầu YC-0002"));
    }

    [Test]
    public async Task Asked_whether_to_cancel_only_a_yes_or_huy_cancels_while_no_or_anything_else_keeps_the_request()
    {
        await AskAsync("9009", "vneid", "tân lập");
        const string Kept = "Dạ, yêu cầu YC-0001 vẫn giữ nguyên ạ.";

        var ask = await _phone.SendAsync("9009", "hủy");
        Assert.That((await _phone.SendAsync("9009", "dạ không")).Text, Is.EqualTo(Kept));
        Assert.That(await StatusAsync(1), Is.EqualTo("open"));

        Assert.That((await _phone.SendAsync("9009", "hủy")).Text, Is.EqualTo(ask.Text));
        var guide = await _phone.SendAsync("9009", "khai sinh");
        Assert.That(guide.Text, Is.EqualTo((await _phone.SendAsync("9010", "khai sinh")).Text), "the guides answer what the question did not ask");
        Assert.That(await StatusAsync(1), Is.EqualTo("open"));
        Assert.That((await _phone.SendAsync("9009", "đúng rồi")).Text, Does.Not.StartWith("Dạ, mình đã hủy"), "the question closed when the resident moved on");
        Assert.That(await StatusAsync(1), Is.EqualTo("open"));

        Assert.That((await _phone.SendAsync("9009", "hủy")).Text, Is.EqualTo(ask.Text));
        Assert.That((await _phone.SendAsync("9009", "huỷ yêu cầu")).Text, Does.StartWith("Dạ, mình đã hủy yêu cầu YC-0001"));
        Assert.That(await StatusAsync(1), Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task An_unclaimed_request_is_reminded_in_its_group_then_raised_to_the_commune_team_once_even_across_a_restart()
    {
        await BindCommuneTeamAsync();
        await AskAsync("9008", "hoc phi", "tân lập");
        await GroupShowsAsync(DemoGroup, "🙋 Yêu cầu hỗ trợ YC-0001");

        await AgeRequestAsync(1, TimeSpan.FromHours(3));
        Assert.That(await GroupShowsAsync(DemoGroup, "⏰ Nhắc: YC-0001"), Is.EqualTo(
            "⏰ Nhắc: YC-0001 («Đóng tiền trường cho con không dùng tiền mặt», Thôn Tân Lập, Xã Tân Lập) đã chờ 3 giờ mà chưa có ai nhận.\n"
            + "Ai giúp được thì gõ: #nhan YC-0001"));
        Assert.That(await QueuedForGroupAsync(CommuneGroup, "YC-0001"), Is.Zero, "not raised yet");

        await AgeRequestAsync(1, TimeSpan.FromHours(10));
        Assert.That(await GroupShowsAsync(CommuneGroup, "⏫ YC-0001"), Does.StartWith(
            "⏫ YC-0001 đã chờ 13 giờ mà tổ thôn chưa có ai nhận, nhờ Tổ xã giúp:\nViệc cần giúp: Đóng tiền trường cho con không dùng tiền mặt\nỞ: Thôn Tân Lập, Xã Tân Lập\n"));
        Assert.That(await GroupShowsAsync(DemoGroup, "mình đã nhờ thêm"), Is.EqualTo(
            $"YC-0001 đã chờ 13 giờ; mình đã nhờ thêm {CommuneTeam}. Trong tổ ai giúp được vẫn gõ #nhan YC-0001 nhé."));
        Assert.That(await ResidentShowsAsync("9008", "nhờ thêm"), Is.EqualTo(
            $"Tổ ở thôn chưa kịp nhận yêu cầu YC-0001 nên mình đã nhờ thêm {CommuneTeam} giúp bà con ạ 🙏"));
        const string HandoffRows = "SELECT COUNT(*) FROM outbox_messages WHERE idempotency_key LIKE 'handoff:%'";
        Assert.That(await _app.QueryScalarAsync<long>(HandoffRows), Is.EqualTo(4));

        // A restart finds nothing left to send.
        var path = _app.DatabasePath;
        await StopApp();
        Start(path);
        var reminders = _app.Services.GetServices<IHostedService>().OfType<HandoffReminders>().Single();
        Assert.That(await reminders.RunOnceAsync(CancellationToken.None), Is.Zero);
        Assert.That(await _app.QueryScalarAsync<long>(HandoffRows), Is.EqualTo(4));

        // The commune team takes it; the village group hears who did.
        var claimed = await _chat.AskGroupAsync(CommuneGroup, Minh, "#nhan YC-0001");
        Assert.That(claimed, Does.StartWith($"[@{Minh}] Bạn đã nhận YC-0001"));
        Assert.That(await GroupShowsAsync(DemoGroup, "đã có"), Is.EqualTo($"YC-0001 đã có Hoàng Văn Minh ({CommuneTeam}) nhận."));
    }

    [Test]
    public async Task Nhan_and_xong_check_the_team_the_member_and_who_took_the_request()
    {
        await _chat.AskGroupAsync(DemoGroup, Binh, "#dangky Trần Thị Bình | 0987 654 321");
        await _chat.AskGroupAsync(DemoGroup, "8303", "#dangky Lê Văn Cường | 0356 789 123");
        await BindCommuneTeamAsync();
        await AskAsync("9009", "vneid", "tân lập");

        Assert.That(await _chat.AskGroupAsync(DemoGroup, "8399", "#nhan YC-0001"), Does.StartWith("[@8399] Bạn chưa đăng ký trong tổ."));
        Assert.That(await _chat.AskGroupAsync(CommuneGroup, Minh, "#nhan YC-0001"), Does.StartWith($"[@{Minh}] Không thấy yêu cầu YC-0001"),
            "the commune team sees it only once it is raised");
        Assert.That(await _chat.AskGroupAsync(DemoGroup, Binh, "#nhan"), Does.Contain("Cách gõ: #nhan <mã yêu cầu>"));
        await _chat.AskGroupAsync(DemoGroup, Binh, "#nhan YC-0001");
        Assert.That(await _chat.AskGroupAsync(DemoGroup, "8303", "#nhan YC-0001"), Is.EqualTo("[@8303] YC-0001 đã có Trần Thị Bình nhận rồi."));
        Assert.That(await _chat.AskGroupAsync(DemoGroup, "8303", "#xong YC-0001"),
            Is.EqualTo("[@8303] YC-0001 do Trần Thị Bình nhận; chỉ người nhận hoặc tổ trưởng, tổ phó báo xong được."));

        // The leader may close it for the member who took it: the household counts for that member.
        await _chat.AskGroupAsync(DemoGroup, "8304", $"#dangky Nguyễn Văn An | {SandboxSeed.DemoLeaderPhone}");
        var done = (await _chat.UserAsync("8304", "#xong YC-0001")).Single();
        Assert.That(done, Does.StartWith("Đã xong YC-0001").And.Contain("hộ Người dân Zalo 9009, Thôn Tân Lập"), "1:1, without a mention");
        Assert.That(await _app.QueryScalarAsync<string>(
            "SELECT m.full_name FROM household_assists a JOIN team_members m ON m.id = a.member_id"), Is.EqualTo("Trần Thị Bình"));
        Assert.That(await _chat.AskGroupAsync(DemoGroup, Binh, "#xong YC-0001"), Is.EqualTo($"[@{Binh}] YC-0001 đã xong rồi."));
    }

    [Test]
    public async Task Shared_name_and_phone_are_stored_normalised_and_only_ever_shown_masked()
    {
        var saved = await _phone.ShareContactAsync("9010", "NGUYỄN VĂN TƯ", "+84 (0)905 222 333");
        Assert.That(saved.Text, Is.EqualTo("Cảm ơn bà con! Mình đã lưu: Nguyễn Văn Tư, SĐT 09xx xxx 333."));
        await using (var db = await _app.OpenDatabaseAsync())
        {
            Assert.That(await db.QuerySingleAsync<(string, string)>("SELECT name, phone FROM residents WHERE zalo_user_id = '9010'"),
                Is.EqualTo(("Nguyễn Văn Tư", "0905222333")));
        }

        var refused = await _phone.ShareContactAsync("9010", "Nguyễn Văn Tư", "12345");
        Assert.That(refused.Text, Is.EqualTo("Cảm ơn bà con! Mình đã lưu tên Nguyễn Văn Tư. Số điện thoại chưa đúng nên mình chưa lưu ạ."));
        Assert.That(await _app.QueryScalarAsync<string>("SELECT phone FROM residents WHERE zalo_user_id = '9010'"), Is.EqualTo("0905222333"),
            "a number that is not one keeps the one shared before");

        // Shared after the request went out: the team hears of it, masked.
        await AskAsync("9011", "vneid", "tân lập");
        await _phone.ShareContactAsync("9011", "Phan Thị Mai", "84977444555");
        Assert.That(await GroupShowsAsync(DemoGroup, "chia sẻ liên hệ"), Is.EqualTo("YC-0001: người dân đã chia sẻ liên hệ: Phan Thị Mai, SĐT 09xx xxx 555."));
        Assert.That(await _app.QueryScalarAsync<string>("SELECT resident_phone FROM help_requests WHERE number = 1"), Is.EqualTo("0977444555"));
        AssertNoFullPhoneShown("0905222333");
        AssertNoFullPhoneShown("0977444555");
    }

    [Test]
    public async Task Menu_and_the_guides_buttons_leave_the_questions_and_a_quiet_resident_is_back_with_the_guides()
    {
        await _phone.SendAsync("9012", "vneid");
        var ask = await _phone.SendAsync("9012", "gặp tổ công nghệ số");
        Assert.That(ask.Text, Is.EqualTo(HandoffTexts.AskVillage));

        var menu = await _phone.SendAsync("9012", "menu");
        Assert.That(menu.Text, Does.StartWith("Bà con muốn làm gì?"));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM handoff_conversations"), Is.Zero);

        var again = await _phone.TapAsync("9012", menu, "Gặp Tổ công nghệ số");
        Assert.That(again.Text, Is.EqualTo(HandoffTexts.AskVillage));
        var sticker = await _phone.ExchangeAsync("9012", ZaloWebhooks.UserSticker("9012", "sticker-9012"));
        Assert.That(sticker.Text, Is.EqualTo(HandoffTexts.TextOnly + "\n\n" + HandoffTexts.AskVillage));

        await using (var db = await _app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("UPDATE handoff_conversations SET updated_at = updated_at - @Ms", new { Ms = (long)TimeSpan.FromHours(3).TotalMilliseconds });
        }

        var guides = await _phone.SendAsync("9012", "tân lập");
        Assert.That(guides.Text, Does.Not.Contain("Thôn Tân Lập"), "after a long silence the words go to the guides");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM handoff_conversations"), Is.Zero);
    }

    /// <summary>Binds a commune team for Xã Tân Lập to <see cref="CommuneGroup"/> and registers its leader, <see cref="Minh"/>.</summary>
    private async Task<long> BindCommuneTeamAsync()
    {
        var (teamId, code) = await _chat.CreateTeamAsync("19462", "0905 111 222");
        await _chat.AskGroupAsync(CommuneGroup, Minh, $"#ketnoi {code}");
        await _chat.AskGroupAsync(CommuneGroup, Minh, "#dangky Hoàng Văn Minh | 0905 111 222");
        return teamId;
    }

    /// <summary>A resident opens a guide by a keyword, asks for a person, names the village, skips the contact and sends.</summary>
    /// <summary>Waits until the Zalo name of the resident behind request <paramref name="number"/> has been looked up.</summary>
    private Task ZaloNameLookedUpAsync(int number) =>
        Eventually.UntilAsync(async () => await _app.QueryScalarAsync<long?>(
            "SELECT zalo_name_checked_at FROM help_requests WHERE number = @Number", new { Number = number }) is not null,
            $"the Zalo name of YC-{number:0000} was looked up");

    private async Task<Reply> AskAsync(string userId, string guideKeyword, string village)
    {
        await _phone.SendAsync(userId, guideKeyword);
        await _phone.SendAsync(userId, "gặp tổ công nghệ số");
        var confirm = await _phone.SendAsync(userId, village);
        var contact = await _phone.TapAsync(userId, confirm, "Đúng rồi");
        var summary = await _phone.TapAsync(userId, contact, "Bỏ qua");
        return await _phone.TapAsync(userId, summary, "Gửi yêu cầu");
    }

    /// <summary>Waits until the group shows a message containing <paramref name="part"/>, and returns it.</summary>
    private async Task<string> GroupShowsAsync(string groupId, string part)
    {
        var conversation = ZaloEmulatorState.GroupConversation(groupId);
        await Eventually.UntilAsync(() => _chat.ShownIn(conversation).Any(t => t.Contains(part, StringComparison.Ordinal)), $"{conversation} shows “{part}”");
        return _chat.ShownIn(conversation).Last(t => t.Contains(part, StringComparison.Ordinal));
    }

    private async Task<string> ResidentShowsAsync(string userId, string part)
    {
        await Eventually.UntilAsync(() => _phone.Shown(userId).Any(m => m.Text?.Contains(part, StringComparison.Ordinal) == true), $"resident {userId} is told “{part}”");
        return _phone.Shown(userId).Last(m => m.Text?.Contains(part, StringComparison.Ordinal) == true).Text!;
    }

    private async Task AgeRequestAsync(int number, TimeSpan by)
    {
        await using var db = await _app.OpenDatabaseAsync();
        await db.ExecuteAsync("UPDATE help_requests SET created_at = created_at - @Ms WHERE number = @Number",
            new { Ms = (long)by.TotalMilliseconds, Number = number });
    }

    /// <summary>How many messages to the group mention <paramref name="part"/> (ASCII), sent or not yet.</summary>
    private Task<long> QueuedForGroupAsync(string groupId, string part) =>
        _app.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_messages WHERE channel = 'group' AND recipient_id = @GroupId AND instr(payload, @Part) > 0",
            new { GroupId = groupId, Part = part });

    private Task<string> StatusAsync(int number) =>
        _app.QueryScalarAsync<string>("SELECT status FROM help_requests WHERE number = @Number", new { Number = number });

    private Task<string?> VillageOfAsync(string userId) =>
        _app.QueryScalarAsync<string?>(
            "SELECT u.name FROM residents r JOIN admin_units u ON u.id = r.village_unit_id WHERE r.zalo_user_id = @UserId", new { UserId = userId });

    private void AssertNoFullPhoneShown(string nationalPhone)
    {
        var shown = _app.Emulator.Messages.Where(m => m.FromOa).Select(m => m.Text ?? "").ToList();
        Assert.That(shown, Has.None.Contains(nationalPhone[1..]), "phones are only ever shown masked");
    }
}
