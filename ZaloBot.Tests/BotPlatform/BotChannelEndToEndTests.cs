using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ZaloBot.Messaging;
using ZaloBot.Sandbox;
using ZaloBot.TeamChat;
using ZaloBot.Teams;
using ZaloBot.Tests.Broadcasts;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.BotPlatform;

/// <summary>
/// The features on the Bot Platform channel, end to end: updates posted to the bot's webhook, answers read at the
/// emulated platform, and the OA channel beside it for what crosses from one to the other: a request, and a member,
/// who is one person whichever channel they write through (a code posted in their team's group ties the two ids together).
/// </summary>
public sealed partial class BotChannelEndToEndTests
{
    private const string BotGroup = "zgr-891bfa57540ebd50e41f";
    private const string Minh = "6ede0000000000000001";
    private const string Binh = "6ede0000000000000002";

    // One member, Minh Hoàng Văn, as each channel knows him; Lan only ever writes on the OA.
    private const string OaGroup = "oa-group-tanlap";
    private const string MinhOnOa = "8001000000000000001";
    private const string MinhOnBot = "6ede0000000000000101";
    private const string LanOnOa = "8001000000000000002";

    // Someone on the bot who knows the leader's name and phone, as residents do.
    private const string Outsider = "6ede0000000000000666";

    private TestApp _app = null!;
    private HttpClient _client = null!;
    private BotChatDriver _bot = null!;
    private TeamChatDriver _chat = null!;

