using Dapper;
using ZaloBot.Guides;
using ZaloBot.Handoff;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Guides;

/// <summary>The guides end to end: signed webhooks in, the replies the bot queued for the resident out.</summary>
public sealed class GuideWebhookTests
{
    private static readonly string[] MainMenu = ["Giấy tờ, thủ tục", "Bán hàng, thanh toán", "Sức khỏe, học tập", "Gặp Tổ công nghệ số"];

    private TestApp _app = null!;
    private HttpClient _client = null!;
    private ResidentPhone _phone = null!;
    private int _messageNumber;

    [SetUp]
    public void StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath());
        _client = _app.CreateClient();
        _phone = new ResidentPhone(_app, _client);
    }

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task Follow_gets_the_welcome_with_the_main_menu_buttons()
    {
        var welcome = await FollowAsync("7001");

        Assert.That(welcome.Text, Does.StartWith("Chào mừng bà con đến với Tổ công nghệ số cộng đồng!"));
        Assert.That(welcome.Text, Does.Contain("1. Giấy tờ, thủ tục"));
        Assert.That(welcome.Buttons.Select(b => b.Title), Is.EqualTo(MainMenu));
        Assert.That(welcome.Buttons.Select(b => b.ButtonType), Has.All.EqualTo(ZaloButtonTypes.QueryHide));
    }

    [Test]
    public async Task Tapping_buttons_moves_through_the_menus_into_a_guide_step_by_step()
    {
        var welcome = await FollowAsync("7002");

        var papers = await TapAsync("7002", welcome, "Giấy tờ, thủ tục");
        var intro = await TapAsync("7002", papers, "Cài VNeID, định danh mức 2");
        var first = await TapAsync("7002", intro, "Bắt đầu");
        var second = await TapAsync("7002", first, "Đã cài xong");

        Assert.That(papers.Text, Does.StartWith("Giấy tờ, thủ tục."));
        Assert.That(intro.Text, Does.Contain("Bà con cần chuẩn bị:").And.Contain("CCCD"));
        Assert.That(first.Text, Does.StartWith("Bước 1: Cài ứng dụng VNeID"));
        Assert.That(second.Text, Does.StartWith("Bước 2: Đăng ký định danh mức 2"));
        Assert.That(await PositionAsync("7002"), Is.EqualTo(("vneid", "muc-2")));
    }

    [Test]
    public async Task Quay_lai_Menu_and_Bat_dau_lai_always_work_typed_or_tapped()
    {
        await SendAsync("7003", "khai sinh");
        var step1 = await SendAsync("7003", "bắt đầu");
        var step2 = await TapAsync("7003", step1, "Tiếp theo");
        Assert.That(step2.Text, Does.StartWith("Bước 2: Điền tờ khai"));

        var back = await SendAsync("7003", "quay lai");
        Assert.That(back.Text, Does.StartWith("Bước 1: Mở thủ tục"));

        var menu = await SendAsync("7003", "Menu");
        Assert.That(menu.Buttons.Select(b => b.Title), Is.EqualTo(MainMenu));

        var backToGuide = await SendAsync("7003", "Quay lại");
        Assert.That(backToGuide.Text, Does.StartWith("Bước 1: Mở thủ tục"), "Quay lại from the menu returns to the step the resident left");

        var restart = await SendAsync("7003", "Bắt đầu lại");
        Assert.That(restart.Text, Does.StartWith("📋 Khai sinh, thường trú, thẻ BHYT cho bé dưới 6 tuổi"));

        var menuTapped = await TapAsync("7003", restart, "Menu chính");
        Assert.That(menuTapped.Buttons.Select(b => b.Title), Is.EqualTo(MainMenu));
    }

    [Test]
    public async Task A_number_picks_the_numbered_option_of_the_last_menu()
    {
        await FollowAsync("7004");

        var health = await SendAsync("7004", "3");
        var fees = await SendAsync("7004", "số 2");

        Assert.That(health.Text, Does.StartWith("Sức khỏe, học tập."));
        Assert.That(fees.Text, Does.StartWith("📋 Thẻ BHYT và sổ sức khỏe điện tử trên VNeID"));
    }

    [Test]
    public async Task After_24_hours_of_silence_the_next_message_offers_to_continue_or_start_over()
    {
        await SendAsync("7005", "tam tru");
        var choice = await SendAsync("7005", "bat dau");
        await TapAsync("7005", choice, "Tạm trú");
        await AgeSessionAsync("7005", TimeSpan.FromHours(25));

        var offer = await SendAsync("7005", "alo");

        Assert.That(offer.Text, Does.Contain("Lần trước mình đang hướng dẫn «Đăng ký tạm trú, thường trú trên VNeID»"));
        Assert.That(offer.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Làm tiếp", "Bắt đầu lại", "Menu chính" }));
        var resumed = await TapAsync("7005", offer, "Làm tiếp");
        Assert.That(resumed.Text, Does.StartWith("Bước 1: Mở thủ tục"));

        await AgeSessionAsync("7005", TimeSpan.FromHours(30));
        var again = await SendAsync("7005", "2");
        var restarted = await TapAsync("7005", again, "Bắt đầu lại");
        Assert.That(restarted.Text, Does.StartWith("📋 Đăng ký tạm trú, thường trú trên VNeID"));
    }

    [Test]
    public async Task Silence_shorter_than_24_hours_just_carries_on()
    {
        await SendAsync("7006", "vneid");
        await AgeSessionAsync("7006", TimeSpan.FromHours(23));

        var next = await SendAsync("7006", "bắt đầu");

        Assert.That(next.Text, Does.StartWith("Bước 1: Cài ứng dụng VNeID"));
    }

    [Test]
    public async Task Typed_text_that_imitates_a_button_payload_is_not_obeyed()
    {
        await FollowAsync("7007");

        var forged = await SendAsync("7007", "~g|s/ly-lich-tu-phap/nhan-ket-qua|AAAAAAAAAAAA");

        Assert.That(forged.Text, Does.StartWith(GuideTexts.StaleButton));
        Assert.That(await PositionAsync("7007"), Is.EqualTo(("menu", "chinh")));
    }

    [Test]
    public async Task A_button_sent_to_one_resident_does_nothing_for_another()
    {
        var welcome = await FollowAsync("7008");
        await FollowAsync("7009");

        var stolen = await SendAsync("7009", welcome.Buttons[0].Payload);

        Assert.That(stolen.Text, Does.StartWith(GuideTexts.StaleButton));
        Assert.That(await PositionAsync("7009"), Is.EqualTo(("menu", "chinh")));
    }

    [Test]
    public async Task Gap_To_cong_nghe_so_hands_over_to_the_handoff_which_keeps_the_way_back()
    {
        await SendAsync("7010", "mobile money");
        var step = await SendAsync("7010", "bat dau");

        var handoff = await TapAsync("7010", step, "Gặp Tổ công nghệ số");

        Assert.That(handoff.Text, Is.EqualTo(HandoffTexts.AskVillage));
        var quit = await TapAsync("7010", handoff, HandoffTexts.QuitButton);
        Assert.That(quit.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Quay lại hướng dẫn", "Menu chính" }));
        var back = await TapAsync("7010", quit, "Quay lại hướng dẫn");
        Assert.That(back.Text, Does.StartWith("Tiền di động (Mobile Money) là gì?"));
    }

    [Test]
    public async Task Team_commands_and_group_messages_are_left_to_other_handlers()
    {
        await PostAsync(ZaloWebhooks.UserText("7011", NextMsgId(), "#baocao 3 ho"));
        await PostAsync(ZaloWebhooks.UserText("7011", NextMsgId(), "/help"));
        await PostAsync(ZaloWebhooks.GroupText("group-1", "7011", NextMsgId(), "khai sinh"));

        await Eventually.UntilAsync(async () => await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status = 'done'") == 3,
            "the three events were dispatched");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages"), Is.Zero);
        Assert.That(_app.Emulator.MessagesIn(ZaloEmulatorState.UserConversation("7011")), Is.Empty);
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM guide_sessions"), Is.Zero);
    }

    private Task<Reply> FollowAsync(string userId) => _phone.FollowAsync(userId);

    private Task<Reply> SendAsync(string userId, string text) => _phone.SendAsync(userId, text);

    private Task<Reply> TapAsync(string userId, Reply shown, string title) => _phone.TapAsync(userId, shown, title);

    private string NextMsgId() => $"guide-msg-{Interlocked.Increment(ref _messageNumber)}";

    private async Task PostAsync(string body)
    {
        using var response = await _client.PostSignedAsync(body);
        Assert.That(response.IsSuccessStatusCode, Is.True);
    }

    private async Task<(string Guide, string Step)> PositionAsync(string userId)
    {
        await using var connection = await _app.OpenDatabaseAsync();
        return await connection.QuerySingleAsync<(string, string)>(
            "SELECT guide_id, step_id FROM guide_sessions WHERE user_id = @UserId", new { UserId = userId });
    }

    private async Task AgeSessionAsync(string userId, TimeSpan silence)
    {
        await using var connection = await _app.OpenDatabaseAsync();
        await connection.ExecuteAsync(
            "UPDATE guide_sessions SET last_seen_at = last_seen_at - @Millis WHERE user_id = @UserId",
            new { Millis = (long)silence.TotalMilliseconds, UserId = userId });
    }
}
