using System.Net;
using Dapper;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// Where the console cannot show what was asked for, it says so in its own Vietnamese page with a way back: a missing
/// team, request or page, a unit code that names no unit, an export whose filter cannot be read, a failure.
/// </summary>
[NonParallelizable]
public sealed class ConsoleDeadEndsTests
{
    private SignedInConsole _console = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _console = await SignedInConsole.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _console.DisposeAsync();

    [TestCase("/admin/teams/999999", "/admin/units", "Về trang Đơn vị &amp; tổ")]
    [TestCase("/admin/help-requests/YC-9999", "/admin/help-requests", "Về trang Yêu cầu hỗ trợ")]
    [TestCase("/admin/help-requests/khong-phai-ma", "/admin/help-requests", "Về trang Yêu cầu hỗ trợ")]
    [TestCase("/admin/broadcasts/999999", "/admin/broadcasts", "Về trang Thông báo")]
    [TestCase("/admin/khong-co-trang-nay", "/admin", "Về trang Tổng quan")]
    public async Task A_missing_thing_answers_404_with_the_consoles_own_page_and_a_way_back(string path, string back, string backText)
    {
        using var response = await _console.Province.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(body, Does.Contain("<h1>Không tìm thấy trang này</h1>").And.Contain($"<a id=\"problem-back\" href=\"{back}\">{backText}</a>"));
        Assert.That(body, Does.Contain("aria-label=\"Các trang\""), "the menu is there: the official is still in the console");
    }

    [Test]
    public async Task A_visitor_who_is_not_signed_in_gets_the_same_page_leading_to_the_sign_in()
    {
        using var anonymous = ConsoleClient.Anonymous(_console.App);

        using var response = await anonymous.GetAsync("/admin/khong-co-trang-nay?unit=T-HL");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body, Does.Contain("<a id=\"problem-back\" href=\"/admin/sign-in\">Đăng nhập</a>").And.Not.Contain("T-HL"),
            "nothing about units to someone not signed in");
    }

    [TestCase("/admin/households?unit=KHONG-CO-MA&category=EPayment", "/admin/households?category=EPayment")]
    [TestCase("/admin/help-requests?unit=khong-co-ma", "/admin/help-requests")]
    [TestCase("/admin?unit=KHONG-CO-MA", "/admin")]
    [TestCase("/admin/units?unit=KHONG-CO-MA", "/admin/units")]
    [TestCase("/admin/exports/households.xlsx?unit=KHONG-CO-MA", "/admin/exports/households.xlsx")]
    public async Task An_unknown_unit_in_a_filter_says_so_instead_of_showing_everything_or_zeros(string path, string back)
    {
        using var response = await _console.Province.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body, Does.Contain("Không có đơn vị mã KHONG-CO-MA").And.Not.Contain("Tất cả đơn vị của tôi"));
        Assert.That(body, Does.Contain($"<a id=\"problem-back\" href=\"{back}\">Xem tất cả đơn vị của tôi</a>"));
    }

    [Test]
    public async Task An_officer_naming_another_communes_unit_is_told_it_is_not_one_of_theirs_without_its_name()
    {
        using var response = await _console.Officer.GetAsync("/admin/households?unit=T-HL");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body, Does.Contain("Không có đơn vị mã T-HL trong các đơn vị bạn được giao").And.Not.Contain("Hướng Lập"));
    }

    [Test]
    public async Task An_export_refused_by_its_filter_answers_with_the_consoles_error_page_and_the_way_back_to_the_list()
    {
        using var response = await _console.Province.GetAsync("/admin/exports/households.csv?unit=T-HL&from=h%C3%B4m%20qua");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(body, Does.Contain("<h1>Không làm được việc này</h1>")
            .And.Contain("Chưa tải được tệp: Không hiểu ngày bắt đầu “hôm qua”: ghi ngày dạng 28/11/2026.")
            .And.Contain("href=\"/admin/households?unit=T-HL&amp;from=h%C3%B4m%20qua\">Quay lại sửa bộ lọc</a>"));
    }

    [Test]
    public async Task A_failure_behind_a_console_page_shows_the_error_page_never_a_stack_trace()
    {
        await using var console = await SignedInConsole.StartAsync();
        await using (var connection = await console.App.OpenDatabaseAsync())
        {
            // The audit trail cannot be written: the team page must not show the numbers, nor how it failed.
            await connection.ExecuteAsync("DROP TABLE audit_events");
        }

        using var response = await console.Province.GetAsync($"/admin/teams/{console.Seed.TeamIds["T-LIA"]}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(body, Does.Contain("<h1>Hệ thống đang gặp lỗi</h1>").And.Not.Contain("Exception").And.Not.Contain("0912 000 014"));
    }

    [Test]
    public async Task Every_unit_without_a_team_has_a_Lap_to_link_that_opens_the_form_on_that_unit()
    {
        List<string> teamless;
        await using (var connection = await _console.App.OpenDatabaseAsync())
        {
            teamless = (await connection.QueryAsync<string>("""
                SELECT code FROM admin_units WHERE level IN ('commune', 'village') AND id NOT IN (SELECT unit_id FROM teams) ORDER BY code
                """)).ToList();
        }

        var units = await _console.Province.GetStringAsync("/admin/units");
        var form = await _console.Province.GetStringAsync("/admin/units?newTeam=T-HL-XB");

        var links = System.Text.RegularExpressions.Regex.Matches(units, "Chưa lập tổ</span> <a class=\"button\" href=\"/admin/units\\?newTeam=([^\"#]+)#create-team\">Lập tổ</a>");
        Assert.That(teamless, Has.Member("T-HL-XB"));
        Assert.That(links.Select(m => m.Groups[1].Value).Order(), Is.EqualTo(teamless), "each unit without a team, and only those");
        Assert.That(form, Does.Contain("<option value=\"T-HL-XB\" selected=\"selected\">"), "the form opens on that unit");
        Assert.That(units, Does.Not.Contain("selected=\"selected\">Bản"), "without the link, the form chooses nothing");
    }
}
