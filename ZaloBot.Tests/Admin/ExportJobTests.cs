using System.Net;
using System.Text.RegularExpressions;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>The full households export made in the background: started from the households page, followed, downloaded.</summary>
[NonParallelizable]
public sealed partial class ExportJobTests
{
    private TestApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: ConsoleSeed.KeySettings());
        await ConsoleSeed.SeedAsync(_app.DatabasePath);
    }

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    /// <summary>Posts the households page's background-export form with this filter; returns the job page it leads to.</summary>
    private static async Task<string> StartAsync(HttpClient client, string query, string format)
    {
        var households = await client.GetStringAsync("/admin/households" + query);
        Assert.That(households, Does.Contain($"action=\"/admin/exports/jobs{query.Replace("&", "&amp;", StringComparison.Ordinal)}\""),
            "the page offers the background export of its own filter");
        using var started = await client.PostAsync("/admin/exports/jobs" + query, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["format"] = format,
            ["__csrf"] = await ConsoleClient.CsrfTokenAsync(client, "/admin/households"),
        }));
        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return started.Headers.Location!.OriginalString;
    }

    [Test]
    public async Task An_officer_follows_a_background_export_and_downloads_the_same_file_as_the_direct_download()
    {
        using var officer = await ConsoleClient.SignInAsync(_app, ConsoleSeed.LiaOfficerKey);
        const string query = "?from=2026-01-01&view=assists";
        var job = await StartAsync(officer, query, "csv");
        Assert.That(job, Does.Match("^/admin/exports/jobs/[0-9a-f]{32}$"));

        string page = "";
        await Eventually.UntilAsync(async () => (page = await officer.GetStringAsync(job)).Contains("data-status=\"done\"", StringComparison.Ordinal),
            "the file is written");
        Assert.That(page, Does.Contain("Tệp đã sẵn sàng").And.Contain($"href=\"{job}?handler=File\""));
        Assert.That(page, Does.Not.Contain("http-equiv=\"refresh\""), "a finished job's page stops refreshing itself");

        using var file = await officer.GetAsync(job + "?handler=File");
        var direct = await officer.GetByteArrayAsync("/admin/exports/households.csv" + query);
        Assert.That(file.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(file.Content.Headers.ContentDisposition?.FileNameStar ?? file.Content.Headers.ContentDisposition?.FileName,
            Does.StartWith("luot-ho-tro-").And.EndWith(".csv"));
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.That(bytes, Is.EqualTo(direct), "the officer's commune's reports, as the direct download has them");
        Assert.That(Rows(bytes), Is.GreaterThan(0));
    }

    [Test]
    public async Task A_province_admins_export_is_not_found_for_an_officer_and_an_unknown_job_is_not_found()
    {
        using var province = await ConsoleClient.SignInAsync(_app);
        using var officer = await ConsoleClient.SignInAsync(_app, ConsoleSeed.LiaOfficerKey);
        var job = await StartAsync(province, "", "xlsx");
        await Eventually.UntilAsync(async () => (await province.GetStringAsync(job)).Contains("data-status=\"done\"", StringComparison.Ordinal),
            "the file is written");

        using var page = await officer.GetAsync(job);
        using var file = await officer.GetAsync(job + "?handler=File");
        using var unknown = await province.GetAsync("/admin/exports/jobs/" + new string('0', 32));
        using var provinceFile = await province.GetAsync(job + "?handler=File");

        Assert.That((page.StatusCode, file.StatusCode, unknown.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        Assert.That(provinceFile.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        Assert.That((await provinceFile.Content.ReadAsByteArrayAsync()).Take(2), Is.EqualTo("PK"u8.ToArray()), "a workbook (a zip)");
    }

    [Test]
    public async Task An_unknown_format_or_an_unreadable_filter_starts_nothing()
    {
        using var province = await ConsoleClient.SignInAsync(_app);
        var csrf = await ConsoleClient.CsrfTokenAsync(province, "/admin/households");
        using var pdf = await province.PostAsync("/admin/exports/jobs",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["format"] = "pdf", ["__csrf"] = csrf }));
        using var unreadable = await province.PostAsync("/admin/exports/jobs?from=hôm qua",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["format"] = "csv", ["__csrf"] = csrf }));

        Assert.That((pdf.StatusCode, unreadable.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.BadRequest)));
        Assert.That(await unreadable.Content.ReadAsStringAsync(), Does.Contain("hôm qua"), "says which filter could not be read");
    }

    private static int Rows(byte[] csv) => LineBreak().Split(System.Text.Encoding.UTF8.GetString(csv).Trim()).Length - 1;

    [GeneratedRegex("\r\n")]
    private static partial Regex LineBreak();
}
