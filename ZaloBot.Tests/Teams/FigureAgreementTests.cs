using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Tests.Admin;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Teams;

/// <summary>
/// The figures kept as reports are written agree with an independent count from the raw reports, after reports,
/// corrections, cancellations, an import and a rebuild: every figure the console, the summary export, the households
/// list and #thongke show. The independent count uses its own SQL over <c>household_assists</c>: a household is a
/// household key within the commune-level unit of the team (within the team, for a team; within the member, for a
/// member), new in the period of its first counted report there.
/// </summary>
[NonParallelizable]
public sealed partial class FigureAgreementTests
{
    private static readonly DateOnly Today = VietnamTime.Today(DateTimeOffset.UtcNow);
    private TestApp _app = null!;
    private TeamChatDriver _chat = null!;

    [OneTimeSetUp]
    public async Task BuildHistory()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        await ConsoleSeed.SeedAsync(_app.DatabasePath);
        _chat = new TeamChatDriver(_app, _app.CreateClient());

        // Reports in the groups: a household the commune team helped is helped by its village team too, a new one twice.
        await _chat.AskGroupAsync("group-T-LIA-AR", "zalo-T-LIA-AR-2", "#hotro Nguyễn Văn An | Thôn A Rông | cài VNeID, mở ví VNPT Money");
        await _chat.AskGroupAsync("group-T-LIA-AR", "zalo-T-LIA-AR-2", "#hotro Đinh Văn Sơn | A Rông | khám bệnh, bhyt");
        await _chat.AskGroupAsync("group-T-LIA-AR", "zalo-T-LIA-AR-3", "#hotro Đinh Văn Sơn | Thôn A Rông | học phí");
        await _chat.AskGroupAsync("group-T-HL-CB", "zalo-T-HL-CB-2", "#hotro Hồ Thị Lan | Bản Cù Bai | nộp hồ sơ khai sinh");
        await _chat.AskGroupAsync("group-T-HL-CB", "zalo-T-HL-CB-2", "#hotro Ai Đó | Bản Cù Bai | cài VNeID");
        // A correction moves a report to another household; a cancellation takes one out.
        await _chat.AskGroupAsync("group-T-HL-CB", "zalo-T-HL-CB-2", "#sua HT-0006 | chủ hộ: Hồ Văn Pả");
        await _chat.AskGroupAsync("group-T-LIA-AR", "zalo-T-LIA-AR-3", "#huy HT-0005");

        // Past reports, some about the same households, across partial months.
        var csv = new StringBuilder("unit_code,assisted_on,head_of_household,village,categories,member_phone,note\n")
            .AppendLine("T-LIA-AR,2025-03-10,Nguyễn Văn An,Thôn A Rông,VNeID; y te,0912000021,sổ cũ")
            .AppendLine("T-LIA-AR,15/03/2025,Nguyễn Văn An,Thôn A Rông,thanh toan dien tu,,sổ cũ")
            .AppendLine("T-LIA,2025-04-01,Võ Thị Hằng,Thôn A Rông,VNeID,,sổ cũ")
            .AppendLine("T-HL,2025-12-31,Hồ Văn Pả,Bản Cù Bai,Khác,,sổ cũ")
            .AppendLine("T-HL-CB,2026-01-20,Pả Văn Tới,Bản Tà Rùng,giáo dục; kỹ năng số,,sổ cũ")
            .AppendLine("T-HL-TR,2026-02-02,Côn Thị Mai,Bản Tà Rùng,kỹ năng số,,sổ cũ")
            .ToString();
        using var admin = _chat.Admin();
        using var response = await admin.PostAsync("/admin/api/assists/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var statusUrl = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!;
        await Eventually.UntilAsync(async () => (await admin.GetFromJsonAsync<JsonElement>(statusUrl)).GetProperty("status").GetString() == "done", "the import ends");
        Assert.That((await admin.GetFromJsonAsync<JsonElement>(statusUrl)).GetProperty("added").GetInt32(), Is.EqualTo(6));
    }

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task Every_figure_agrees_with_an_independent_count_and_again_after_a_rebuild()
    {
        var kept = await FiguresTablesAsync();
        await ExpectAgreementAsync("as kept");

        await FiguresRebuildCommand.RebuildAsync(_app.Services.GetRequiredService<Db>(), TextWriter.Null, CancellationToken.None);

        Assert.That(await FiguresTablesAsync(), Is.EqualTo(kept), "the rebuild finds the figures the reports kept");
        await ExpectAgreementAsync("after a rebuild");
    }

