using System.Net;
using System.Text.RegularExpressions;

namespace ZaloBot.Tests.Support;

/// <summary>Signs in to the officials' console over HTTP, as a browser would: the sign-in form's CSRF token, then the key.</summary>
public static partial class ConsoleClient
{
    /// <summary>
    /// A client holding the console cookie (in <paramref name="cookies"/> when given); redirects are not followed, so tests see them.
    /// </summary>
    public static async Task<HttpClient> SignInAsync(TestApp app, string key = TeamChatDriver.AdminKey, CookieContainer? cookies = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = Anonymous(app, cookies);
        using var response = await client.PostAsync("/admin/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = key,
            ["returnUrl"] = "/admin",
            ["__csrf"] = await CsrfTokenAsync(client, "/admin/sign-in"),
        }));
        Assert.That((response.StatusCode, response.Headers.Location?.OriginalString), Is.EqualTo((HttpStatusCode.Redirect, "/admin")), "signed in");
        return client;
    }

    /// <summary>
    /// A client of the app on Kestrel that keeps cookies (unless told not to, for a test that keeps them itself) and does
    /// not follow redirects, so tests see them (the factory's own client follows them when the server is Kestrel).
    /// </summary>
    public static HttpClient Anonymous(TestApp app, CookieContainer? cookies = null, bool keepCookies = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var probe = app.CreateClient();
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = keepCookies, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = probe.BaseAddress,
        };
    }

    /// <summary>The antiforgery token of the first form on a console page.</summary>
    public static async Task<string> CsrfTokenAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetStringAsync(path);
        var match = TokenField().Match(page);
        Assert.That(match.Success, Is.True, $"{path} has a CSRF token field");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
