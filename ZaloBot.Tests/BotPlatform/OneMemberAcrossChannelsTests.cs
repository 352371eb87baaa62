using System.Net.Http.Json;
using System.Text.Json;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Broadcasts;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.BotPlatform;

/// <summary>
/// A member is one person whichever channel they write through: the OA and the Bot Platform give them different user
/// ids, and the member's phone ties them together. Everything over real HTTP, answers read at the emulator.
/// </summary>
public sealed class OneMemberAcrossChannelsTests
{
    private const string OaGroup = "oa-group-tanlap";
    private const string MinhOnOa = "8001000000000000001";
    private const string MinhOnBot = "6ede0000000000000101";
    private const string LanOnOa = "8001000000000000002";

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
        _chat = new TeamChatDriver(_app, _client);
    }

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>A team of the commune bound to an OA group, with Minh (the leader) registered there.</summary>
    private async Task<long> OaTeamWithMinhAsync()
    {
        var (teamId, code) = await _chat.CreateTeamAsync("19462", "0905 111 222");
        await _chat.AskGroupAsync(OaGroup, MinhOnOa, $"#ketnoi {code}");
        Assert.That(await _chat.AskGroupAsync(OaGroup, MinhOnOa, "#dangky Hoàng Văn Minh | 0905 111 222"), Does.Contain("vai trò tổ trưởng"));
        return teamId;
    }

    [Test]
    public async Task A_member_of_an_oa_group_who_registers_in_a_bot_private_chat_is_recognised_and_their_commands_work_there()
    {
        var teamId = await OaTeamWithMinhAsync();
        await _chat.AskGroupAsync(OaGroup, MinhOnOa, "#hotro Nguyễn Văn An | Bản Bù | cài VNeID");

        var recognised = await _bot.PrivateAsync(MinhOnBot, "#dangky Hoàng Văn Minh | 0905111222");
        Assert.That(recognised.Single(), Does.StartWith("Chào Hoàng Văn Minh, bạn đã là tổ trưởng của Tổ CNS Xã Tân Lập (SĐT 09xx xxx 222)"));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM team_members WHERE team_id = @Id", new { Id = teamId }), Is.EqualTo(1),
            "one member, not a second one for the bot");
        Assert.That(_chat.ShownIn(ZaloEmulatorState.GroupConversation(OaGroup))[^1],
            Does.StartWith("Hoàng Văn Minh (SĐT 09xx xxx 222) nay nhắn riêng được với bot qua tài khoản Bot trên Zalo."), "the team's group is told");

        var recorded = await _bot.PrivateAsync(MinhOnBot, "#hotro Trần Thị Bình | Bản Bù | mở tài khoản thanh toán");
        Assert.That(recorded.Single(), Does.StartWith("Đã ghi HT-0002: hộ Trần Thị Bình, Bản Bù."), "a 1:1 command in the bot's private chat");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(DISTINCT member_id) FROM household_assists WHERE team_id = @Id", new { Id = teamId }), Is.EqualTo(1),
            "both reports are the one member's, whichever channel they came through");
        Assert.That((await _bot.PrivateAsync(MinhOnBot, "#thongke")).Single(), Does.Contain("Hộ mới được hỗ trợ: 2 hộ (2 lượt)"));
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
