using System.Net;
using System.Text.RegularExpressions;
using ZaloBot.AdminAuth;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Hosting;

/// <summary>
/// Live mode behind a reverse proxy that terminates HTTPS and forwards plain HTTP (nginx, Caddy, Traefik): the test
/// plays the proxy, on loopback, and sends the forwarded headers itself. Cookies are kept by hand, as a browser keeps
/// Secure cookies for an https:// site the client here never sees.
/// </summary>
public sealed partial class ReverseProxyTests
{
    private const string Caller = "203.0.113.7";

    private static Dictionary<string, string?> Live() => TestApp.LiveSettings(TeamChatDriver.Settings());

    [Test]
    public async Task Live_sign_in_works_through_a_proxy_that_terminates_https_and_the_log_names_the_caller()
    {
        var log = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), log.AddTo, Live());
        using var browser = new ProxiedBrowser(app, Caller);

        using var form = await browser.SendAsync(HttpMethod.Get, "/admin/sign-in");
        var page = await form.Content.ReadAsStringAsync();
        Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.OK), page);
        using var signIn = await browser.SendAsync(HttpMethod.Post, "/admin/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = TeamChatDriver.AdminKey,
            ["returnUrl"] = "/admin/units",
            ["__csrf"] = TokenField().Match(page).Groups[1].Value,
        }));
        using var units = await browser.SendAsync(HttpMethod.Get, "/admin/units");

        Assert.That((signIn.StatusCode, signIn.Headers.Location?.OriginalString), Is.EqualTo((HttpStatusCode.Redirect, "/admin/units")));
        Assert.That(signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleSignIn.CookieName + "=", StringComparison.Ordinal)),
            Does.Contain("secure").IgnoreCase.And.Contain("httponly").IgnoreCase, "the session cookie is Secure: the browser saw HTTPS");
        Assert.That(units.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await units.Content.ReadAsStringAsync(), Does.Contain("Đơn vị và tổ"));
        Assert.That(log.Containing("Console sign-in: Quản trị tỉnh (khóa số 1)"), Has.One.EndsWith("from " + Caller), "the caller's address, not the proxy's");
    }

    [Test]
    public async Task In_live_mode_the_console_over_plain_http_gets_a_page_saying_it_needs_https_never_a_500()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Live());
        using var direct = ConsoleClient.Anonymous(app);
        using var proxiedWithoutTls = new ProxiedBrowser(app, Caller, scheme: "http");
        using var remoteApi = new ProxiedBrowser(app, Caller, scheme: "http");
        remoteApi.Headers["X-Api-Key"] = TeamChatDriver.AdminKey;
        using var localApi = ConsoleClient.Anonymous(app);
        localApi.DefaultRequestHeaders.Add("X-Api-Key", TeamChatDriver.AdminKey);

        using var signIn = await direct.GetAsync("/admin/sign-in");
        using var forwardedHttp = await proxiedWithoutTls.SendAsync(HttpMethod.Get, "/admin/sign-in");
        using var remote = await remoteApi.SendAsync(HttpMethod.Get, "/admin/api/teams");
        using var local = await localApi.GetAsync("/admin/api/teams");

        Assert.That((signIn.StatusCode, forwardedHttp.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
        Assert.That(await signIn.Content.ReadAsStringAsync(), Does.Contain("Bảng điều khiển chỉ mở qua HTTPS"));
        Assert.That(remote.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a key sent over a network in clear is refused");
        Assert.That(local.StatusCode, Is.EqualTo(HttpStatusCode.OK), "from the machine itself the API needs no TLS");
    }

    [Test]
    public async Task In_live_mode_behind_the_proxy_a_missing_team_gets_the_consoles_own_404_page_with_a_way_back()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: Live());
        using var browser = new ProxiedBrowser(app, Caller);
        using var form = await browser.SendAsync(HttpMethod.Get, "/admin/sign-in");
        using var signIn = await browser.SendAsync(HttpMethod.Post, "/admin/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = TeamChatDriver.AdminKey,
            ["returnUrl"] = "/admin",
            ["__csrf"] = TokenField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value,
        }));

        using var missing = await browser.SendAsync(HttpMethod.Get, "/admin/teams/424242");
        var body = await missing.Content.ReadAsStringAsync();

        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body, Does.Contain("<h1>Không tìm thấy trang này</h1>").And.Contain("<a id=\"problem-back\" href=\"/admin/units\">"));
        Assert.That(missing.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'"), "the console's headers too");
    }

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>A browser behind the proxy: every request carries the forwarded headers; cookies are kept by name.</summary>
    private sealed class ProxiedBrowser(TestApp app, string forwardedFor, string scheme = "https") : IDisposable
    {
        private readonly HttpClient _client = ConsoleClient.Anonymous(app, keepCookies: false);
        private readonly Dictionary<string, string> _cookies = [];

        public Dictionary<string, string> Headers { get; } = [];

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.Add("X-Forwarded-Proto", scheme);
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            foreach (var (name, value) in Headers)
            {
                request.Headers.Add(name, value);
            }

            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await _client.SendAsync(request);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                _cookies[pair[0]] = pair[1];
            }

            return response;
        }

        public void Dispose() => _client.Dispose();
    }
}
