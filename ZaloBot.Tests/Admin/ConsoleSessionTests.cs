using System.Net;
using ZaloBot.AdminAuth;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>Console sessions live on the server: signing out, or removing a key, ends them even for a copied cookie.</summary>
public sealed class ConsoleSessionTests
{
    private const string OfficerKey = "officer-lia-key-0123456789";

    [Test]
    public async Task A_copied_console_cookie_stops_working_after_sign_out()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        var cookies = new CookieContainer();
        using var browser = await ConsoleClient.SignInAsync(app, cookies: cookies);
        using var copy = ConsoleClient.Anonymous(app, keepCookies: false);
        copy.DefaultRequestHeaders.Add("Cookie", SessionCookie(app, cookies));
        using (var before = await copy.GetAsync("/admin/units"))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copied cookie works while the session lasts");
        }

        using var signOut = await browser.PostAsync("/admin/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = await ConsoleClient.CsrfTokenAsync(browser, "/admin/units"),
        }));
        using var after = await copy.GetAsync("/admin/units");

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(after.Headers.Location?.AbsolutePath, Is.EqualTo(ConsoleSignIn.SignInPath));
        Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.Zero);
    }

    [Test]
    public async Task Removing_a_key_from_the_configuration_ends_its_sessions_at_the_next_restart()
    {
        var path = TestApp.NewDatabasePath();
        var settings = TeamChatDriver.Settings();
        settings["Admin:Keys:0:Key"] = OfficerKey;
        settings["Admin:Keys:0:Role"] = "officer";
        settings["Admin:Keys:0:UnitCode"] = "19462";
        string cookie;
        await using (var app = new TestApp(path, settings: settings))
        {
            var cookies = new CookieContainer();
            using var officer = await ConsoleClient.SignInAsync(app, OfficerKey, cookies);
            using var province = await ConsoleClient.SignInAsync(app);
            cookie = SessionCookie(app, cookies);
            Assert.That(await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.EqualTo(2));
        }

        await using var restarted = new TestApp(path, settings: TeamChatDriver.Settings());
        using var copy = ConsoleClient.Anonymous(restarted, keepCookies: false);
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        using var after = await copy.GetAsync("/admin/units");

        Assert.That(after.Headers.Location?.AbsolutePath, Is.EqualTo(ConsoleSignIn.SignInPath));
        Assert.That(await restarted.QueryScalarAsync<long>("SELECT COUNT(*) FROM console_sessions"), Is.EqualTo(1), "the province key's session stays");
    }

    /// <summary>The session cookie a browser holds, as someone could copy it out: "zalobot-session=…".</summary>
    private static string SessionCookie(TestApp app, CookieContainer cookies)
    {
        using var probe = app.CreateClient();
        return cookies.GetCookies(probe.BaseAddress!)[ConsoleSignIn.CookieName]!.ToString();
    }
}
