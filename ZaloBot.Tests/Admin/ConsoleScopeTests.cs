using System.Net;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>An officer's key (role officer, one commune) signs in to a console that shows that commune only.</summary>
[NonParallelizable]
public sealed class ConsoleScopeTests
{
    private const string OfficerKey = ConsoleSeed.LiaOfficerKey;
    private TestApp _app = null!;
    private ConsoleSeed.Seeded _seed = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: ConsoleSeed.KeySettings());
        _seed = await ConsoleSeed.SeedAsync(_app.DatabasePath);
    }

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task An_officer_sees_their_commune_and_nothing_else()
    {
        using var client = await ConsoleClient.SignInAsync(_app, OfficerKey);
        var dashboard = await client.GetStringAsync("/admin");
        Assert.That(dashboard, Does.Contain("Cán bộ xã · Cán bộ xã Lìa"));
        Assert.That(dashboard, Does.Contain("data-unit=\"T-LIA\"").And.Not.Contain("data-unit=\"T-HL\"").And.Not.Contain("Xã Tân Lập"));
        Assert.That(dashboard, Does.Not.Contain("href=\"/admin/dead-letters\""), "system pages are for province admins");

        using var deadLetters = await client.GetAsync("/admin/dead-letters");
        Assert.That((deadLetters.StatusCode, deadLetters.Headers.Location?.AbsolutePath), Is.EqualTo((HttpStatusCode.Redirect, "/admin/denied")));
        using var otherTeam = await client.GetAsync($"/admin/teams/{_seed.TeamIds["T-HL-CB"]}");
        Assert.That(otherTeam.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a team of another commune does not exist for them");
        using var ownTeam = await client.GetAsync($"/admin/teams/{_seed.TeamIds["T-LIA-AR"]}");
        Assert.That(ownTeam.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var households = (await client.GetStringAsync("/admin/exports/households.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(households.Skip(1).Select(l => l.Split(',')[0]), Is.EquivalentTo(new[] { "Trần Thị Bình", "Nguyễn Văn An" }));
        using var elsewhere = await client.GetAsync("/admin/exports/households.csv?unit=T-HL");
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another commune's unit does not exist for them");
        var requests = await client.GetStringAsync("/admin/help-requests?status=all");
        Assert.That(requests, Does.Contain("YC-0003").And.Not.Contain("YC-0001"));

        // A team for a unit outside the commune is refused, beside the field, and not created.
        using var create = await client.PostAsync("/admin/units?handler=CreateTeam", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["NewTeam.UnitCode"] = ConsoleSeed.TeamlessVillage,
            ["NewTeam.LeaderPhone"] = "0905123456",
            ["__csrf"] = await ConsoleClient.CsrfTokenAsync(client, "/admin/units"),
        }));
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await create.Content.ReadAsStringAsync(), Does.Contain($"Đơn vị “{ConsoleSeed.TeamlessVillage}” không thuộc phạm vi của bạn"));
        Assert.That(await _app.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM teams t JOIN admin_units u ON u.id = t.unit_id WHERE u.code = @Code", new { Code = ConsoleSeed.TeamlessVillage }), Is.Zero);
    }

    [Test]
    public async Task An_officer_cannot_announce_beyond_their_commune()
    {
        using var client = await ConsoleClient.SignInAsync(_app, OfficerKey);
        using var refused = await client.PostAsync("/admin/broadcasts?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Draft.Title"] = "Thông báo",
            ["Draft.Text"] = "Nội dung",
            ["Draft.Audience"] = "groups",
            ["Draft.UnitCodes"] = ConsoleSeed.HuongLap,
            ["__csrf"] = await ConsoleClient.CsrfTokenAsync(client, "/admin/broadcasts"),
        }));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("nằm ngoài phạm vi của bạn"));

        using var created = await client.PostAsync("/admin/broadcasts?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Draft.Title"] = "Họp tổ xã Lìa",
            ["Draft.Text"] = "Nội dung",
            ["Draft.Audience"] = "groups",
            ["Draft.UnitCodes"] = ConsoleSeed.Lia,
            ["__csrf"] = await ConsoleClient.CsrfTokenAsync(client, "/admin/broadcasts"),
        }));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await _app.QueryScalarAsync<string>("SELECT created_by FROM broadcasts WHERE title = 'Họp tổ xã Lìa'"), Is.EqualTo("Cán bộ xã Lìa"),
            "the audit names the key's holder, as the API does");
    }
}
