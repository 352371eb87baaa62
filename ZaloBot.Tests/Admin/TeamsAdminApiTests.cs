using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

public sealed class TeamsAdminApiTests
{
    private TestApp _app = null!;
    private HttpClient _admin = null!;

    [SetUp]
    public void StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        _admin = new TeamChatDriver(_app, _app.CreateClient()).Admin();
    }

    [TearDown]
    public async Task StopApp()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Test]
    public async Task Unit_import_reports_the_bad_rows_by_line_and_imports_the_rest()
    {
        const string csv = """
            code,level,name,parent_code
            T-QT,tỉnh,Tỉnh Quảng Trị,
            T-HL-B1,village,Bản Cù Bai,T-HL
            T-HL,commune,Xã Hướng Lập,T-QT
            T-BAD,county,Xã Sai Cấp,T-QT
            T-HL-B2,village,,T-HL
            T-ORPHAN,village,Thôn Mồ Côi,T-KHONGCO
            T-WRONG,village,Thôn Sai Cha,T-QT
            T-HL,commune,Xã Hướng Lập (lặp),T-QT
            "T-DP1",thôn,"Tổ dân phố 1, khu 2",T-HL
            """;

        using var response = await _admin.PostAsync("/admin/api/units/import", Csv(csv));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(report.GetProperty("added").GetInt32(), Is.EqualTo(4), "province, commune, and two villages (one listed before its commune)");
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("message").GetString()!)).ToList();
        Assert.That(errors.Select(e => e.Item1), Is.EqualTo(new[] { 5, 6, 7, 8, 9 }));
        Assert.That(errors[0].Item2, Does.StartWith("Cấp “county” không rõ"));
        Assert.That(errors[1].Item2, Is.EqualTo("Thiếu tên đơn vị (cột name)."));
        Assert.That(errors[2].Item2, Is.EqualTo("Không tìm thấy đơn vị cha “T-KHONGCO”."));
        Assert.That(errors[3].Item2, Does.StartWith("Đơn vị cha “T-QT” là cấp tỉnh"));
        Assert.That(errors[4].Item2, Is.EqualTo("Mã “T-HL” đã có ở dòng 4."));

        var villages = await _admin.GetFromJsonAsync<JsonElement>("/admin/api/units?parentCode=t-hl");
        Assert.That(villages.EnumerateArray().Select(u => u.GetProperty("name").GetString()), Is.EqualTo(new[] { "Tổ dân phố 1, khu 2", "Bản Cù Bai" }));

        // The same file again changes nothing and reports the same rows.
        using var again = await _admin.PostAsync("/admin/api/units/import", Csv(csv));
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((second.GetProperty("added").GetInt32(), second.GetProperty("unchanged").GetInt32(), second.GetProperty("errors").GetArrayLength()),
            Is.EqualTo((0, 4, 5)));
    }

    [Test]
    public async Task Unit_import_takes_a_multipart_file_and_refuses_a_file_without_the_columns()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("\uFEFFma;cap;ten;ma_cha\r\nF-QT;province;Tỉnh Thử;\r\nF-X;xã;Xã Thử;F-QT\r\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "units.csv");

        using var response = await _admin.PostAsync("/admin/api/units/import", form);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((report.GetProperty("added").GetInt32(), report.GetProperty("errors").GetArrayLength()), Is.EqualTo((2, 0)));

        using var bad = await _admin.PostAsync("/admin/api/units/import", Csv("code,name\nX,Xã X\n"));
        var refused = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(refused.GetProperty("added").GetInt32(), Is.Zero);
        Assert.That(refused.GetProperty("errors")[0].GetProperty("message").GetString(), Does.StartWith("Thiếu cột level, parent_code"));
    }

    [Test]
    public async Task A_team_is_created_with_a_bind_code_and_its_members_and_households_are_listed_with_filters()
    {
        using var created = await _admin.PostAsJsonAsync("/admin/api/teams", new { unitCode = "demo-dongha-1", leaderPhone = "0905 111 222" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var team = await created.Content.ReadFromJsonAsync<JsonElement>();
        var code = team.GetProperty("bindCode").GetString()!;
        Assert.That(code, Does.Match("^[A-Z0-9]{6}$"));
        Assert.That(team.GetProperty("name").GetString(), Is.EqualTo("Tổ CNSCĐ Tổ dân phố 1"));
        Assert.That(team.GetProperty("leaderPhone").GetString(), Is.EqualTo("09xx xxx 222"));
        Assert.That((team.GetProperty("planMin").GetInt32(), team.GetProperty("planMax").GetInt32()), Is.EqualTo((5, 8)));

        using var duplicate = await _admin.PostAsJsonAsync("/admin/api/teams", new { unitCode = "DEMO-DONGHA-1", leaderPhone = "0905111222" });
        Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using var province = await _admin.PostAsJsonAsync("/admin/api/teams", new { unitCode = "44", leaderPhone = "12345" });
        var problem = await province.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(province.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "leaderPhone", "unitCode" }));
        using var commune = await _admin.PostAsJsonAsync("/admin/api/teams", new { unitCode = "19333", leaderPhone = "0905000999", bindCode = "dh-2026" });
        Assert.That((await commune.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bindCode").GetString(), Is.EqualTo("DH2026"));

        var chat = new TeamChatDriver(_app, _app.CreateClient());
        await chat.AskGroupAsync("group-tdp1", "9001", "#ketnoi " + code);
        await chat.AskGroupAsync("group-tdp1", "9001", "#dangky Hoàng Văn Minh | 0905111222");
        await chat.AskGroupAsync("group-tdp1", "9002", "#dangky Trần Thị Bình | 0987654321");
        await chat.AskGroupAsync("group-tdp1", "9002", "#hotro Nguyễn Văn An | Tổ dân phố 1 | cài VNeID");
        await chat.AskGroupAsync("group-tdp1", "9001", "#hotro Nguyễn Văn An | TDP 1 | mở ví VNPT Money");
        await chat.AskGroupAsync("group-tdp1", "9001", "#hotro Lê Thị Hoa | Tổ dân phố 1 | đóng học phí online");

        var teams = await _admin.GetFromJsonAsync<JsonElement>("/admin/api/teams?unitCode=19333");
        Assert.That(teams.EnumerateArray().Select(t => (t.GetProperty("bindCode").GetString(), t.GetProperty("members").GetInt32(), t.GetProperty("groupId").GetString())),
            Is.EqualTo(new[] { ("DH2026", 0, (string?)null), (code, 2, "group-tdp1") }));

        var teamId = team.GetProperty("id").GetInt64();
        var leaders = await _admin.GetFromJsonAsync<JsonElement>($"/admin/api/members?teamId={teamId}&role=leader");
        Assert.That(leaders.EnumerateArray().Select(m => (m.GetProperty("fullName").GetString(), m.GetProperty("phone").GetString(), m.GetProperty("roleName").GetString())),
            Is.EqualTo(new[] { ("Hoàng Văn Minh", "09xx xxx 222", "tổ trưởng") }));
        var byName = await _admin.GetFromJsonAsync<JsonElement>("/admin/api/members?name=binh");
        Assert.That(byName.GetArrayLength(), Is.EqualTo(1));

        var households = await _admin.GetFromJsonAsync<JsonElement>($"/admin/api/households?teamId={teamId}");
        Assert.That(households.EnumerateArray().Select(h => (h.GetProperty("headOfHousehold").GetString(), h.GetProperty("assists").GetInt32())),
            Is.EquivalentTo(new[] { ("Nguyễn Văn An", 2), ("Lê Thị Hoa", 1) }));
        var an = households.EnumerateArray().Single(h => h.GetProperty("assists").GetInt32() == 2);
        Assert.That(an.GetProperty("categories").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "ElectronicId", "EPayment" }));

        var payments = await _admin.GetFromJsonAsync<JsonElement>("/admin/api/assists?unitCode=19333&category=EPayment");
        Assert.That(payments.EnumerateArray().Select(a => a.GetProperty("code").GetString()), Is.EqualTo(new[] { "HT-0002" }));
        var hoa = await _admin.GetFromJsonAsync<JsonElement>("/admin/api/households?head=le thi hoa&village=tổ dân phố 1");
        Assert.That(hoa.GetArrayLength(), Is.EqualTo(1));
        using var badFilter = await _admin.GetAsync("/admin/api/assists?from=28/11/2026&category=vneid");
        Assert.That(badFilter.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_team_created_while_another_writer_holds_the_write_turn_waits_for_it_and_then_lands()
    {
        using var held = await _app.Services.GetRequiredService<Db>().TakeWriteTurnAsync();
        var creating = _admin.PostAsJsonAsync("/admin/api/teams", new { unitCode = "DEMO-DONGHA-1", leaderPhone = "0905111222" });
        // A read takes no turn: answered while the turn is held, it finds no team there yet.
        var meanwhile = await _admin.GetFromJsonAsync<JsonElement>("/admin/api/teams?unitCode=DEMO-DONGHA-1");
        Assert.That((meanwhile.GetArrayLength(), creating.IsCompleted), Is.EqualTo((0, false)), "nothing is written while another writer has the turn");

        held.Dispose();
        using var created = await creating;

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var teams = await _admin.GetFromJsonAsync<JsonElement>("/admin/api/teams?unitCode=DEMO-DONGHA-1");
        Assert.That(teams.GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Sandbox_without_configured_keys_draws_a_development_key()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        var key = app.Services.GetRequiredService<AdminApiKeys>().DevelopmentKey;
        Assert.That(key, Does.StartWith("sandbox-"));

        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var response = await client.GetAsync("/admin/api/teams");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_app.Services.GetRequiredService<AdminApiKeys>().DevelopmentKey, Is.Null, "a configured key replaces the development key");
    }

    [Test]
    public async Task The_admin_endpoints_are_described_in_the_openapi_document()
    {
        using var anonymous = _app.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        Assert.That(paths.GetProperty("/admin/api/units/import").GetProperty("post").GetProperty("summary").GetString(),
            Is.EqualTo("Import administrative units from CSV"));
        Assert.That(document.GetProperty("components").GetProperty("securitySchemes").GetProperty("AdminApiKey").GetProperty("name").GetString(),
            Is.EqualTo("X-Api-Key"));
        Assert.That(paths.GetProperty("/admin/api/teams").GetProperty("post").GetProperty("security")[0].TryGetProperty("AdminApiKey", out _), Is.True);
        Assert.That(paths.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[]
        {
            "/admin/api/units", "/admin/api/teams", "/admin/api/teams/{id}", "/admin/api/members", "/admin/api/households", "/admin/api/assists",
        }));
    }
}
