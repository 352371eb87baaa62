using System.Net;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Hosting;

public sealed class SecurityHeadersTests
{
    [TestCase("/admin/api/members", true)]
    [TestCase("/admin/api/members", false)]
    [TestCase("/sandbox/api/messages?conversation=user:1", false)]
    [TestCase("/sandbox", false)]
    [TestCase("/openapi/v1.json", false)]
    public async Task Admin_api_sandbox_and_openapi_answers_carry_the_security_headers(string path, bool withKey)
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        using var client = ConsoleClient.Anonymous(app);
        if (withKey)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", TeamChatDriver.AdminKey);
        }

        using var response = await client.GetAsync(path);

        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }), path);
        Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }), path);
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True, path + ": lists of people stay out of shared caches");
        Assert.That(response.StatusCode, Is.EqualTo(withKey || !path.StartsWith("/admin", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task In_live_mode_the_openapi_document_needs_an_admin_key_unless_it_is_made_public()
    {
        await using var live = new TestApp(TestApp.NewDatabasePath(), settings: TestApp.LiveSettings(TeamChatDriver.Settings()));
        await using var open = new TestApp(TestApp.NewDatabasePath(), settings: TestApp.LiveSettings(new() { ["OpenApi:Public"] = "true" }));
        using var anonymous = ConsoleClient.Anonymous(live);
        using var withKey = ConsoleClient.Anonymous(live);
        withKey.DefaultRequestHeaders.Add("X-Api-Key", TeamChatDriver.AdminKey);
        using var anonymousOnPublic = ConsoleClient.Anonymous(open);

        using var refused = await anonymous.GetAsync("/openapi/v1.json");
        using var allowed = await withKey.GetAsync("/openapi/v1.json");
        using var published = await anonymousOnPublic.GetAsync("/openapi/v1.json");

        Assert.That((refused.StatusCode, allowed.StatusCode, published.StatusCode),
            Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(await allowed.Content.ReadAsStringAsync(), Does.Contain("/admin/api/teams"));
    }
}