    private async Task ExpectAgreementAsync(string when)
    {
        await using var db = await _app.OpenDatabaseAsync();
        var differences = new List<string>();
        void Same<T>(string what, T shown, T counted)
        {
            if (!EqualityComparer<T>.Default.Equals(shown, counted))
            {
                differences.Add($"{what}: shown {shown}, counted {counted}");
            }
        }

        // The dashboard and the per-unit figures, over everything and over periods that cut months.
        foreach (var (from, to) in new (DateOnly?, DateOnly?)[] { (null, null), (new(2025, 3, 12), new(2026, 1, 31)), (new(2025, 12, 1), null), (null, new(2025, 3, 14)) })
        {
            var period = $"{from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}–{to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}";
            var counted = await CountAsync(db, from, to);
            var overview = await ProgrammeReport.BuildAsync(db, OfficerScope.Everything, new ReportFilter(From: from, To: to), Today);
            Same($"{period} total", overview.Totals, counted.Total);
            foreach (var commune in overview.Communes)
            {
                Same($"{period} {commune.Commune.Code}", commune.Figures, counted.Communes.GetValueOrDefault(commune.Commune.Id, Figures.Zero));
                foreach (var category in Enum.GetValues<AssistCategory>())
                {
                    Same($"{period} {commune.Commune.Code} {category} assists", commune.AssistsByCategory.GetValueOrDefault(category),
                        counted.CommuneCategories.GetValueOrDefault((commune.Commune.Id, category.ToString()), Figures.Zero).Assists);
                }

                foreach (var team in commune.Teams)
                {
                    var figures = team.Level == TeamLevel.Commune ? commune.CommuneTeamFigures : commune.Villages.Single(v => v.Team?.Id == team.Id).Figures;
                    Same($"{period} team {team.Name}", figures, counted.Teams.GetValueOrDefault(team.Id, Figures.Zero));
                }
            }

            foreach (var category in overview.ByCategory)
            {
                Same($"{period} {category.Category}", new Figures(category.Households, category.Assists),
                    Sum(counted.CommuneCategories.Where(c => c.Key.Category == category.Category.ToString()).Select(c => c.Value)));
            }

            foreach (var month in overview.Months)
            {
                var key = month.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                Same($"{period} month {key}", new Figures(month.NewHouseholds, month.Assists), counted.Months.GetValueOrDefault(key, Figures.Zero));
            }

            // The households page's headline and its list, for a commune and one category.
            var filter = new ReportFilter(UnitCode: ConsoleSeed.Lia, From: from, To: to, Category: AssistCategory.ElectronicId);
            var headline = await HouseholdReport.CountAsync(db, OfficerScope.Everything, filter);
            var lia = counted.CommuneCategories.GetValueOrDefault((await UnitIdAsync(db, ConsoleSeed.Lia), nameof(AssistCategory.ElectronicId)), Figures.Zero);
            Same($"{period} households page, Lìa, VNeID", headline, lia);
            var listed = await HouseholdReport.HouseholdsAsync(db, OfficerScope.Everything, filter, ListPage.All);
            Same($"{period} households listed, Lìa, VNeID", listed.Rows.Count, lia.Households);
        }

        // The summary export, as an official downloads it.
        using (var console = await ConsoleClient.SignInAsync(_app))
        {
            var counted = await CountAsync(db, null, null);
            var lines = (await console.GetStringAsync("/admin/exports/summary.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(l => l.Split(',')).ToList();
            foreach (var line in lines.Where(l => l[0].Length > 0))
            {
                var figures = counted.Communes.GetValueOrDefault(await UnitIdAsync(db, line[0]), Figures.Zero);
                Same($"summary export {line[0]}", (int.Parse(line[9], CultureInfo.InvariantCulture), int.Parse(line[10], CultureInfo.InvariantCulture)),
                    (figures.Households, figures.Assists));
            }

            Same("summary export total", (int.Parse(lines[^1][9], CultureInfo.InvariantCulture), int.Parse(lines[^1][10], CultureInfo.InvariantCulture)),
                (counted.Total.Households, counted.Total.Assists));
        }

        // #thongke in the village groups, since the start and this month.
        foreach (var (group, unit) in new[] { ("group-T-LIA-AR", "T-LIA-AR"), ("group-T-HL-CB", "T-HL-CB") })
        {
            var teamId = await db.ExecuteScalarAsync<long>("SELECT t.id FROM teams t JOIN admin_units u ON u.id = t.unit_id WHERE u.code = @Unit", new { Unit = unit });
            foreach (var (words, from) in new[] { ("tatca", (DateOnly?)null), ("thang", new DateOnly(Today.Year, Today.Month, 1)) })
            {
                var reply = await _chat.AskGroupAsync(group, "zalo-" + unit + "-1", "#thongke " + words);
                var counted = await CountAsync(db, from, null);
                var team = counted.Teams.GetValueOrDefault(teamId, Figures.Zero);
                var totals = Totals().Match(reply);
                Same($"#thongke {words} {unit}", (int.Parse(totals.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(totals.Groups[2].Value, CultureInfo.InvariantCulture)),
                    (team.Households, team.Assists));
                foreach (Match member in MemberLine().Matches(reply))
                {
                    var expected = counted.Members.GetValueOrDefault((teamId, member.Groups[1].Value), Figures.Zero);
                    Same($"#thongke {words} {unit} {member.Groups[1].Value}",
                        (int.Parse(member.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(member.Groups[3].Value, CultureInfo.InvariantCulture)),
                        (expected.Households, expected.Assists));
                }

                Same($"#thongke {words} {unit} members", MemberLine().Count(reply), counted.Members.Keys.Count(k => k.TeamId == teamId));
            }
        }

        Assert.That(differences, Is.Empty, $"{when}: every figure shown agrees with the raw reports");
    }

    private sealed record Counted(
        Figures Total, Dictionary<long, Figures> Communes, Dictionary<(long Commune, string Category), Figures> CommuneCategories,
        Dictionary<long, Figures> Teams, Dictionary<(long TeamId, string Member), Figures> Members, Dictionary<string, Figures> Months);

    /// <summary>The independent count: households and reports from the raw rows, by commune, category, team, member and month.</summary>
    private static async Task<Counted> CountAsync(Microsoft.Data.Sqlite.SqliteConnection db, DateOnly? from, DateOnly? to)
    {
        var period = new { From = from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "0000", To = to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "9999" };
        const string Reports = """
            WITH r AS (
                SELECT a.id, a.team_id, a.member_id, a.household_key, a.assisted_on AS day, c.category,
                       CASE WHEN t.level = 'commune' THEN t.unit_id ELSE (SELECT parent_id FROM admin_units WHERE id = t.unit_id) END AS commune
                FROM household_assists a JOIN teams t ON t.id = a.team_id
                     JOIN (SELECT assist_id, category FROM household_assist_categories UNION ALL SELECT id, '' FROM household_assists) c
                       ON c.assist_id = a.id
                WHERE a.status <> 'cancelled'
            )
            """;
        // Each figure counts a household once where it counts it: the key within the commune, team or member (and category).
        async Task<Dictionary<(long Id, string Category), Figures>> ByAsync(string subject, string categories) =>
            (await db.QueryAsync<(long Id, string Category, long Assists, long Households)>($"""
                {Reports}
                SELECT r.{subject}, r.category, SUM(r.day BETWEEN @From AND @To),
                       (SELECT COUNT(*) FROM (SELECT MIN(r2.day) AS first FROM r r2 WHERE r2.{subject} = r.{subject} AND r2.category = r.category
                                              GROUP BY r2.household_key)
                        WHERE first BETWEEN @From AND @To)
                FROM r WHERE {categories} GROUP BY r.{subject}, r.category
                """, period)).ToDictionary(r => (r.Id, r.Category), r => new Figures((int)r.Households, (int)r.Assists));

        var communes = (await ByAsync("commune", "r.category = ''")).ToDictionary(c => c.Key.Id, c => c.Value);
        var categories = await ByAsync("commune", "r.category <> ''");
        var teams = (await ByAsync("team_id", "r.category = ''")).ToDictionary(c => c.Key.Id, c => c.Value);
        var members = (await db.QueryAsync<(long TeamId, string Member, long Assists, long Households)>($"""
            {Reports}
            SELECT r.team_id, m.full_name, SUM(r.day BETWEEN @From AND @To),
                   (SELECT COUNT(*) FROM (SELECT MIN(day) AS first FROM r r2 WHERE r2.member_id = r.member_id AND r2.category = '' GROUP BY r2.household_key)
                    WHERE first BETWEEN @From AND @To)
            FROM r JOIN team_members m ON m.id = r.member_id WHERE r.category = '' GROUP BY r.member_id
            HAVING SUM(r.day BETWEEN @From AND @To) > 0
            """, period)).ToDictionary(r => (r.TeamId, r.Member), r => new Figures((int)r.Households, (int)r.Assists));
        var months = (await db.QueryAsync<(string Month, long Assists, long Households)>($"""
            {Reports}
            , firsts AS (SELECT MIN(day) AS first FROM r WHERE category = '' GROUP BY commune, household_key)
            SELECT m.month, (SELECT COUNT(*) FROM r WHERE category = '' AND substr(day, 1, 7) = m.month AND day BETWEEN @From AND @To),
                   (SELECT COUNT(*) FROM firsts WHERE substr(first, 1, 7) = m.month AND first BETWEEN @From AND @To)
            FROM (SELECT DISTINCT substr(day, 1, 7) AS month FROM r) m
            """, period)).ToDictionary(r => r.Month, r => new Figures((int)r.Households, (int)r.Assists));
        return new Counted(Sum(communes.Values), communes, categories, teams, members, months);
    }

    private static Figures Sum(IEnumerable<Figures> figures) =>
        figures.Aggregate(Figures.Zero, (total, f) => new Figures(total.Households + f.Households, total.Assists + f.Assists));

    private static Task<long> UnitIdAsync(Microsoft.Data.Sqlite.SqliteConnection db, string code) =>
        db.ExecuteScalarAsync<long>("SELECT id FROM admin_units WHERE code = @Code", new { Code = code });

    /// <summary>The figures tables' rows that hold something, in order.</summary>
    private async Task<List<string>> FiguresTablesAsync()
    {
        await using var db = await _app.OpenDatabaseAsync();
        return (await db.QueryAsync<string>("""
            SELECT 'd ' || subject || ' ' || subject_id || ' ' || category || ' ' || day || ' ' || assists || ' ' || households FROM figures_by_day
            WHERE assists <> 0 OR households <> 0
            UNION ALL
            SELECT 'm ' || subject || ' ' || subject_id || ' ' || category || ' ' || month || ' ' || assists || ' ' || households FROM figures_by_month
            WHERE assists <> 0 OR households <> 0
            UNION ALL
            SELECT 'h ' || id || ' ' || assists || ' ' || COALESCE(first_on, '') || ' ' || COALESCE(last_on, '') || ' ' || head_name FROM households
            ORDER BY 1
            """)).ToList();
    }

    [GeneratedRegex(@"hỗ trợ: (\d+) hộ \((\d+) lượt\)")]
    private static partial Regex Totals();

    [GeneratedRegex(@"\n- ([^:\n]+): (\d+) hộ(?: mới)?, (\d+) lượt")]
    private static partial Regex MemberLine();
}
