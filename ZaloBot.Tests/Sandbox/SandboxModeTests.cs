using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZaloBot.AdminAuth;
using ZaloBot.Handoff;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Sandbox;

public sealed class SandboxModeTests
{
    private sealed record Config(string AppId, string OaSecretKey, string OaId, IReadOnlyList<SandboxGroup> Groups);

    [Test]
    public async Task App_with_no_zalo_configuration_runs_in_sandbox_and_opens_the_simulator()
    {
        // No app id, no secret and no mode: what a newcomer gets from the README's run command.
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: new() { ["Zalo:Mode"] = null, ["Zalo:AppId"] = "" });
        using var client = app.CreateClient();

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        var config = await client.GetFromJsonAsync<Config>(new Uri("/sandbox/api/config", UriKind.Relative));

        Assert.That(page.RequestMessage?.RequestUri?.AbsolutePath, Is.EqualTo("/sandbox"), "the root redirects to the simulator");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("Trình mô phỏng Zalo"));
        Assert.That(config!.AppId, Is.EqualTo(ZaloBot.Zalo.ZaloOptions.SandboxAppId));
        Assert.That(config.OaSecretKey, Is.EqualTo(ZaloBot.Zalo.ZaloOptions.SandboxOaSecretKey));
    }

    [Test]
    public async Task Simulator_sees_the_welcome_with_its_button_as_a_phone_would()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();

        (await client.PostSignedAsync(ZaloWebhooks.Follow("1111111111111111111"))).Dispose();

        List<SimulatedMessage> messages = [];
        await Eventually.UntilAsync(async () =>
        {
            messages = (await client.GetFromJsonAsync<List<SimulatedMessage>>(
                new Uri("/sandbox/api/messages?conversation=user:1111111111111111111&after=0", UriKind.Relative)))!;
            return messages.Count == 1;
        }, "the simulator shows the welcome");
        Assert.That(messages[0].Text, Does.StartWith("Chào mừng bà con"));
        Assert.That(messages[0].Buttons.Select(b => (b.Title, b.Type)), Is.EqualTo(new[]
        {
            ("Giấy tờ, thủ tục", "oa.query.hide"), ("Bán hàng, thanh toán", "oa.query.hide"),
            ("Sức khỏe, học tập", "oa.query.hide"), ("Gặp Tổ công nghệ số", "oa.query.hide"),
        }));
        var later = await client.GetFromJsonAsync<List<SimulatedMessage>>(
            new Uri("/sandbox/api/messages?conversation=user:1111111111111111111&after=1", UriKind.Relative));
        Assert.That(later, Is.Empty);
    }

    [Test]
    public async Task Live_mode_maps_no_sandbox_endpoints()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: TestApp.LiveSettings(new() { ["Zalo:AppSecretKey"] = "s", ["Zalo:RefreshToken"] = "r" }));
        using var client = app.CreateClient();

        using var page = await client.GetAsync(new Uri("/sandbox", UriKind.Relative));
        using var emulator = await client.PostAsync(new Uri("/sandbox/zalo/v3.0/oa/message/cs", UriKind.Relative), null);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(emulator.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Sandbox_relaxes_for_itself_what_live_mode_keeps_strict()
    {
        await using var sandbox = new TestApp(TestApp.NewDatabasePath());
        await using var live = new TestApp(TestApp.NewDatabasePath(), settings: TestApp.LiveSettings(new() { ["Zalo:AppSecretKey"] = "s", ["Zalo:RefreshToken"] = "r" }));

        static (CookieSecurePolicy Session, CookieSecurePolicy Forms, bool OpenApiPublic, string ContactCard, bool KeyDrawn) Read(TestApp app) => (
            app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ConsoleSignIn.Scheme).Cookie.SecurePolicy,
            app.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy,
            app.Services.GetRequiredService<IOptions<OpenApiOptions>>().Value.Public,
            app.Services.GetRequiredService<IOptions<HandoffOptions>>().Value.ContactCardImageUrl,
            app.Services.GetRequiredService<AdminApiKeys>().DevelopmentKey is not null);

        Assert.That(Read(sandbox), Is.EqualTo((CookieSecurePolicy.SameAsRequest, CookieSecurePolicy.SameAsRequest, true, SandboxEndpoints.ContactCardImageUrl, true)));
        Assert.That(Read(live), Is.EqualTo((CookieSecurePolicy.Always, CookieSecurePolicy.Always, false, "", false)));
    }

    [Test]
    public async Task No_configuration_makes_a_live_app_draw_and_log_an_admin_key()
    {
        var log = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), log.AddTo, TestApp.LiveSettings(new()
        {
            ["Zalo:AppSecretKey"] = "s", ["Zalo:RefreshToken"] = "r", ["Admin:DrawDevelopmentKey"] = "true",
        }));
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/admin/api/teams", UriKind.Relative));

        Assert.That(app.Services.GetRequiredService<AdminApiKeys>().DevelopmentKey, Is.Null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(log.Containing("No admin API key is configured"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Sandbox_signs_with_its_own_secret_and_never_shows_or_accepts_a_configured_one()
    {
        const string realSecret = "real-oa-secret-from-developers-zalo-me";
        var log = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), log.AddTo, new() { ["Zalo:OaSecretKey"] = realSecret });
        using var client = app.CreateClient();

        var config = await client.GetStringAsync(new Uri("/sandbox/api/config", UriKind.Relative));
        var body = ZaloWebhooks.Follow("1111111111111111111");
        using var refused = await client.PostRawAsync(body, ZaloWebhooks.Mac(body, secret: realSecret));
        using var accepted = await client.PostSignedAsync(body);

        Assert.That(config, Does.Not.Contain(realSecret).And.Contain(ZaloBot.Zalo.ZaloOptions.SandboxOaSecretKey));
        Assert.That((refused.StatusCode, accepted.StatusCode), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.OK)));
        Assert.That(log.Containing("Sandbox mode ignores the configured Zalo__OaSecretKey"), Has.Count.EqualTo(1));
        Assert.That(log.Lines.Select(l => l.Message), Has.None.Contain(realSecret));
    }

    [TestCase("Zalo:AccessToken")]
    [TestCase("Zalo:RefreshToken")]
    [TestCase("Zalo:AppSecretKey")]
    public void Sandbox_refuses_to_start_with_real_zalo_credentials(string setting)
    {
        var failure = Assert.Catch(() => new TestApp(TestApp.NewDatabasePath(), settings: new() { [setting] = "a-real-looking-credential" }).Dispose());

        Assert.That(failure!.ToString(), Does.Contain("Sandbox mode cannot run with real Zalo credentials: remove them or set Zalo__Mode=Live"));
    }

    [Test]
    public async Task Outside_loopback_the_simulator_and_its_apis_ask_for_the_console_sign_in()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        using var remote = ConsoleClient.Anonymous(app);
        // What nginx in front of a container adds: the caller is another machine.
        remote.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.20");
        using var local = ConsoleClient.Anonymous(app);

        using var page = await remote.GetAsync("/sandbox");
        using var config = await remote.GetAsync("/sandbox/api/config");
        using var messages = await remote.GetAsync("/sandbox/api/messages?conversation=user:1");
        using var localConfig = await local.GetAsync("/sandbox/api/config");

        Assert.That((page.StatusCode, page.Headers.Location?.PathAndQuery), Is.EqualTo((HttpStatusCode.Redirect, "/admin/sign-in?returnUrl=%2Fsandbox")));
        Assert.That((config.StatusCode, messages.StatusCode), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.Redirect)), "no secret, no conversation");
        Assert.That(localConfig.StatusCode, Is.EqualTo(HttpStatusCode.OK), "this machine needs no sign-in");

        var signedIn = await ConsoleClient.SignInAsync(app);
        signedIn.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.20");
        using var afterSignIn = await signedIn.GetAsync("/sandbox/api/config");
        Assert.That(afterSignIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        signedIn.Dispose();
    }

    [Test]
    public async Task Sandbox_allow_remote_opens_the_simulator_to_other_machines_and_the_start_line_says_so()
    {
        var log = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), log.AddTo, new() { ["Sandbox:AllowRemote"] = "true" });
        using var remote = ConsoleClient.Anonymous(app);
        remote.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.20");

        using var config = await remote.GetAsync("/sandbox/api/config");

        Assert.That(config.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(log.Containing("Sandbox mode: Zalo is simulated"), Has.One.Contains("open to every machine that reaches this port (Sandbox__AllowRemote=true)"));
    }

    [Test]
    public async Task Sandbox_says_at_start_that_other_machines_reach_it_only_after_sign_in()
    {
        // What the Docker image runs when started without Zalo settings.
        var log = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), log.AddTo, new() { ["Zalo:Mode"] = null, ["Zalo:AppId"] = "" });

        Assert.That(log.Lines.Where(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => l.Message),
            Has.One.EqualTo("Sandbox mode: Zalo is simulated, no real message is sent; the chat simulator at /sandbox is open to this machine; "
                + "from other machines only after signing in to the console at /admin/sign-in. Set Zalo__Mode=Live for a real OA."));
    }
}
