using Microsoft.Playwright;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// The two pictures the README shows: the Sandbox chat simulator and the console's dashboard, at 1280×900. They are
/// saved under artifacts/screenshots/ on every run and written to docs/images/ when that file is missing or
/// ZALOBOT_UPDATE_DOCS_IMAGES=1 is set, so an ordinary test run leaves the committed pictures alone.
/// </summary>
public sealed partial class ConsoleBrowserTests
{
    [Test]
    public async Task A_resident_who_follows_in_the_simulator_sees_the_welcome_with_the_menu_as_buttons()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sandbox");
        await page.FillAsync("#name", "Lê Thị Hoa");
        await page.ClickAsync("#follow");

        var welcome = page.Locator("#messages .bubble:not(.me)").Filter(new() { Has = page.Locator(".buttons") }).First;
        await welcome.WaitForAsync();
        var buttons = await welcome.Locator(".buttons button").AllInnerTextsAsync();
        Assert.That(buttons, Does.Contain("Gặp Tổ công nghệ số"), "every menu offers a person from the team");
        Assert.That(buttons, Has.Count.InRange(2, 4));

        await page.ClickAsync($"#messages .bubble:not(.me) .buttons button >> text={buttons[0]}");
        await page.Locator("#messages .bubble:not(.me)").Nth(1).WaitForAsync();
        await SaveReadmeImageAsync(page, "simulator.png");
    }

    [Test]
    public async Task The_console_opens_on_the_dashboard_with_the_programme_figures_at_desktop_size()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin?" + ConsoleSeed.Period);
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("Tổng quan"));
        Assert.That(await page.InnerTextAsync("#kpi-households .value"), Is.EqualTo("5"));
        Assert.That(await page.Locator("#kpi-households").IsVisibleAsync(), Is.True, "the figures are in the first screen");
        await SaveReadmeImageAsync(page, "console.png");
    }

    private static async Task SaveReadmeImageAsync(IPage page, string name)
    {
        var options = new PageScreenshotOptions { Path = Screenshot(name), FullPage = false };
        await page.ScreenshotAsync(options);
        var docsImage = Path.Combine(Repository.Root, "docs", "images", name);
        if (!File.Exists(docsImage) || Environment.GetEnvironmentVariable("ZALOBOT_UPDATE_DOCS_IMAGES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(docsImage)!);
            File.Copy(options.Path, docsImage, overwrite: true);
        }
    }
}
