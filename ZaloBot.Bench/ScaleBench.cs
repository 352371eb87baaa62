using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ZaloBot.PastReports;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.Bench;

/// <summary>One page or call, requested again and again: its latency in milliseconds.</summary>
internal sealed record TimedCall(string Who, string What, LatencySummary Latency, double TargetMs);

/// <summary>Write cost of <c>#hotro</c> end to end on one build of the app.</summary>
internal sealed record ReportWriteResult(string Build, int Events, LatencySummary Latency, double CpuMicrosecondsPerEvent);


internal sealed record ScaleResult(
    int Reports, int Households, double ImportSeconds, double ImportRowsPerSecond, double ImportPeakRssMb, IReadOnlyList<TimedCall> Calls,
    LatencySummary SummaryXlsx, LatencySummary SummaryCsv, LatencySummary FullExportFirstByte, double FullExportSeconds, long FullExportBytes,
    LatencySummary Stats, LatencySummary ReportAtScale, IReadOnlyList<ReportWriteResult> Writes);

/// <summary>
/// The province at scale: the real 78 communes with 14 demo villages each, 1,170 teams and 7,020 members
/// (<c>seed-demo</c>), then a million reports imported through the admin API as an official would, timed, with the
/// app's peak memory. Then a province admin and a commune officer sign in and every console page and admin API list is
/// requested again and again; the summary exports, the first byte of the full households export, <c>#thongke</c> in a
/// village group and <c>#hotro</c> at that size; and the write cost of <c>#hotro</c> end to end beside a build of the
/// app from before the figures were kept (<c>--baseline-app</c>).
/// </summary>
internal static class ScaleBench
{
    public const string ProvinceKey = "bench-province-key-0123456789";
    public const string OfficerKey = "bench-officer-key-0123456789";
    private const string StatsGroup = "bench-scale-group";

    public static async Task<ScaleResult> RunAsync(Launcher launcher, BenchPlan plan, BenchOptions options)
    {
        var database = launcher.NewDatabasePath("scale");
        await SeedAsync(options.AppDll, database, launcher.WorkFolder);
        var db = new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={database}" }));
        var (teams, _) = await DemoDataCommand.SeedTeamsAsync(db, DateTimeOffset.UtcNow);
        var csv = Path.Combine(launcher.WorkFolder, "reports.csv");
        await DemoDataCommand.WriteReportsAsync(csv, teams, plan.ScaleReports, VietnamTime.Today(DateTimeOffset.UtcNow));
        var officerCommune = teams[0].UnitCode;
        var statsTeam = teams[1];
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.ExecuteAsync("UPDATE teams SET group_id = @Group WHERE bind_code = @Code", new { Group = StatsGroup, Code = DemoDataCommand.BindPrefix + "0001" });
        }

