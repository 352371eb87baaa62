using System.Net;
using Dapper;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// Full phone numbers in the console, over HTTP: a help request's page shows the resident's callback number and the
/// team page its members' numbers to officials who can see them, every view lands in the audit trail, and the lists
/// keep masking.
/// </summary>
[NonParallelizable]
public sealed class CallbackNumberConsoleTests
{
    private SignedInConsole _console = null!;

    [OneTimeSetUp]
    public async Task StartApp() => _console = await SignedInConsole.StartAsync();

    [OneTimeTearDown]
    public async Task StopApp() => await _console.DisposeAsync();

    [Test]
    public async Task A_help_requests_page_shows_the_callback_number_whole_and_records_who_saw_it_while_the_list_keeps_it_masked()
    {
        var before = await ViewsAsync("request_phone_viewed", "YC-0001");

        var page = await _console.Province.GetStringAsync("/admin/help-requests/YC-0001");
        var list = await _console.Province.GetStringAsync("/admin/help-requests?unit=T-QT");

        Assert.That(page, Does.Contain("<a id=\"callback-phone\" href=\"tel:0987654321\">0987 654 321</a>"));
        Assert.That(await ViewsAsync("request_phone_viewed", "YC-0001"), Is.EqualTo(before + 1));
        Assert.That(await _console.App.QueryScalarAsync<string>(
            "SELECT actor || ' | ' || COALESCE(actor_unit, 'tỉnh') FROM audit_events WHERE action = 'request_phone_viewed' ORDER BY id DESC LIMIT 1"),
            Is.EqualTo("Cấp tỉnh · Quản trị tỉnh (Sandbox) | tỉnh"));
        Assert.That(page, Does.Contain("Cấp tỉnh · Quản trị tỉnh (Sandbox) · "), "the page lists the latest views");
        Assert.That(list, Does.Contain("09xx xxx 321").And.Not.Contain("0987654321").And.Not.Contain("0987 654 321"), "the list masks");
    }

    [Test]
    public async Task A_request_without_a_number_says_so_and_records_no_view()
    {
        var before = await ViewsAsync("request_phone_viewed", "YC-0003");

        var page = await _console.Officer.GetStringAsync("/admin/help-requests/YC-0003");

        Assert.That(page, Does.Contain("Người dân chưa để lại số điện thoại.").And.Contain("Nhắn thêm cho Tổ"));
        Assert.That(await ViewsAsync("request_phone_viewed", "YC-0003"), Is.EqualTo(before), "no number shown, nothing to record");
    }

    [Test]
    public async Task An_officer_cannot_see_another_communes_request_and_no_view_is_recorded()
    {
        var before = await ViewsAsync("request_phone_viewed", "YC-0001");

        using var response = await _console.Officer.GetAsync("/admin/help-requests/YC-0001");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body, Does.Contain("Không tìm thấy trang này").And.Not.Contain("0987"));
        Assert.That(await ViewsAsync("request_phone_viewed", "YC-0001"), Is.EqualTo(before));
    }

    [Test]
    public async Task A_taken_request_shows_how_long_since_it_was_taken_and_since_it_was_asked()
    {
        var page = await _console.Province.GetStringAsync("/admin/help-requests/YC-0003");
        var list = await _console.Province.GetStringAsync("/admin/help-requests?unit=T-LIA");

        // The seed asked YC-0003 two days ago; it was taken halfway.
        Assert.That(page, Does.Contain("<dd id=\"request-age\">Nhận 1 ngày trước · gửi 2 ngày trước</dd>"));
        Assert.That(list, Does.Contain("Nhận 1 ngày trước · gửi 2 ngày trước"));
    }

    [Test]
    public async Task The_team_page_shows_the_members_numbers_whole_to_an_official_and_records_the_view()
    {
        var team = _console.Seed.TeamIds["T-LIA"];
        var before = await ViewsAsync("team_phones_viewed", team.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var page = await _console.Officer.GetStringAsync($"/admin/teams/{team}");

        Assert.That(page, Does.Contain("<a href=\"tel:0912000014\">0912 000 014</a>").And.Not.Contain("09xx"));
        Assert.That(await ViewsAsync("team_phones_viewed", team.ToString(System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(before + 1));
        Assert.That(await _console.App.QueryScalarAsync<string>(
            "SELECT actor || ' | ' || actor_unit FROM audit_events WHERE action = 'team_phones_viewed' ORDER BY id DESC LIMIT 1"),
            Is.EqualTo("Cán bộ xã · Cán bộ xã Lìa | T-LIA"));
    }

    private async Task<long> ViewsAsync(string action, string subject)
    {
        await using var connection = await _console.App.OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_events WHERE action = @Action AND subject = @Subject", new { Action = action, Subject = subject });
    }
}
