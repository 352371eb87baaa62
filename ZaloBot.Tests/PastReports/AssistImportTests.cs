using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using MiniExcelLibs;
using ZaloBot.Tests.Admin;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.PastReports;

/// <summary>Importing past reports through <c>POST /admin/api/assists/import</c>, as a province admin and as an officer.</summary>
[NonParallelizable]
public sealed class AssistImportTests
{
    private const string OfficerKey = "officer-lia-key-0123456789";
    private const string Header = "unit_code,assisted_on,head_of_household,village,categories,member_phone,note";
    private TestApp _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _officer = null!;

    [SetUp]
    public async Task StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: new Dictionary<string, string?>
        {
            ["Admin:ApiKeys:0"] = TeamChatDriver.AdminKey,
            ["Admin:Keys:0:Key"] = OfficerKey,
            ["Admin:Keys:0:Role"] = "officer",
            ["Admin:Keys:0:UnitCode"] = ConsoleSeed.Lia,
            ["Imports:MaxFileBytes"] = "100000",
        });
        await ConsoleSeed.SeedAsync(_app.DatabasePath);
        _admin = new TeamChatDriver(_app, _app.CreateClient()).Admin();
        _officer = _app.CreateClient();
        _officer.DefaultRequestHeaders.Add("X-Api-Key", OfficerKey);
    }

    [TearDown]
    public async Task StopApp()
    {
        _admin.Dispose();
        _officer.Dispose();
        await _app.DisposeAsync();
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    /// <summary>Posts the file, checks the 202 and its status URL, and waits until the import has ended.</summary>
    private static async Task<JsonElement> ImportAsync(HttpClient client, HttpContent file)
    {
        using var response = await client.PostAsync("/admin/api/assists/import", file);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var statusUrl = accepted.GetProperty("statusUrl").GetString()!;
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(statusUrl));
        JsonElement status = default;
        await Eventually.UntilAsync(async () =>
        {
            status = await client.GetFromJsonAsync<JsonElement>(statusUrl);
            return status.GetProperty("status").GetString() is "done" or "failed";
        }, "the import ends");
        return status;
    }

    private static List<(int Line, string Message)> Errors(JsonElement status) =>
        status.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("message").GetString()!)).ToList();

    [Test]
    public async Task Bad_rows_are_reported_by_line_in_vietnamese_and_the_others_are_imported_with_report_codes()
    {
        var status = await ImportAsync(_admin, Csv($"""
            # Báo cáo giấy của xã Lìa, năm 2025
            {Header}
            T-LIA,2025-03-04,Nguyễn Văn Tư,Thôn A Rông,VNeID,0912000015,"Cài VNeID, kích hoạt mức 2"
            T-KHONGCO,2025-03-04,Lê Thị Năm,Thôn A Rông,VNeID,,
            T-HL-XB,2025-03-04,Lê Thị Năm,Bản Xa Bai,VNeID,,
            T-LIA-AR,2025-13-40,Lê Thị Năm,Thôn A Rông,VNeID,,
            T-LIA-AR,2025-03-05,,Thôn A Rông,VNeID,,
            T-LIA-AR,2025-03-05,Lê Thị Năm,Thôn A Rông,bói toán,,
            T-LIA-AR,2099-01-01,Lê Thị Năm,Thôn A Rông,VNeID,,
            T-LIA-AR,2025-03-06,Lê Thị Năm 012345678901,Thôn A Rông,VNeID,,
            T-LIA-AR,2025-03-07,Hồ Thị Sáu,Thôn A Rông,thanh toán điện tử; y tế,,
            """));

        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("done"));
        Assert.That((status.GetProperty("added").GetInt32(), status.GetProperty("refused").GetInt32(), status.GetProperty("rowsRead").GetInt32()),
            Is.EqualTo((2, 7, 9)));
        Assert.That(Errors(status), Is.EqualTo(new[]
        {
            (4, "Không có đơn vị mã “T-KHONGCO”."),
            (5, "Đơn vị “T-HL-XB” chưa có tổ: lập tổ trước rồi nhập lại."),
            (6, "Không hiểu ngày “2025-13-40”: ghi dạng 2025-03-28 hoặc 28/03/2025."),
            (7, "Thiếu tên chủ hộ (cột head_of_household)."),
            (8, "Không rõ nội dung hỗ trợ “bói toán”: dùng VNeID, dịch vụ công, thương mại điện tử, thanh toán điện tử, y tế, giáo dục, kỹ năng số hoặc khác."),
            (9, "Ngày 01/01/2099 chưa tới: báo cáo cũ phải có ngày đã qua."),
            (10, "Dòng có số giống số căn cước (12 chữ số): không lưu số căn cước của người dân, xoá số đó rồi nhập lại."),
        }));

        // The imported rows are reports like any other: the team's next code, marked as imported, counted.
        using var assists = await _admin.GetAsync("/admin/api/assists?unitCode=T-LIA&from=2025-01-01&to=2025-12-31");
        var rows = (await assists.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.That(rows.Select(r => (r.GetProperty("code").GetString(), r.GetProperty("headOfHousehold").GetString(), r.GetProperty("imported").GetBoolean())),
            Is.EqualTo(new[] { ("HT-0003", "Hồ Thị Sáu", true), ("HT-0002", "Nguyễn Văn Tư", true) }));
        Assert.That(rows[0].GetProperty("categories").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "EPayment", "Health" }));
        Assert.That(rows[0].GetProperty("memberName").ValueKind, Is.EqualTo(JsonValueKind.Null), "no member phone: recorded with no member");
        Assert.That(rows[1].GetProperty("memberName").GetString(), Is.EqualTo("Lê Thị Hoa LIA"), "the member whose phone the row gives");
        Assert.That(await _app.QueryScalarAsync<long>("SELECT households FROM figures_by_month WHERE subject = 'team' AND category = '' AND month = '2025-03' AND subject_id = "
            + "(SELECT t.id FROM teams t JOIN admin_units u ON u.id = t.unit_id WHERE u.code = 'T-LIA-AR')"), Is.EqualTo(1));
    }

    [Test]
    public async Task Importing_the_same_file_twice_adds_nothing_the_second_time()
    {
        var file = $"""
            {Header}
            T-LIA-AR,2025-05-02,Võ Văn Bảy,Thôn A Rông,VNeID,,lần 1
            T-LIA-AR,2025-05-09,Võ Văn Bảy,Thôn A Rông,VNeID,,lần 2
            T-LIA-AR,2025-05-09,Võ Văn Bảy,thon a rong,vneid,,lần 2
            """;
        var first = await ImportAsync(_admin, Csv(file));
        var second = await ImportAsync(_admin, Csv(file));

        Assert.That((first.GetProperty("added").GetInt32(), first.GetProperty("duplicates").GetInt32()), Is.EqualTo((2, 1)),
            "the third row is the second again (same team, day, household, categories and note)");
        Assert.That((second.GetProperty("added").GetInt32(), second.GetProperty("duplicates").GetInt32()), Is.EqualTo((0, 3)));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM household_assists WHERE import_id IS NOT NULL"), Is.EqualTo(2));
    }

    [Test]
    public async Task Dates_may_be_written_dd_mm_yyyy_and_categories_without_diacritics()
    {
        var status = await ImportAsync(_admin, Csv($"""
            {Header}
            T-LIA-AR,28/02/2025,Phan Thị Chín,Thôn A Rông,dich vu cong; thanh toan dien tu,,
            T-LIA-AR,3/1/2025,Phan Thị Chín,Thôn A Rông,KY NANG SO,,
            """));

        Assert.That(status.GetProperty("added").GetInt32(), Is.EqualTo(2), string.Join("; ", Errors(status)));
        var stored = (await (await _app.OpenDatabaseAsync()).QueryAsync<(string Day, string Categories)>("""
            SELECT a.assisted_on, group_concat(c.category, ' ') FROM household_assists a JOIN household_assist_categories c ON c.assist_id = a.id
            WHERE a.import_id IS NOT NULL GROUP BY a.id ORDER BY a.assisted_on
            """)).ToList();
        Assert.That(stored.Select(s => s.Day), Is.EqualTo(new[] { "2025-01-03", "2025-02-28" }));
        Assert.That(stored.Select(s => string.Join(' ', s.Categories.Split(' ').Order())), Is.EqualTo(new[] { "DigitalSkills", "EPayment OnlinePublicServices" }));
    }

    [Test]
    public async Task A_member_phone_that_is_not_the_teams_is_refused()
    {
        var status = await ImportAsync(_admin, Csv($"""
            {Header}
            T-LIA-AR,2025-06-01,Đỗ Văn Mười,Thôn A Rông,VNeID,0987 654 321,
            T-LIA-AR,2025-06-01,Đỗ Văn Mười,Thôn A Rông,VNeID,0912000001,
            """));

        Assert.That(Errors(status), Is.EqualTo(new[]
        {
            (2, "Số 09xx xxx 321 không phải thành viên của Tổ CNSCĐ Thôn A Rông: để trống cột member_phone nếu không rõ ai hỗ trợ."),
            (3, "Số 09xx xxx 001 không phải thành viên của Tổ CNSCĐ Thôn A Rông: để trống cột member_phone nếu không rõ ai hỗ trợ."),
        }), "0912000001 belongs to a member of another team");
        Assert.That(status.GetProperty("added").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task An_officer_importing_into_another_commune_is_refused_and_cannot_follow_other_communes_imports()
    {
        var status = await ImportAsync(_officer, Csv($"""
            {Header}
            T-HL-CB,2025-07-01,Hồ Văn Mười Một,Bản Cù Bai,VNeID,,
            T-HL,2025-07-01,Hồ Văn Mười Hai,Bản Cù Bai,VNeID,,
            T-LIA-AR,2025-07-01,Đinh Thị Lành,Thôn A Rông,VNeID,,
            """));

        Assert.That(Errors(status), Is.EqualTo(new[]
        {
            (2, "Đơn vị “T-HL-CB” không thuộc đơn vị bạn quản lý: không nhập vào đó được."),
            (3, "Đơn vị “T-HL” không thuộc đơn vị bạn quản lý: không nhập vào đó được."),
        }));
        Assert.That(status.GetProperty("added").GetInt32(), Is.EqualTo(1), "their own village's row goes in");
        Assert.That(await _app.QueryScalarAsync<long>("""
            SELECT COUNT(*) FROM household_assists a JOIN teams t ON t.id = a.team_id JOIN admin_units u ON u.id = t.unit_id
            WHERE a.import_id IS NOT NULL AND u.code LIKE 'T-HL%'
            """), Is.Zero, "nothing was written into Hướng Lập");

        var provinceImport = await ImportAsync(_admin, Csv($"{Header}\nT-HL,2025-07-02,Hồ Văn Mười Ba,Bản Cù Bai,VNeID,,\n"));
        using var hidden = await _officer.GetAsync(provinceImport.GetProperty("statusUrl").GetString());
        Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a province admin's import is not the officer's to follow");
        using var own = await _admin.GetAsync(status.GetProperty("statusUrl").GetString());
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a province admin follows every import");
    }

    [Test]
    public async Task A_workbook_uploaded_in_a_form_is_imported_with_its_dates()
    {
        var path = Path.Combine(Path.GetDirectoryName(_app.DatabasePath)!, "bao-cao.xlsx");
        await MiniExcel.SaveAsAsync(path, new[]
        {
            new Dictionary<string, object?>
            {
                ["unit_code"] = "T-LIA", ["assisted_on"] = new DateTime(2025, 8, 15), ["head_of_household"] = "Lê Văn Mạnh", ["village"] = "Thôn A Rông",
                ["categories"] = "VNeID", ["member_phone"] = null, ["note"] = "Nhập từ sổ",
            },
        });
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "bao-cao.xlsx");

        var status = await ImportAsync(_admin, form);

        Assert.That((status.GetProperty("format").GetString(), status.GetProperty("fileName").GetString(), status.GetProperty("added").GetInt32()),
            Is.EqualTo(("xlsx", "bao-cao.xlsx", 1)), string.Join("; ", Errors(status)));
        Assert.That(await _app.QueryScalarAsync<string>("SELECT assisted_on FROM household_assists WHERE import_id IS NOT NULL"), Is.EqualTo("2025-08-15"));
    }

    [Test]
    public async Task A_file_without_the_columns_fails_with_the_header_line_and_a_too_large_one_gets_413()
    {
        var status = await ImportAsync(_admin, Csv("ma,ten\nT-LIA,abc\n"));
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(status.GetProperty("failure").GetString(), Does.StartWith("Dòng 1: thiếu cột assisted_on, head_of_household, village, categories"));

        using var large = await _admin.PostAsync("/admin/api/assists/import", Csv(Header + "\n" + new string('x', 200_000)));
        Assert.That(large.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        using var anonymous = await _app.CreateClient().PostAsync("/admin/api/assists/import", Csv(Header));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Directory.EnumerateFiles(Path.Combine(Path.GetDirectoryName(_app.DatabasePath)!, "imports")), Is.Empty,
            "no uploaded file is kept once its import has ended");
    }

    [Test]
    public async Task An_officer_uploads_in_the_console_and_follows_the_import_to_its_refused_rows()
    {
        using var console = await ConsoleClient.SignInAsync(_app, OfficerKey);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await ConsoleClient.CsrfTokenAsync(console, "/admin/imports")), "__csrf" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"{Header}\nT-LIA-AR,2025-09-09,Lò Văn Pọm,Thôn A Rông,vneid,,\nT-HL,2025-09-09,Hồ Thị Tám,Bản Cù Bai,vneid,,\n")), "file", "so-tay.csv" },
        };

        using var posted = await console.PostAsync("/admin/imports", form);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var statusPage = posted.Headers.Location!.OriginalString;
        Assert.That(statusPage, Does.Match(@"^/admin/imports/\d+$"));
        string page = "";
        await Eventually.UntilAsync(async () => (page = await console.GetStringAsync(statusPage)).Contains("data-status=\"done\"", StringComparison.Ordinal),
            "the import's page says it is done");
        Assert.That(page, Does.Contain("data-added=\"1\"").And.Contain("data-refused=\"1\"").And.Contain("so-tay.csv"));
        Assert.That(page, Does.Contain("<td class=\"num\">3</td><td>Đơn vị “T-HL” không thuộc đơn vị bạn quản lý: không nhập vào đó được.</td>"));
        Assert.That(await console.GetStringAsync("/admin/imports"), Does.Contain($"href=\"{statusPage}\""));

        var provinceImport = await ImportAsync(_admin, Csv($"{Header}\nT-HL,2025-07-02,Hồ Văn Mười Ba,Bản Cù Bai,VNeID,,\n"));
        using var hidden = await console.GetAsync($"/admin/imports/{provinceImport.GetProperty("id").GetInt64()}");
        Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another commune's import does not exist for the officer");
        Assert.That(await console.GetStringAsync("/admin/imports"), Does.Not.Contain("Hồ Văn Mười Ba").And.Not.Contain($"/admin/imports/{provinceImport.GetProperty("id").GetInt64()}\""));
    }
}
