using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>The console over HTTP: who may reach what, and whether its reports and exports agree with the data.</summary>
[NonParallelizable]
public sealed partial class ConsoleTests
{
    private TestApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        await ConsoleSeed.SeedAsync(_app.DatabasePath);
    }

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task Every_admin_endpoint_and_page_refuses_an_unauthenticated_request()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Route: "/" + e.RoutePattern.RawText!.TrimStart('/')))
            .Where(e => e.Route.StartsWith("/admin", StringComparison.Ordinal))
            .ToList();
        var anonymous = endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.Route).Distinct().ToList();
        Assert.That(anonymous, Is.EquivalentTo(new[] { "/admin/sign-in", "/admin/assets/console.css", "/admin/assets/console.js", "/admin/problem/{status:int}" }),
            "only the sign-in page, the stylesheet and script, and the page that says what went wrong are open");

        var checkedRoutes = new List<string>();
        using var client = ConsoleClient.Anonymous(_app);
        foreach (var (endpoint, route) in endpoints.Where(e => !anonymous.Contains(e.Route)))
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            var path = RouteParameter().Replace(route, "1");
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = method == "GET" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request);
                var what = $"{method} {path}";
                if (route.StartsWith(AdminExtensions.Prefix, StringComparison.Ordinal))
                {
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), what);
                }
                else
                {
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect).Or.EqualTo(HttpStatusCode.Unauthorized), what);
                    if (response.StatusCode == HttpStatusCode.Redirect)
                    {
                        Assert.That(response.Headers.Location!.AbsolutePath, Is.EqualTo(ConsoleSignIn.SignInPath), what);
                    }
                }

                checkedRoutes.Add(what);
            }
        }

        Assert.That(checkedRoutes, Has.Count.GreaterThanOrEqualTo(20), string.Join(", ", checkedRoutes));
        Assert.That(checkedRoutes, Has.Some.StartsWith("GET /admin/exports/"));
        Assert.That(checkedRoutes, Has.Some.EqualTo("POST /admin/units"));
    }

    [Test]
    public async Task The_dashboard_and_the_summary_export_agree_with_the_seeded_data()
    {
        using var client = await ConsoleClient.SignInAsync(_app);
        var page = await client.GetStringAsync("/admin?" + ConsoleSeed.Period);

        // Communes roll up their teams; a household helped by the commune team and a village team counts once.
        Assert.That(Cell(page, ConsoleSeed.HuongLap, "households"), Is.EqualTo(3));
        Assert.That(Cell(page, ConsoleSeed.HuongLap, "assists"), Is.EqualTo(6));
        Assert.That(Cell(page, ConsoleSeed.Lia, "households"), Is.EqualTo(2));
        Assert.That(Cell(page, ConsoleSeed.Lia, "assists"), Is.EqualTo(3));
        Assert.That(Cell(page, "total", "households"), Is.EqualTo(5));
        Assert.That(Cell(page, "total", "assists"), Is.EqualTo(9), "the cancelled report is not counted");

        using var response = await client.GetAsync("/admin/exports/summary.xlsx?" + ConsoleSeed.Period);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        await using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var communes = MiniExcel.Query(file, useHeaderRow: true, sheetName: "Theo xã").Cast<IDictionary<string, object?>>().ToList();
        Assert.That(communes.Select(r => (r["Xã/phường/đặc khu"], Number(r["Hộ được hỗ trợ (không trùng)"]), Number(r["Lượt hỗ trợ"]))), Is.EqualTo(new[]
        {
            ((object?)"Xã Hướng Lập", 3, 6),
            ("Xã Lìa", 2, 3),
            ("Tổng cộng", 5, 9),
        }));
        var huongLap = communes[0];
        Assert.That((huongLap["Tổ cấp xã"], Number(huongLap["Số thôn/tổ dân phố"]), Number(huongLap["Tổ cấp thôn đã lập"]),
                Number(huongLap["Tổ cấp thôn đủ 5–8 người"]), Number(huongLap["Tổng thành viên"])),
            Is.EqualTo(((object?)"Đã lập", 3, 2, 1, 14)));
        Assert.That(Number(communes[2]["Lượt: VNeID/định danh mức 2"]), Is.EqualTo(3));
        Assert.That(Number(communes[2]["Lượt: Thanh toán điện tử"]), Is.EqualTo(2));
        Assert.That(Number(communes[2]["Lượt: Kỹ năng số"]), Is.Zero);

        file.Position = 0;
        var teams = MiniExcel.Query(file, useHeaderRow: true, sheetName: "Theo tổ").Cast<IDictionary<string, object?>>().ToList();
        Assert.That(teams.Select(r => (r["Tổ"], r["Quy mô"], Number(r["Hộ được hỗ trợ (không trùng)"]), Number(r["Lượt hỗ trợ"]))), Is.EqualTo(new[]
        {
            ((object?)"Tổ CNS Xã Hướng Lập", (object?)"Đủ theo kế hoạch", 1, 1),
            ("Tổ CNSCĐ Bản Cù Bai", "Đủ theo kế hoạch", 2, 3),
            ("Tổ CNSCĐ Bản Tà Rùng", "Thiếu người", 1, 2),
            ("Tổ CNS Xã Lìa", "Vượt kế hoạch", 1, 1),
            ("Tổ CNSCĐ Thôn A Rông", "Đủ theo kế hoạch", 2, 2),
        }), "each team counts its own households: 7 in all, against 5 for the communes");
    }

    [Test]
    public async Task The_household_exports_hold_the_filtered_rows_as_csv_with_a_bom_and_iso_dates()
    {
        using var client = await ConsoleClient.SignInAsync(_app);
        const string filter = "unit=T-HL&category=EPayment&from=2026-10-01&to=2026-10-31";

        var bytes = await client.GetByteArrayAsync("/admin/exports/households.csv?" + filter);
        Assert.That(bytes.Take(3), Is.EqualTo(Encoding.UTF8.Preamble.ToArray()), "UTF-8 BOM so Excel reads Vietnamese");
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("Chủ hộ,Thôn/địa chỉ,Xã/phường,Tổ hỗ trợ,Thành viên hỗ trợ,Số lượt hỗ trợ,Lần đầu,Lần gần nhất,Nội dung hỗ trợ"));
        // The households first helped with e-payment in October, each with its whole history (the latest report's village).
        Assert.That(lines.Skip(1), Is.EqualTo(new[]
        {
            "Pả Văn Tới,Tà Rùng,Xã Hướng Lập,Tổ CNSCĐ Bản Tà Rùng,Hồ Văn Minh HL-TR; Lê Thị Hoa HL-TR,2,2026-10-15,2026-11-20,Thương mại điện tử; Thanh toán điện tử",
            "Hồ Văn Pả,Bản Cù Bai,Xã Hướng Lập,Tổ CNSCĐ Bản Cù Bai; Tổ CNS Xã Hướng Lập,Hồ Văn Minh HL-CB; Lê Thị Hoa HL-CB; Hồ Văn Minh HL,3,2026-09-10,2026-11-02,VNeID/định danh mức 2; Thanh toán điện tử; Y tế",
        }));

        var assists = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/admin/exports/households.csv?view=assists&" + filter))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(assists.Skip(1).Select(l => l.Split(',')[0] + " " + l.Split(',')[1]), Is.EqualTo(new[] { "HT-0001 2026-10-15", "HT-0002 2026-10-05" }));

        using var unreadable = await client.GetAsync("/admin/exports/households.csv?from=hôm qua");
        Assert.That(unreadable.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a filter that cannot be read never widens a file");
        using var roster = await client.GetAsync("/admin/exports/rosters.csv?unit=T-LIA");
        var rosterLines = (await roster.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rosterLines, Has.Length.EqualTo(1 + 6 + 5));
        Assert.That(rosterLines[1], Is.EqualTo("Xã Lìa,Tổ CNS Xã Lìa,Cấp xã,Hồ Văn Minh LIA,0912 000 014,Tổ trưởng,2026-09-01,Đang tham gia"),
            "officials appoint and call the members: the roster carries their numbers whole");
        Assert.That(await _app.QueryScalarAsync<string>(
            "SELECT actor || ' | ' || subject FROM audit_events WHERE action = 'roster_phones_exported' ORDER BY id DESC LIMIT 1"),
            Is.EqualTo("Cấp tỉnh · Quản trị tỉnh (Sandbox) | Đơn vị: Xã Lìa"), "and the download is in the audit trail");
        var households = string.Join("\n", lines.Concat(assists));
        Assert.That(households, Does.Not.Match("09[0-9]{8}|09[0-9]{2} [0-9]{3} [0-9]{3}"), "the households' files carry no number whole");
    }

    [Test]
    public async Task An_officer_of_one_commune_sees_only_that_commune()
    {
        await using var connection = await _app.OpenDatabaseAsync();
        var lia = await ProgrammeReport.BuildAsync(
            connection, OfficerScope.Commune(ConsoleSeed.Lia), new ReportFilter(), new DateOnly(2026, 11, 28));
        Assert.That(lia.Communes.Select(c => c.Commune.Code), Is.EqualTo(new[] { ConsoleSeed.Lia }));
        Assert.That(lia.Totals, Is.EqualTo(new Figures(2, 3)));

        var households = await HouseholdReport.HouseholdsAsync(
            connection, OfficerScope.Commune(ConsoleSeed.Lia), new ReportFilter(UnitCode: ConsoleSeed.HuongLap), new ListPage(50));
        Assert.That(households.Rows, Is.Empty, "a unit outside the scope filters to nothing");
        var units = await UnitTree.ListAsync(connection, OfficerScope.Commune(ConsoleSeed.Lia), includeVillages: true);
        Assert.That(units.Select(u => (u.Code, u.Depth)), Is.EqualTo(new[] { (ConsoleSeed.Lia, 0), ("T-LIA-AR", 1) }));
    }

    [Test]
    public async Task The_months_add_up_to_the_totals()
    {
        await using var connection = await _app.OpenDatabaseAsync();
        var overview = await ProgrammeReport.BuildAsync(
            connection, OfficerScope.Everything, new ReportFilter(UnitCode: ConsoleSeed.Province, From: new DateOnly(2026, 9, 1), To: new DateOnly(2026, 11, 30)),
            new DateOnly(2026, 11, 28));
        Assert.That(overview.Months.Select(m => (m.Month, m.NewHouseholds, m.Assists)), Is.EqualTo(new[]
        {
            (new DateOnly(2026, 9, 1), 2, 2),
            (new DateOnly(2026, 10, 1), 2, 3),
            (new DateOnly(2026, 11, 1), 1, 4),
        }));
        Assert.That(overview.ByCategory.Select(c => (c.Category, c.Households, c.Assists)), Is.EqualTo(new[]
        {
            (AssistCategory.ElectronicId, 3, 3),
            (AssistCategory.OnlinePublicServices, 1, 1),
            (AssistCategory.ECommerce, 1, 2),
            (AssistCategory.EPayment, 2, 2),
            (AssistCategory.Health, 1, 1),
            (AssistCategory.Education, 1, 1),
            (AssistCategory.DigitalSkills, 0, 0),
            (AssistCategory.Other, 1, 1),
        }));
        Assert.That(overview.MembersByRole[MemberRole.Leader], Is.EqualTo(5));
        Assert.That(overview.Members, Is.EqualTo(25));
    }

    private static int Cell(string page, string unit, string column)
    {
        var row = Regex.Match(page, $"<tr data-unit=\"{Regex.Escape(unit)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.That(row.Success, Is.True, $"a row for {unit}");
        return int.Parse(Regex.Match(row.Groups[1].Value, $"data-{column}=\"(\\d+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Number(object? cell) => Convert.ToInt32(cell, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("{[^}]+}")]
    private static partial Regex RouteParameter();
}