        // Live mode's console cookies are Secure, as behind the HTTPS proxy: the console is reached over HTTPS, on a
        // certificate made for the run.
        var certificate = Path.Combine(launcher.WorkFolder, "scale.pfx");
        string thumbprint;
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pfx, "bench"));
            thumbprint = self.GetCertHashString(HashAlgorithmName.SHA256);
        }

        var port = ChildProcess.FreePort();
        var https = new Uri($"https://127.0.0.1:{ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture)}");
        await using var emulator = await EmulatorServer.StartAsync(TimeSpan.Zero);
        var app = await launcher.StartAppAsync("app-scale", database, emulator.BaseUrl, port, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)};{https.AbsoluteUri.TrimEnd('/')}",
            ["Kestrel__Certificates__Default__Path"] = certificate,
            ["Kestrel__Certificates__Default__Password"] = "bench",
            ["Admin__Keys__0__Key"] = ProvinceKey,
            ["Admin__Keys__1__Key"] = OfficerKey,
            ["Admin__Keys__1__Role"] = "officer",
            ["Admin__Keys__1__UnitCode"] = officerCommune,
        });
        try
        {
            using var province = Api(app.BaseUrl, ProvinceKey);
            var (importSeconds, rows) = await ImportAsync(province, csv);
            app.Sample();
            var importRss = app.PeakRssKb / 1024.0;
            Console.WriteLine($"  imported {rows:N0} reports in {importSeconds:0.0} s ({rows / importSeconds:N0} rows/s), app peak RSS {importRss:0} MB");

            var calls = new List<TimedCall>();
            using var officer = Api(app.BaseUrl, OfficerKey);
            using var provinceConsole = await SignInAsync(https, thumbprint, ProvinceKey);
            using var officerConsole = await SignInAsync(https, thumbprint, OfficerKey);
            foreach (var (who, console, api, target) in new[] { ("province admin", provinceConsole, province, 300.0), ("officer", officerConsole, officer, 100.0) })
            {
                foreach (var page in Pages(who == "province admin"))
                {
                    calls.Add(new TimedCall(who, page, await TimeAsync(console, page, plan.ScaleRepeats), target));
                }

                foreach (var call in ApiCalls(who == "province admin" ? "" : officerCommune, officerCommune + "-DM01"))
                {
                    calls.Add(new TimedCall(who, call, await TimeAsync(api, call, plan.ScaleRepeats), target));
                }
            }

            foreach (var call in calls)
            {
                Console.WriteLine(Invariant($"  {call.Who,-14} {call.What,-60} p95 {call.Latency.P95,7:0.0} ms"));
            }

            var summaryXlsx = await TimeAsync(provinceConsole, "/admin/exports/summary.xlsx", plan.ScaleRepeats);
            var summaryCsv = await TimeAsync(provinceConsole, "/admin/exports/summary.csv", plan.ScaleRepeats);
            var (firstByte, fullSeconds, fullBytes) = await FullExportAsync(provinceConsole);
            Console.WriteLine(Invariant($"  summary export p95 {summaryXlsx.P95:0} ms (xlsx), {summaryCsv.P95:0} ms (csv); full households export: first byte p95 {firstByte.P95:0} ms, all of it {fullSeconds:0.0} s, {fullBytes / 1e6:0.0} MB"));

            var factory = Launcher.NewFactory();
            var member = $"demo-1-{2}";
            var stats = await ChatAsync(app.BaseUrl, emulator, Enumerable.Range(0, plan.ScaleRepeats + 1).Select(_ => factory.GroupText(StatsGroup, "#thongke tatca", 1, member)).ToList());
            var report = await ChatAsync(app.BaseUrl, emulator, Enumerable.Range(0, plan.ScaleRepeats + 1)
                .Select(i => factory.GroupText(StatsGroup, $"#hotro Bench Hộ {i} | {statsTeam.Place} | cài VNeID", 1, member)).ToList());
            Console.WriteLine(Invariant($"  #thongke in a village group: p95 {stats.P95:0.0} ms; #hotro: p95 {report.P95:0.0} ms (post to reply at the emulator)"));

            await using var counts = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
            var households = await counts.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM households WHERE assists > 0");
            var reports = await counts.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM household_assists");
            await launcher.StopAppAsync(app, "scale");
            var writes = new List<ReportWriteResult> { await ReportWriteAsync(launcher, plan, options.AppDll, "this build") };
            if (options.BaselineAppDll is { } baseline)
            {
                writes.Add(await ReportWriteAsync(launcher, plan, baseline, "baseline"));
            }

            return new ScaleResult(reports, households, importSeconds, rows / importSeconds, importRss, calls, summaryXlsx, summaryCsv, firstByte, fullSeconds,
                fullBytes, stats, report, writes);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static IEnumerable<string> Pages(bool provinceAdmin) =>
    [
        "/admin", "/admin/units", "/admin/households", "/admin/households?view=assists", "/admin/help-requests", "/admin/broadcasts",
        "/admin/imports", "/admin/guides", .. provinceAdmin ? new[] { "/admin/dead-letters" } : [],
    ];

    /// <summary>The API lists, over the unit (empty: everything the key sees), and the households living in one demo village.</summary>
    private static IEnumerable<string> ApiCalls(string unitCode, string village) =>
    [
        $"/admin/api/households?unitCode={unitCode}&limit=50", $"/admin/api/assists?unitCode={unitCode}&limit=50",
        $"/admin/api/households?unitCode={village}&byVillage=true&limit=50",
        $"/admin/api/teams?unitCode={unitCode}", "/admin/api/units?limit=100", "/admin/api/members?limit=100", "/admin/api/broadcasts",
    ];

    /// <summary>The units, teams and members, by the app's own command (one report: the million come through the API).</summary>
    private static async Task SeedAsync(string appDll, string database, string workFolder)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { appDll, DemoDataCommand.Command, "--assists", "1", $"--ConnectionStrings:ZaloBot=Data Source={database}" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"seed-demo failed ({process.ExitCode}): {await output} {await errors}");
        }
    }

    private static HttpClient Api(Uri baseUrl, string key)
    {
        var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Posts the file as an official would, then follows its status until it is done.</summary>
    private static async Task<(double Seconds, int Rows)> ImportAsync(HttpClient client, string csv)
    {
        var watch = Stopwatch.StartNew();
        await using var file = File.OpenRead(csv);
        using var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PostAsync("/admin/api/assists/import", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"the import was not accepted: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var statusUrl = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!;
        while (true)
        {
            await Task.Delay(1000);
            var status = await client.GetFromJsonAsync<JsonElement>(statusUrl);
            var state = status.GetProperty("status").GetString();
            if (state is "done" or "failed")
            {
                if (state == "failed" || status.GetProperty("refused").GetInt32() > 0)
                {
                    throw new InvalidOperationException($"the import ended {state}: {status}");
                }

                return (watch.Elapsed.TotalSeconds, status.GetProperty("added").GetInt32());
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException("the import did not end in 30 minutes");
            }
        }
    }

    /// <summary>A console session over HTTPS, trusting the run's own certificate (by its SHA-256) only.</summary>
    private static async Task<HttpClient> SignInAsync(Uri baseUrl, string thumbprint, string key)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint },
        })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromMinutes(10),
        };
        var form = await client.GetStringAsync("/admin/sign-in");
        var token = Regex.Match(form, "name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/admin/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = key, ["returnUrl"] = "/admin", ["__csrf"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"console sign-in failed: {(int)response.StatusCode}");
        }

        return client;
    }

    /// <summary>Two warm-up requests, then <paramref name="repeats"/> timed ones, each read to its end.</summary>
    private static async Task<LatencySummary> TimeAsync(HttpClient client, string path, int repeats)
    {
        var latency = new LatencyRecorder(repeats);
        for (var i = -2; i < repeats; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
            }

            if (i >= 0)
            {
                latency.Add(LatencyRecorder.Milliseconds(start, Stopwatch.GetTimestamp()));
            }
        }

        return latency.Summarize();
    }

    /// <summary>The full households export: time to its first byte (three times), and the whole file once.</summary>
    private static async Task<(LatencySummary FirstByte, double Seconds, long Bytes)> FullExportAsync(HttpClient client)
    {
        var firstByte = new LatencyRecorder(3);
        double seconds = 0;
        long bytes = 0;
        for (var i = 0; i < 3; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync("/admin/exports/households.csv", HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1 << 16];
            var read = await body.ReadAsync(buffer);
            firstByte.Add(LatencyRecorder.Milliseconds(start, Stopwatch.GetTimestamp()));
            if (i == 0)
            {
                bytes = read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    bytes += read;
                }

                seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }

        return (firstByte.Summarize(), seconds, bytes);
    }

    /// <summary>Posts each event after the previous one's reply arrived; times post → reply at the emulator, but for the first (a warm-up).</summary>
    private static async Task<LatencySummary> ChatAsync(Uri baseUrl, EmulatorServer emulator, List<WebhookEvent> events)
    {
        using var client = LoadGenerator.NewClient(baseUrl, 4, TimeSpan.FromSeconds(10));
        var latency = new LatencyRecorder(events.Count);
        foreach (var webhook in events.Select((e, i) => (Event: e, Warmup: i == 0)))
        {
            var before = emulator.Replies.CountFor(webhook.Event.Recipient!);
            var start = Stopwatch.GetTimestamp();
            using var request = LoadGenerator.Request(webhook.Event);
            using var response = await client.SendAsync(request);
            var deadline = Stopwatch.GetTimestamp() + LoadGenerator.Ticks(TimeSpan.FromSeconds(10));
            while (emulator.Replies.CountFor(webhook.Event.Recipient!) == before && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(1);
            }

            if (!webhook.Warmup)
            {
                latency.Add(LatencyRecorder.Milliseconds(start, Stopwatch.GetTimestamp()));
            }
        }

        return latency.Summarize();
    }

    /// <summary>
    /// <c>#hotro</c> one after another on a fresh database, end to end (post → reply at the emulator), with the app's
    /// CPU per report: the same steps on any build of the app (units and a team by the admin API, the group bound and the
    /// members registered by their commands).
    /// </summary>
    private static async Task<ReportWriteResult> ReportWriteAsync(Launcher launcher, BenchPlan plan, string appDll, string build)
    {
        await using var emulator = await EmulatorServer.StartAsync(TimeSpan.Zero);
        var app = await launcher.StartAppAsync("app-write-" + build.Replace(' ', '-'), launcher.NewDatabasePath("write-" + build.Replace(' ', '-')),
            emulator.BaseUrl, settings: new Dictionary<string, string> { ["Admin__ApiKeys__0"] = ProvinceKey }, appDll: appDll);
        try
        {
            using var admin = Api(app.BaseUrl, ProvinceKey);
            using var units = new StringContent("code,level,name,parent_code\nB-P,province,Tỉnh,\nB-C,commune,Xã Bench,B-P\nB-V,village,Thôn Bench,B-C\n");
            units.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            (await admin.PostAsync("/admin/api/units/import", units)).EnsureSuccessStatusCode();
            using var created = await admin.PostAsJsonAsync("/admin/api/teams", new { unitCode = "B-V", leaderPhone = "0912000100" });
            var bindCode = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bindCode").GetString()!;
            var factory = Launcher.NewFactory();
            const string Group = "bench-write-group";
            var members = Enumerable.Range(0, 5).Select(i => $"bench-member-{i}").ToList();
            await ChatAsync(app.BaseUrl, emulator, [
                factory.GroupText(Group, "#ketnoi " + bindCode, 1, members[0]),
                .. members.Select((member, i) => factory.GroupText(Group, $"#dangky Thành Viên {i} | 09120002{i:00}", 1, member)),
            ]);

            var events = Enumerable.Range(0, plan.ReportWrites + 1)
                .Select(i => factory.GroupText(Group, $"#hotro Chủ Hộ {i} | Thôn Bench | cài VNeID, mở ví", 1, members[i % members.Count])).ToList();
            await ChatAsync(app.BaseUrl, emulator, Enumerable.Range(0, plan.ReportWrites / 3)
                .Select(i => factory.GroupText(Group, $"#hotro Khởi Động {i} | Thôn Bench | cài VNeID", 1, members[i % members.Count])).ToList());
            app.Sample();
            var cpuBefore = app.CpuTime;
            var latency = await ChatAsync(app.BaseUrl, emulator, events);
            app.Sample();
            var result = new ReportWriteResult(build, latency.Count, latency, (app.CpuTime - cpuBefore).TotalMicroseconds / events.Count);
            Console.WriteLine(Invariant($"  #hotro end to end on {build}: p50 {result.Latency.P50:0.0} ms, p99 {result.Latency.P99:0.0} ms, {result.CpuMicrosecondsPerEvent:0} µs CPU per report"));
            return result;
        }
        finally
        {
            await launcher.StopAppAsync(app, "write " + build);
            await app.DisposeAsync();
        }
    }
}
