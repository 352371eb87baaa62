using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ZaloBot.Handoff;
using ZaloBot.Sandbox;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>The resident's callback number after <c>#nhan</c>, and the console's dead ends, in the browser at both sizes.</summary>
public sealed partial class ConsoleBrowserTests
{
    private const string Taker = "8302";
    private const string CallbackPhone = "0935246810";

    [TestCase(false)]
    [TestCase(true)]
    public async Task After_nhan_the_group_and_the_requests_page_show_the_callback_number_and_the_view_is_audited(bool phone)
    {
        var code = await RequestTakenAsync(phone ? "9102" : "9101");
        var views = await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM audit_events WHERE subject = @Code", new { Code = code });

        // The group as the Zalo emulator received it, in the Sandbox simulator.
        var group = await NewPageAsync(phone);
        await group.GotoAsync("/sandbox");
        await group.ClickAsync("#mode-group");
        await group.SelectOptionAsync("#group", SandboxSeed.DemoGroupId);
        var answer = group.Locator("#messages .bubble", new() { HasTextString = "Bạn đã nhận " + code });
        await answer.WaitForAsync();
        Assert.That(await answer.TextContentAsync(), Does.Contain("Người dân: Lê Thị Hoa (tên Zalo: Hoa Lê)\nSố gọi lại: " + CallbackPhone));
        await group.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot(phone ? "callback-group-phone.png" : "callback-group.png") });

        var page = await SignedInPageAsync(phone);
        await page.GotoAsync("/admin/help-requests/" + code);
        Assert.That(await page.InnerTextAsync("#callback-phone"), Is.EqualTo("0935 246 810"));
        Assert.That(await page.GetAttributeAsync("#callback-phone", "href"), Is.EqualTo("tel:" + CallbackPhone), "one tap to call on a phone");
        Assert.That(await page.InnerTextAsync("#callback"), Does.Contain("Lê Thị Hoa").And.Contain("Hoa Lê"));
        Assert.That(await page.InnerTextAsync("#request-age"), Does.Match("^Nhận (vừa xong|1 phút trước) · gửi (vừa xong|1 phút trước)$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot(phone ? "help-request-phone.png" : "help-request.png"), FullPage = true });
        if (phone)
        {
            await SaveReadmeImageAsync(page, "phone-help-request.png");
        }


        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM audit_events WHERE subject = @Code", new { Code = code }), Is.EqualTo(views + 1));
        Assert.That(await _app.QueryScalarAsync<string>(
            "SELECT action || ' | ' || actor FROM audit_events WHERE subject = @Code ORDER BY id DESC LIMIT 1", new { Code = code }),
            Is.EqualTo("request_phone_viewed | Cấp tỉnh · Quản trị tỉnh (Sandbox)"));
        Assert.That(await page.InnerTextAsync("#phone-views"), Does.Contain("Cấp tỉnh · Quản trị tỉnh (Sandbox)"));

        await page.GotoAsync("/admin/help-requests?status=claimed");
        Assert.That(await page.InnerTextAsync($"#requests tr[data-code=\"{code}\"]"), Does.Contain("09xx xxx 810").And.Not.Contain(CallbackPhone),
            "the list keeps it masked");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_missing_team_and_an_unknown_unit_get_the_consoles_own_pages_with_a_way_back(bool phone)
    {
        var page = await SignedInPageAsync(phone);

        var missing = await page.GotoAsync("/admin/teams/987654");
        Assert.That(missing!.Status, Is.EqualTo(404));
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("Không tìm thấy trang này"));
        Assert.That(await page.Locator("nav.menu a").CountAsync(), Is.GreaterThan(5), "still in the console, with its menu");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot(phone ? "not-found-phone.png" : "not-found.png"), FullPage = true });
        await page.ClickAsync("#problem-back");
        await page.WaitForURLAsync(_baseUrl + "/admin/units");

        var unknown = await page.GotoAsync("/admin/households?unit=KHONG-CO-MA&category=EPayment");
        Assert.That(unknown!.Status, Is.EqualTo(404));
        Assert.That(await page.InnerTextAsync("#problem-message"), Does.StartWith("Không có đơn vị mã KHONG-CO-MA"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot(phone ? "unknown-unit-phone.png" : "unknown-unit.png"), FullPage = true });
        await page.ClickAsync("#problem-back");
        await page.WaitForURLAsync(_baseUrl + "/admin/households?category=EPayment");
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("Hộ đã hỗ trợ"), "back on the list, the rest of the filter kept");
    }

    /// <summary>A resident of the demo village asks with their name and number; a member of the demo team takes it. Returns its code.</summary>
    private async Task<string> RequestTakenAsync(string resident)
    {
        using var client = _app.CreateClient();
        var chat = new TeamChatDriver(_app, client);
        var phone = new ResidentPhone(_app, client);
        await chat.AskGroupAsync(SandboxSeed.DemoGroupId, Taker, "#dangky Trần Thị Bình | 0987 654 321");
        _app.Emulator.SetUser(resident, "Hoa Lê");

        await phone.SendAsync(resident, "khai sinh");
        await phone.SendAsync(resident, "gặp tổ công nghệ số");
        var confirm = await phone.SendAsync(resident, "thon tan lap");
        await phone.TapAsync(resident, confirm, "Đúng rồi");
        var shared = await phone.ShareContactAsync(resident, "lê thị hoa", "+84 935 246 810");
        var sent = await phone.TapAsync(resident, shared, "Gửi yêu cầu");
        var code = RequestCode().Match(sent.Text ?? "").Value;
        Assert.That(code, Is.Not.Empty, sent.Text);

        await _app.Services.GetRequiredService<HelpRequestContacts>().RunOnceAsync(CancellationToken.None);
        var taken = await chat.AskGroupAsync(SandboxSeed.DemoGroupId, Taker, "#nhan " + code);
        Assert.That(taken, Does.Contain("Số gọi lại: " + CallbackPhone));
        await TeamChatDriver.UntilDeliveredAsync(_app, "group", SandboxSeed.DemoGroupId);
        return code;
    }

    [GeneratedRegex("YC-[0-9]{4}")]
    private static partial Regex RequestCode();
}