    [SetUp]
    public void StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        _client = _app.CreateClient();
        _bot = new BotChatDriver(_app, _client);
        _bot.Names[Minh] = "Minh Hoàng";
        _chat = new TeamChatDriver(_app, _client);
    }

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task A_resident_walks_a_guide_by_typing_numbers_in_a_private_chat()
    {
        var intro = await _bot.PrivateAsync("u-10", "vneid");
        Assert.That(intro.Single(), Does.StartWith("📋 Cài VNeID và định danh điện tử mức 2").And.EndWith("\n\n1. Bắt đầu\n2. Gặp Tổ công nghệ số\n3. Menu chính"),
            "the choices are numbered lines, there being no buttons");

        var step1 = await _bot.PrivateAsync("u-10", "1");
        Assert.That(step1.Single(), Does.StartWith("Bước 1: Cài ứng dụng VNeID").And.EndWith("1. Đã cài xong\n2. Cảnh giác lừa đảo\n3. Gặp Tổ công nghệ số\n4. Menu chính"));
        var step2 = await _bot.PrivateAsync("u-10", "1");
        Assert.That(step2.Single(), Does.StartWith("Bước 2: Đăng ký định danh mức 2"));

        Assert.That(await _app.QueryScalarAsync<string>("SELECT guide_id || '/' || step_id FROM guide_sessions WHERE via = 'zalo_bot' AND user_id = 'u-10'"),
            Does.StartWith("vneid/"));
        Assert.That(_chat.ShownIn(ZaloEmulatorState.UserConversation("u-10")), Is.Empty, "nothing went through the OA");
    }

    [Test]
    public async Task A_bot_group_is_bound_by_ketnoi_and_a_hotro_typed_there_is_recorded_for_the_team()
    {
        var (teamId, code) = await _chat.CreateTeamAsync("DEMO-TANLAP-2", "0905 111 222");

        var bound = await _bot.AskGroupAsync(BotGroup, Minh, $"#ketnoi {code}");
        Assert.That(bound, Does.StartWith("Đã kết nối nhóm với Tổ CNSCĐ Thôn Tân Hòa (Thôn Tân Hòa)."));
        Assert.That(await _app.QueryScalarAsync<string>("SELECT group_via || ':' || group_id FROM teams WHERE id = @Id", new { Id = teamId }),
            Is.EqualTo("zalo_bot:" + BotGroup));

        Assert.That(await _bot.AskGroupAsync(BotGroup, Minh, "#dangky Hoàng Văn Minh | 0905 111 222"), Does.Contain("vai trò tổ trưởng"));
        var recorded = await _bot.AskGroupAsync(BotGroup, Minh, "#hotro Nguyễn Văn An | Thôn Tân Hòa | cài VNeID, kích hoạt định danh mức 2");
        Assert.That(recorded, Does.StartWith("@Minh Hoàng Đã ghi HT-0001: hộ Nguyễn Văn An, Thôn Tân Hòa."),
            "the platform has no mentions: the answer names the member as Zalo shows them, so a busy group knows whose it is");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM household_assists WHERE team_id = @Id", new { Id = teamId }), Is.EqualTo(1));
        Assert.That(await _bot.AskGroupAsync(BotGroup, Minh, "#thongke"), Does.Contain("Hộ mới được hỗ trợ: 1 hộ (1 lượt)"));

        using var console = await ConsoleClient.SignInAsync(_app);
        var page = WebUtility.HtmlDecode(await console.GetStringAsync($"/admin/teams/{teamId}"));
        Assert.That(page, Does.Contain("<dd>Nhóm Zalo thường (Bot) · kết nối ngày"), "the team page shows the group's channel");
        var units = WebUtility.HtmlDecode(await console.GetStringAsync("/admin/units"));
        Assert.That(units, Does.Contain("<td>Nhóm Zalo thường (Bot)</td>").And.Contain("<td>Nhóm OA</td>"), "so does the teams list, for each kind of group");
        using var admin = _chat.Admin();
        var item = await admin.GetFromJsonAsync<JsonElement>($"/admin/api/teams/{teamId}");
        Assert.That(item.GetProperty("groupChannel").GetString(), Is.EqualTo("zalo_bot"), "the admin API names the group's channel");
    }

    [Test]
    public async Task A_request_from_an_oa_resident_is_posted_to_a_team_group_on_the_bot_channel_and_claimed_there()
    {
        var (_, code) = await _chat.CreateTeamAsync("19462", "0905 111 222");
        await _bot.AskGroupAsync(BotGroup, Minh, $"#ketnoi {code}");
        await _bot.AskGroupAsync(BotGroup, Minh, "#dangky Hoàng Văn Minh | 0905 111 222");
        var phone = new ResidentPhone(_app, _client);

        await phone.SendAsync("9003", "vneid");
        await phone.SendAsync("9003", "gặp tổ công nghệ số");
        var confirm = await phone.SendAsync("9003", "bản bù");
        var contact = await phone.TapAsync("9003", confirm, "Đúng rồi");
        var summary = await phone.TapAsync("9003", contact, "Bỏ qua");
        var sent = await phone.TapAsync("9003", summary, "Gửi yêu cầu");
        Assert.That(sent.Text, Does.StartWith("Dạ, mình đã gửi yêu cầu YC-0001 tới Tổ CNS Xã Tân Lập rồi ạ"));

        var posted = await _bot.ShowsAsync(BotGroup, "🙋 Yêu cầu hỗ trợ YC-0001");
        Assert.That(posted, Does.Contain("Ở: Bản Bù, Xã Tân Lập").And.EndWith("Ai giúp được thì gõ: #nhan YC-0001"));
        Assert.That(_chat.ShownIn(ZaloEmulatorState.GroupConversation(BotGroup)), Is.Empty, "nothing went to an OA group of that id");

        var claimed = await _bot.AskGroupAsync(BotGroup, Minh, "#nhan YC-0001");
        Assert.That(claimed, Does.StartWith("@Minh Hoàng Bạn đã nhận YC-0001"));
        await Eventually.UntilAsync(
            () => _chat.ShownIn(ZaloEmulatorState.UserConversation("9003")).Any(t => t.Contains("Hoàng Văn Minh ở Tổ CNS Xã Tân Lập đã nhận giúp", StringComparison.Ordinal)),
            "the resident, on the OA, is told who helps");
        await using var db = await _app.OpenDatabaseAsync();
        Assert.That(await db.ExecuteScalarAsync<string>("SELECT status || ':' || resident_via FROM help_requests WHERE number = 1"), Is.EqualTo("claimed:zalo_oa"));
    }

    [TestCase(true, TestName = "A_resident_on_the_bot_asks_for_a_person_by_numbers_and_the_request_reaches_the_teams_bot_group")]
    [TestCase(false, TestName = "A_resident_on_the_bot_asks_for_a_person_by_numbers_and_the_request_reaches_the_teams_oa_group")]
    public async Task A_resident_on_the_bot_asks_for_a_person_by_numbers_and_the_request_reaches_the_team_group(bool teamOnBot)
    {
        var (_, code) = await _chat.CreateTeamAsync("19462", "0905 111 222");
        var claim = teamOnBot
            ? (Func<string, Task<string>>)(text => _bot.AskGroupAsync(BotGroup, Minh, text))
            : text => _chat.AskGroupAsync(OaGroup, Minh, text);
        await claim($"#ketnoi {code}");
        await claim("#dangky Hoàng Văn Minh | 0905 111 222");

        await _bot.PrivateAsync("u-30", "vneid");
        var village = (await _bot.PrivateAsync("u-30", "2")).Single();
        Assert.That(village, Does.Contain("gõ tên thôn").And.EndWith("1. Không nhớ tên thôn\n2. Hủy"), "«Gặp Tổ công nghệ số» chosen by its number");
        var commune = (await _bot.PrivateAsync("u-30", "1")).Single();
        Assert.That(commune, Does.StartWith("Không sao ạ. Bà con ở xã, phường nào ạ?"), "«Không nhớ tên thôn» is a choice by its number, not a village called “1”");
        var confirmCommune = (await _bot.PrivateAsync("u-30", "tân lập")).Single();
        Assert.That(confirmCommune, Does.Contain("Xã Tân Lập").And.Contain("1. Đúng rồi"));
        var contact = await _bot.PrivateAsync("u-30", "1");
        Assert.That(contact[^1], Does.EndWith("1. Bỏ qua\n2. Hủy"), "the contact question, its choices numbered");
        var summary = (await _bot.PrivateAsync("u-30", "1")).Single();
        Assert.That(summary, Does.Contain("1. Gửi yêu cầu"), "«Bỏ qua» taken by its number, not as an answer");
        var sent = (await _bot.PrivateAsync("u-30", "1")).Single();
        Assert.That(sent, Does.StartWith("Dạ, mình đã gửi yêu cầu YC-0001 tới Tổ CNS Xã Tân Lập rồi ạ"));

        const string Posted = "🙋 Yêu cầu hỗ trợ YC-0001";
        if (teamOnBot)
        {
            Assert.That(await _bot.ShowsAsync(BotGroup, Posted), Does.EndWith("Ai giúp được thì gõ: #nhan YC-0001"));
        }
        else
        {
            await Eventually.UntilAsync(() => _chat.ShownIn(ZaloEmulatorState.GroupConversation(OaGroup)).Any(t => t.StartsWith(Posted, StringComparison.Ordinal)),
                "the request is posted to the team's OA group");
        }

        Assert.That(await claim("#nhan YC-0001"), Does.Contain("Bạn đã nhận YC-0001"));
        Assert.That(await _bot.ShowsAsync("u-30", "Hoàng Văn Minh ở Tổ CNS Xã Tân Lập đã nhận giúp"), Is.Not.Empty, "the resident, on the bot, is told who helps");
        Assert.That(await _app.QueryScalarAsync<string>("SELECT status || ':' || resident_via FROM help_requests WHERE number = 1"), Is.EqualTo("claimed:zalo_bot"));
    }

    [Test]
    public async Task An_announcement_to_team_groups_reaches_the_oa_group_and_the_bot_group_each_through_its_own_channel()
    {
        var (_, code) = await _chat.CreateTeamAsync("DEMO-TANLAP-2", "0905 111 222");
        await _bot.AskGroupAsync(BotGroup, Minh, $"#ketnoi {code}");
        using var admin = _chat.Admin();

        var created = await BroadcastHarness.CreateAsync(admin, new { title = "Lịch trực tuần", text = "Tổ trực tại nhà văn hóa từ thứ Hai.", audience = "groups", unitCodes = new[] { "19462" } });
        var id = created.GetProperty("id").GetInt64();
        await BroadcastHarness.PostAsync(admin, id, "send");
        await BroadcastHarness.UntilStatusAsync(admin, id, "completed");

        const string Announcement = "Lịch trực tuần\n\nTổ trực tại nhà văn hóa từ thứ Hai.";
        Assert.That(_bot.ShownIn(BotGroup), Does.Contain(Announcement));
        Assert.That(_chat.ShownIn(ZaloEmulatorState.GroupConversation(ZaloBot.Sandbox.SandboxSeed.DemoGroupId)), Does.Contain(Announcement));
    }

    /// <summary>A team of the commune bound to an OA group, with Minh (the leader) registered there.</summary>
    private Task<long> OaTeamWithMinhAsync() => OaTeamWithMinhAsync(_chat);

    private static async Task<long> OaTeamWithMinhAsync(TeamChatDriver chat)
    {
        var (teamId, code) = await chat.CreateTeamAsync("19462", "0905 111 222");
        await chat.AskGroupAsync(OaGroup, MinhOnOa, $"#ketnoi {code}");
        Assert.That(await chat.AskGroupAsync(OaGroup, MinhOnOa, "#dangky Hoàng Văn Minh | 0905 111 222"), Does.Contain("vai trò tổ trưởng"));
        return teamId;
    }

    /// <summary>The code of the last link request, as the notice in the OA group shows it.</summary>
    private Task<string> CodePostedInOaGroupAsync() => CodePostedInOaGroupAsync(_chat);

    private static async Task<string> CodePostedInOaGroupAsync(TeamChatDriver chat)
    {
        string? code = null;
        await Eventually.UntilAsync(
            () => (code = chat.ShownIn(ZaloEmulatorState.GroupConversation(OaGroup)).Select(t => LinkCodeInNotice().Match(t)).LastOrDefault(m => m.Success)?.Groups[1].Value) is not null,
            "a link code is posted in the OA group");
        return code!;
    }

    [GeneratedRegex(@"#xacnhan ([0-9]{6})\n")]
    private static partial Regex LinkCodeInNotice();

    [Test]
    public async Task A_member_of_an_oa_group_who_registers_in_a_bot_private_chat_is_linked_by_the_code_posted_in_their_group_and_their_commands_work_there()
    {
        var teamId = await OaTeamWithMinhAsync();
        await _chat.AskGroupAsync(OaGroup, MinhOnOa, "#hotro Nguyễn Văn An | Bản Bù | cài VNeID");

        var asked = await _bot.PrivateAsync(MinhOnBot, "#dangky Hoàng Văn Minh | 0905111222");
        Assert.That(asked.Single(), Does.StartWith("Để chắc đúng là bạn, bot vừa gửi một mã 6 số vào nhóm Zalo của tổ bạn."));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM member_identities WHERE via = 'zalo_bot'"), Is.Zero,
            "nothing is attached on a name and phone alone");
        var code = await CodePostedInOaGroupAsync();
        Assert.That(await _bot.PrivateAsync(Outsider, $"#xacnhan {code}"), Is.EqualTo(new[] { TeamReplies.NoPendingLink }),
            "the code works only for the identity that asked");
        Assert.That(await _chat.AskGroupAsync(OaGroup, MinhOnOa, $"#xacnhan {code}"), Does.Contain(TeamReplies.ConfirmLinkOnlyPrivate));

        var recognised = await _bot.PrivateAsync(MinhOnBot, $"#xác nhận {code}");
        Assert.That(recognised.Single(), Does.StartWith("Chào Hoàng Văn Minh, bạn đã là tổ trưởng của Tổ CNS Xã Tân Lập (SĐT 09xx xxx 222)"));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM team_members WHERE team_id = @Id", new { Id = teamId }), Is.EqualTo(1),
            "one member, not a second one for the bot");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM member_link_codes"), Is.Zero, "the used code is gone");
        await Eventually.UntilAsync(
            () => _chat.ShownIn(ZaloEmulatorState.GroupConversation(OaGroup))[^1]
                .StartsWith("Hoàng Văn Minh (SĐT 09xx xxx 222) nay nhắn riêng được với bot qua tài khoản Bot trên Zalo.", StringComparison.Ordinal),
            "the team's group is told");

        var recorded = await _bot.PrivateAsync(MinhOnBot, "#hotro Trần Thị Bình | Bản Bù | mở tài khoản thanh toán");
        Assert.That(recorded.Single(), Does.StartWith("Đã ghi HT-0002: hộ Trần Thị Bình, Bản Bù."), "a 1:1 command in the bot's private chat");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(DISTINCT member_id) FROM household_assists WHERE team_id = @Id", new { Id = teamId }), Is.EqualTo(1),
            "both reports are the one member's, whichever channel they came through");
        Assert.That((await _bot.PrivateAsync(MinhOnBot, "#thongke")).Single(), Does.Contain("Hộ mới được hỗ trợ: 2 hộ (2 lượt)"));
        Assert.That(await _bot.PrivateAsync(MinhOnBot, $"#xacnhan {code}"), Is.EqualTo(new[] { TeamReplies.AlreadyLinked }));
    }

    [Test]
    public async Task An_impostor_with_a_leaders_public_name_and_phone_gets_no_request_and_the_code_is_posted_only_in_the_group()
    {
        var logs = new LogCapture();
        await using var app = new TestApp(TestApp.NewDatabasePath(), services => services.AddSingleton<ILoggerProvider>(logs), TeamChatDriver.Settings());
        using var client = app.CreateClient();
        var (bot, chat) = (new BotChatDriver(app, client), new TeamChatDriver(app, client));
        await OaTeamWithMinhAsync(chat);
        var phone = new ResidentPhone(app, client);
        await phone.SendAsync("9003", "vneid");
        await phone.SendAsync("9003", "gặp tổ công nghệ số");
        var confirm = await phone.SendAsync("9003", "bản bù");
        await phone.TapAsync("9003", confirm, "Đúng rồi");
        var summary = await phone.SendAsync("9003", "0912 333 444");
        Assert.That((await phone.TapAsync("9003", summary, "Gửi yêu cầu")).Text, Does.StartWith("Dạ, mình đã gửi yêu cầu YC-0001"));

        var asked = await bot.PrivateAsync(Outsider, "#dangky Hoàng Văn Minh | 0905 111 222");
        Assert.That(asked.Single(), Is.EqualTo(TeamReplies.LinkCodePosted), "no team, group or member named to the requester");
        var code = await CodePostedInOaGroupAsync(chat);
        Assert.That(chat.ShownIn(ZaloEmulatorState.GroupConversation(OaGroup)), Has.Some.StartsWith(
            $"Hoàng Văn Minh: có người vừa xin dùng bot với tên của bạn qua tài khoản Bot trên Zalo.\nNếu đúng là bạn, trong 15 phút hãy nhắn riêng cho bot qua kênh đó: #xacnhan {code}\n"));

        Assert.That(await bot.PrivateAsync(Outsider, "#nhan YC-0001"), Is.Empty, "the impostor is no member, so the request is not theirs");
        Assert.That(await bot.PrivateAsync(Outsider, "#thongke"), Is.Empty);
        Assert.That(await app.QueryScalarAsync<string>("SELECT status FROM help_requests WHERE number = 1"), Is.EqualTo("open"));
        Assert.That(bot.ShownIn(Outsider), Has.None.Contain("333 444").And.None.Contain("0912333444").And.None.Contain(code));
        Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM member_identities WHERE via = 'zalo_bot'"), Is.Zero);

        await using var db = await app.OpenDatabaseAsync();
        var row = await db.QuerySingleAsync<(long Attempts, byte[] Salt, byte[] Hash, string Whole)>("""
            SELECT attempts, code_salt, code_hash, member_id || '|' || via || '|' || user_id || '|' || hex(code_salt) || '|' || hex(code_hash) || '|' || expires_at
            FROM member_link_codes
            """);
        Assert.That(row.Hash, Is.EqualTo(SHA256.HashData([.. row.Salt, .. Encoding.ASCII.GetBytes(code)])), "the code is kept as a salted hash");
        Assert.That(row.Whole, Does.Not.Contain(code), "and nowhere in clear");
        Assert.That(logs.Lines.Select(l => l.Message), Has.None.Contain(code), "nor logged");
    }

    [Test]
    public async Task Five_wrong_codes_drop_the_pending_link_so_the_right_one_no_longer_links_and_no_new_code_is_posted_until_it_expires()
    {
        await OaTeamWithMinhAsync();
        await _bot.PrivateAsync(Outsider, "#dangky Hoàng Văn Minh | 0905111222");
        var code = await CodePostedInOaGroupAsync();
        var wrong = ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

        for (var left = 4; left >= 1; left--)
        {
            Assert.That(await _bot.PrivateAsync(Outsider, $"#xacnhan {wrong}"), Is.EqualTo(new[] { TeamReplies.WrongLinkCode(left) }));
        }

        Assert.That(await _bot.PrivateAsync(Outsider, $"#xacnhan {wrong}"), Is.EqualTo(new[] { TeamReplies.LinkCodeDropped }));
        Assert.That(await _bot.PrivateAsync(Outsider, $"#xacnhan {code}"), Is.EqualTo(new[] { TeamReplies.LinkCodeDropped }), "the right code no longer works");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM member_identities WHERE via = 'zalo_bot'"), Is.Zero);

        Assert.That(await _bot.PrivateAsync(Outsider, "#dangky Hoàng Văn Minh | 0905111222"), Is.EqualTo(new[] { TeamReplies.LinkRequestsPaused }),
            "asking again does not buy five more guesses");
        Assert.That(await _bot.PrivateAsync(MinhOnBot, "#dangky Hoàng Văn Minh | 0905111222"), Is.EqualTo(new[] { TeamReplies.LinkRequestsPaused }),
            "nor does asking from another account, for the same member");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE recipient_id = @Group AND payload LIKE '%#xacnhan%'",
            new { Group = OaGroup }), Is.EqualTo(1), "no new code was posted");
        var malformed = await _bot.PrivateAsync(Outsider, "#xacnhan 12345");
        Assert.That(malformed.Single(), Does.Contain("mã xác nhận gồm 6 chữ số").And.EndWith("Cách gõ: #xacnhan <mã 6 số>\nVí dụ: #xacnhan 482913"));
    }

    [Test]
    public async Task An_expired_code_is_refused_with_how_to_start_again_and_the_sweeper_then_forgets_the_request()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new TestApp(TestApp.NewDatabasePath(), services => services.AddSingleton<TimeProvider>(clock), TeamChatDriver.Settings());
        using var client = app.CreateClient();
        var (bot, chat) = (new BotChatDriver(app, client), new TeamChatDriver(app, client));
        await OaTeamWithMinhAsync(chat);
        await bot.PrivateAsync(MinhOnBot, "#dangky Hoàng Văn Minh | 0905111222");
        var code = await CodePostedInOaGroupAsync(chat);

        clock.Advance(MemberLinkStore.Lifetime + TimeSpan.FromSeconds(1));
        Assert.That(await bot.PrivateAsync(MinhOnBot, $"#xacnhan {code}"), Is.EqualTo(new[] { TeamReplies.LinkCodeExpired }));
        Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM member_identities WHERE via = 'zalo_bot'"), Is.Zero);

        await bot.PrivateAsync(MinhOnBot, "#dangky Hoàng Văn Minh | 0905111222");
        clock.Advance(2 * MemberLinkStore.Lifetime + TimeSpan.FromSeconds(1));
        await app.Services.GetRequiredService<RetentionSweeper>().SweepAsync(CancellationToken.None);
        Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM member_link_codes"), Is.Zero, "a request is kept no longer than needed");
    }

    [Test]
    public async Task A_private_register_with_a_members_phone_under_another_name_attaches_nothing()
    {
        var teamId = await OaTeamWithMinhAsync();

        var answer = await _bot.PrivateAsync(MinhOnBot, "#dangky Kẻ Giả Danh | 0905111222");
        Assert.That(answer.Single(), Does.StartWith("Để đăng ký thành viên, bạn gõ lệnh này trong nhóm Zalo của tổ mình"));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM member_identities WHERE via = 'zalo_bot'"), Is.Zero);
        Assert.That(await _bot.PrivateAsync(MinhOnBot, "#thongke"), Is.Empty, "no team command works for them");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM team_members WHERE team_id = @Id", new { Id = teamId }), Is.EqualTo(1));
    }

    [Test]
    public async Task An_announcement_to_members_reaches_each_person_once_on_the_channel_they_last_wrote_on()
    {
        await OaTeamWithMinhAsync();
        await _chat.AskGroupAsync(OaGroup, LanOnOa, "#dangky Lê Thị Lan | 0905 333 444");
        await _chat.UserAsync(LanOnOa, "#thongke");
        await _chat.UserAsync(MinhOnOa, "#thongke");
        await _bot.PrivateAsync(MinhOnBot, "#dangky Hoàng Văn Minh | 0905111222");
        await _bot.PrivateAsync(MinhOnBot, $"#xacnhan {await CodePostedInOaGroupAsync()}");
        using var admin = _chat.Admin();

        var request = new { title = "Họp tổ", text = "Họp tổ lúc 8 giờ sáng thứ Hai.", audience = "members", unitCodes = new[] { "19462" } };
        using (var previewResponse = await admin.PostAsJsonAsync("/admin/api/broadcasts/preview", request))
        {
            var preview = await previewResponse.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That((preview.GetProperty("recipients").GetInt64(), preview.GetProperty("willSend").GetInt64()), Is.EqualTo((2L, 2L)),
                "two people, not three identities, both within reach");
        }

        var created = await BroadcastHarness.CreateAsync(admin, request);
        var id = created.GetProperty("id").GetInt64();
        await BroadcastHarness.PostAsync(admin, id, "send");
        await BroadcastHarness.UntilStatusAsync(admin, id, "completed");

        const string Announcement = "Họp tổ\n\nHọp tổ lúc 8 giờ sáng thứ Hai.";
        Assert.That(_bot.ShownIn(MinhOnBot), Does.Contain(Announcement), "Minh last wrote in the bot's private chat");
        Assert.That(_chat.ShownIn(ZaloEmulatorState.UserConversation(MinhOnOa)), Does.Not.Contain(Announcement), "and gets it once");
        Assert.That(_chat.ShownIn(ZaloEmulatorState.UserConversation(LanOnOa)), Does.Contain(Announcement), "Lan only ever wrote on the OA");
    }
}
