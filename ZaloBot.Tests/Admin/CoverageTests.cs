using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Text.Json;
using MiniExcelLibs;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// Reports by where households live ("Hộ ở thôn/xã này") beside reports by which team helped ("Tổ này đã hỗ trợ"):
/// the Thôn Tân Lập team helps a household of Thôn Tân Hòa in its group, and the console and the admin API show it
/// under Tân Hòa by where it lives and under Tân Lập by who helped, to a province admin and to the commune's officer.
/// </summary>
[NonParallelizable]
public sealed class CoverageTests
{
    // The Sandbox's demo team of Thôn Tân Lập, already bound to its demo group.
    private const string Group = SandboxSeed.DemoGroupId;
    private const string Leader = "9001";
    private const string TanLap = "DEMO-TANLAP-1";
    private const string TanHoa = "DEMO-TANLAP-2";
    private const string OfficerKey = "officer-tanlap-key-0123456789";
    private const string OtherOfficerKey = "officer-lia-key-0123456789";

    private TestApp _app = null!;
    private HttpClient _client = null!;
    private TeamChatDriver _chat = null!;

    [OneTimeSetUp]
    public async Task StartAppAndReport()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: new()
        {
            ["Admin:ApiKeys:0"] = TeamChatDriver.AdminKey,
            ["Admin:Keys:0:Key"] = OfficerKey,
            ["Admin:Keys:0:Name"] = "Cán bộ xã Tân Lập",
            ["Admin:Keys:0:Role"] = "officer",
            ["Admin:Keys:0:UnitCode"] = "19462",
            ["Admin:Keys:1:Key"] = OtherOfficerKey,
            ["Admin:Keys:1:Name"] = "Cán bộ xã khác",
            ["Admin:Keys:1:Role"] = "officer",
            ["Admin:Keys:1:UnitCode"] = "18859",
        });
        _client = _app.CreateClient();
        _chat = new TeamChatDriver(_app, _client);
        await _chat.AskGroupAsync(Group, Leader, "#dangky Hoàng Văn Minh | " + SandboxSeed.DemoLeaderPhone);
        await _chat.AskGroupAsync(Group, Leader, "#hotro Lê Văn Sáu | Thôn Tân Lập | cài VNeID");
        // Typed without diacritics or kind: still Thôn Tân Hòa.
        await _chat.AskGroupAsync(Group, Leader, "#hotro Nguyễn Văn Bảy | tan hoa | cài VNeID");
        await _chat.AskGroupAsync(Group, Leader, "#hotro Trần Thị Tám | Xóm Giữa | dịch vụ công");
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [TestCase(TeamChatDriver.AdminKey)]
    [TestCase(OfficerKey)]
    public async Task A_household_helped_outside_its_teams_village_is_listed_under_its_own_village_and_under_the_team(string key)
    {
        using var console = await ConsoleClient.SignInAsync(_app, key);

        var tanHoaLives = await console.GetStringAsync($"/admin/households?unit={TanHoa}&by=village");
        Assert.That(tanHoaLives, Does.Contain("Nguyễn Văn Bảy").And.Not.Contain("Lê Văn Sáu"), "Tân Hòa's own household, helped by the Tân Lập team");
        Assert.That(tanHoaLives, Does.Contain("data-households=\"1\""));
        Assert.That(tanHoaLives, Does.Contain("<strong>Hộ ở thôn/xã này</strong>"), "the page names the view it shows");

        var tanLapLives = await console.GetStringAsync($"/admin/households?unit={TanLap}&by=village");
        Assert.That(tanLapLives, Does.Contain("Lê Văn Sáu").And.Not.Contain("Nguyễn Văn Bảy"));

        var tanLapTeam = await console.GetStringAsync($"/admin/households?unit={TanLap}");
        Assert.That(tanLapTeam, Does.Contain("Lê Văn Sáu").And.Contain("Nguyễn Văn Bảy").And.Contain("Trần Thị Tám"), "every household the team helped");
        Assert.That(tanLapTeam, Does.Contain("data-households=\"3\"").And.Contain("<strong>Tổ này đã hỗ trợ</strong>"));

        var export = await console.GetStringAsync($"/admin/exports/households.csv?unit={TanHoa}&by=village");
        Assert.That(export, Does.Contain("Nguyễn Văn Bảy,tan hoa,Xã Tân Lập,Tổ CNSCĐ Thôn Tân Lập (demo),Hoàng Văn Minh,1,").And.Not.Contain("Lê Văn Sáu"),
            "the household with the team and member from another village that helped it");
        using var workbook = new MemoryStream(await console.GetByteArrayAsync($"/admin/exports/households.xlsx?unit={TanHoa}&by=village"));
        var about = MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "Thông tin").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["Mục"]!, r => r["Nội dung"]?.ToString());
        Assert.That(about["Cách tính"], Is.EqualTo("Hộ ở thôn/xã này"), "the workbook says which view it holds");

        using var api = _app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        var households = await api.GetFromJsonAsync<JsonElement[]>($"/admin/api/households?unitCode={TanHoa}&byVillage=true");
        Assert.That(households!.Select(h => h.GetProperty("headOfHousehold").GetString()), Is.EqualTo(new[] { "Nguyễn Văn Bảy" }));
        var assists = await api.GetFromJsonAsync<JsonElement[]>($"/admin/api/assists?unitCode={TanHoa}&byVillage=true");
        Assert.That(assists!.Select(a => a.GetProperty("headOfHousehold").GetString()), Is.EqualTo(new[] { "Nguyễn Văn Bảy" }));
    }

    [Test]
    public async Task The_units_table_counts_a_village_without_a_team_by_the_households_living_there_and_says_which_count_is_which()
    {
        using var console = await ConsoleClient.SignInAsync(_app, OfficerKey);
        var units = await console.GetStringAsync("/admin/units");
        var tanHoa = Regex.Match(units, $"<tr class=\"village\" data-unit=\"{TanHoa}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.That(tanHoa.Groups[1].Value, Does.Contain("Chưa lập tổ").And.Contain("data-living=\"1\""), "Tân Hòa has no team but one household helped");
        var tanLap = Regex.Match(units, $"<tr class=\"village\" data-unit=\"{TanLap}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.That(tanLap.Groups[1].Value, Does.Contain("data-living=\"1\""), "of the team's three households, one lives in Tân Lập");
        Assert.That(units, Does.Contain("Hộ (Tổ này đã hỗ trợ)").And.Contain("id=\"units-counting\""));
        Assert.That(await console.GetStringAsync("/admin"), Does.Contain("Hộ ở thôn/xã này (theo xã)"), "the dashboard names its count");
    }

    [Test]
    public async Task A_village_text_that_names_no_village_of_the_commune_is_listed_for_an_official_to_fix()
    {
        using var console = await ConsoleClient.SignInAsync(_app, OfficerKey);
        var page = await console.GetStringAsync("/admin/households?unit=19462");
        Assert.That(page, Does.Contain("id=\"unmatched-villages\""));
        Assert.That(page, Does.Contain("“Xóm Giữa”, Xã Tân Lập: 1 hộ").And.Not.Contain("“tan hoa”"));
        Assert.That(await _app.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM households WHERE village_unit_id = (SELECT id FROM admin_units WHERE code = @TanHoa)", new { TanHoa }), Is.EqualTo(1));
    }

    [Test]
    public async Task An_officer_of_another_commune_cannot_read_a_villages_households()
    {
        using var api = _app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", OtherOfficerKey);
        using var response = await api.GetAsync($"/admin/api/households?unitCode={TanHoa}&byVillage=true");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var console = await ConsoleClient.SignInAsync(_app, OtherOfficerKey);
        var page = await console.GetAsync($"/admin/households?unit={TanHoa}&by=village");
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Not.Contain("Nguyễn Văn Bảy"));
    }
}
