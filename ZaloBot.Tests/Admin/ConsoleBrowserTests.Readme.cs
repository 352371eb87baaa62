using Microsoft.Playwright;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// The two pictures the README shows: the Sandbox chat simulator (below) and the console's dashboard (taken by the
/// dashboard test, whose sign-in it shares: sign-ins per minute are limited), at 1280×900. They are saved under
/// artifacts/screenshots/ on every run and written to docs/images/ when that file is missing or
/// ZALOBOT_UPDATE_DOCS_IMAGES=1 is set, so an ordinary test run leaves the committed pictures alone.
/// </summary>
public sealed partial class ConsoleBrowserTests
{
    [Test]
    public async Task In_the_simulator_a_resident_who_follows_gets_the_menu_and_a_tapped_button_opens_its_area()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/sandbox");
        await page.FillAsync("#name", "Lê Thị Hoa");
        await page.ClickAsync("#follow");

        var answers = page.Locator("#messages .bubble:not(.me)");
        var menu = answers.Filter(new() { Has = page.Locator(".buttons") }).First;
        await menu.WaitForAsync();
        var buttons = await menu.Locator(".buttons button").AllInnerTextsAsync();
        Assert.That(buttons, Does.Contain("Gặp Tổ công nghệ số"), "every menu offers a person from the team");

        var answered = await answers.CountAsync();
        await menu.Locator(".buttons button").First.ClickAsync();
        await answers.Nth(answered).WaitForAsync();
        Assert.That(await answers.Nth(answered).InnerTextAsync(), Does.Contain(buttons[0]), "the tapped area's menu");
        await SaveReadmeImageAsync(page, "simulator.png");
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
