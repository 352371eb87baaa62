using Microsoft.Playwright;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>The two report views, «Hộ ở thôn/xã này» and «Tổ này đã hỗ trợ», with a household helped outside its team's village.</summary>
public sealed partial class ConsoleBrowserTests
{
    private const string TanLapVillage = "DEMO-TANLAP-1";
    private const string TanHoaVillage = "DEMO-TANLAP-2";

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_household_helped_by_another_villages_team_is_counted_where_it_lives_and_under_the_team_and_each_view_is_named(bool phone)
    {
        // The Tân Lập team helps a household of Thôn Tân Hòa, typed without diacritics; one name per run, the fixture is shared.
        var household = phone ? "Nguyễn Văn Bảy" : "Nguyễn Văn Chín";
        using (var client = _app.CreateClient())
        {
            var chat = new TeamChatDriver(_app, client);
            await chat.AskGroupAsync(SandboxSeed.DemoGroupId, Taker, "#dangky Trần Thị Bình | 0987 654 321");
            Assert.That(await chat.AskGroupAsync(SandboxSeed.DemoGroupId, Taker, $"#hotro {household} | tan hoa | cài VNeID"), Does.Contain(household));
        }

        var page = await SignedInPageAsync(phone);
        await page.GotoAsync($"/admin/households?unit={TanLapVillage}");
        Assert.That(await page.InnerTextAsync("#counting strong"), Is.EqualTo("Tổ này đã hỗ trợ"), "the page names the view it shows");
        Assert.That(await page.Locator("#households tbody th").AllInnerTextsAsync(), Does.Contain(household), "the team's output holds it");

        await page.ClickAsync("#counting a:has-text('Hộ ở thôn/xã này')");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("by=village"));
        Assert.That(await page.InnerTextAsync("#counting strong"), Is.EqualTo("Hộ ở thôn/xã này"));
        Assert.That(await page.Locator("#households tbody th").AllInnerTextsAsync(), Does.Not.Contain(household), "it does not live in Tân Lập");

        await page.SelectOptionAsync("#household-filters select[name=unit]", TanHoaVillage);
        await page.ClickAsync("#household-filters button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"unit={TanHoaVillage}"));
        Assert.That(await page.InnerTextAsync("#counting strong"), Is.EqualTo("Hộ ở thôn/xã này"));
        var row = page.Locator("#households tbody tr", new() { HasTextString = household });
        Assert.That(await row.InnerTextAsync(), Does.Contain("Tổ CNSCĐ Thôn Tân Lập"), "counted in Tân Hòa, where it lives, with the team that helped it");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot(phone ? "coverage-phone.png" : "coverage.png"), FullPage = true });
        if (phone)
        {
            Assert.That(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), Is.False,
                "on a phone the page does not scroll sideways");
        }

        await page.GotoAsync("/admin/units?unit=19462");
        Assert.That(await page.GetAttributeAsync($"tr[data-unit=\"{TanHoaVillage}\"] [data-living]", "data-living"), Is.Not.EqualTo("0"),
            "the units table counts Tân Hòa by the households living there, though it has no team");
    }
}
