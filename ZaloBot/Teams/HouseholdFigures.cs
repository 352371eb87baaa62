using System.Data;
using System.Text.Json;
using Dapper;

namespace ZaloBot.Teams;

/// <summary>
/// Keeps the unique households and the daily and monthly figures (<c>households</c>, <c>figures_by_day</c>,
/// <c>figures_by_month</c>) in step with the reports, in the caller's transaction. What a household's counted reports
/// (not cancelled) add to the figures is defined once, by <see cref="Contributions"/>: for the household's commune, each
/// team and each member that helped it, per category ('' = every report) and day, the reports, and one household on
/// the day of its first counted report in that subject and category. Around any change to some households' reports (a
/// report, a correction that moves a household or a day, a cancellation, an imported batch) their contributions are
/// read before and after, and the difference is added to the figures.
/// </summary>
public static class HouseholdFigures
{
    /// <summary>The commune-level unit of team <c>t</c> (unit <c>u</c>): its own unit, or a village's parent.</summary>
    public const string CommuneOfTeam = "CASE t.level WHEN 'commune' THEN t.unit_id ELSE u.parent_id END";

    private const string CountedReports = """
        SELECT a.id AS Id, a.household_id AS HouseholdId, h.commune_unit_id AS CommuneId, a.team_id AS TeamId, a.member_id AS MemberId,
               a.assisted_on AS Day, a.head_name AS Head, a.village AS Village,
               (SELECT group_concat(k.category) FROM household_assist_categories k WHERE k.assist_id = a.id) AS Categories
        FROM household_assists a JOIN households h ON h.id = a.household_id
        WHERE a.household_id IN (SELECT value FROM json_each(@Ids)) AND a.status <> 'cancelled'
        """;

    /// <summary>One counted report as the figures see it.</summary>
    // A class with properties, not a positional record: a column that is null in the first row gives Dapper no type to match.
    private sealed class Counted
    {
        public long Id { get; init; }

        public long HouseholdId { get; init; }

        public long CommuneId { get; init; }

        public long TeamId { get; init; }

        public long? MemberId { get; init; }

        public string Day { get; init; } = "";

        public string Head { get; init; } = "";

        public string Village { get; init; } = "";

        public string? Categories { get; init; }
    }

    /// <summary>A figures row's key: the subject (<c>commune</c>, <c>team</c>, <c>member</c>), its id, the category ('' = all) and the day.</summary>
    public readonly record struct FigureKey(string Subject, long SubjectId, string Category, string Day);

    /// <summary>
    /// The household of a head and village helped by a team: the one of that household key in the team's
    /// commune-level unit, made when it is new.
    /// </summary>
    public static async Task<long> HouseholdAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, string head, string village) =>
        (await HouseholdsAsync(connection, transaction, [(teamId, head, village)]))[0];

    /// <summary>The households of many reports at once (an imported batch), in their order.</summary>
    public static async Task<IReadOnlyList<long>> HouseholdsAsync(
        IDbConnection connection, IDbTransaction? transaction, IReadOnlyList<(long TeamId, string Head, string Village)> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var rows = JsonSerializer.Serialize(reports.Select(r => new object[] { r.TeamId, HouseholdKey.For(r.Head, r.Village), r.Head, r.Village }));
        const string Matched = """
            FROM json_each(@Rows) r JOIN teams t ON t.id = r.value ->> 0 JOIN admin_units u ON u.id = t.unit_id
            """;
        await connection.ExecuteAsync($"""
            INSERT INTO households (commune_unit_id, household_key, head_name, village)
            SELECT {CommuneOfTeam}, r.value ->> 1, r.value ->> 2, r.value ->> 3 {Matched} WHERE true
            ON CONFLICT (commune_unit_id, household_key) DO NOTHING
            """, new { Rows = rows }, transaction);
        return (await connection.QueryAsync<long>($"""
            SELECT h.id {Matched} JOIN households h ON h.commune_unit_id = {CommuneOfTeam} AND h.household_key = r.value ->> 1
            ORDER BY r.key
            """, new { Rows = rows }, transaction)).ToList();
    }

    /// <summary>Runs <paramref name="change"/> to these households' reports and moves the figures with it.</summary>
    public static async Task ChangeAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> householdIds, Func<Task> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var ids = householdIds.Distinct().ToList();
        var before = Contributions(await ReadAsync(connection, transaction, ids));
        await change();
        var after = await ReadAsync(connection, transaction, ids);
        var delta = Contributions(after);
        foreach (var (key, (assists, households)) in before)
        {
            var now = delta.GetValueOrDefault(key);
            delta[key] = (now.Assists - assists, now.Households - households);
        }

        await AddAsync(connection, transaction, delta);
        await RefreshTotalsAsync(connection, transaction, ids, after);
    }

    /// <summary>
    /// Adds these households' contributions to figures that do not hold them yet (the rebuild, which empties the
    /// figures first), and refreshes their totals.
    /// </summary>
    public static async Task AddAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> householdIds)
    {
        var counted = await ReadAsync(connection, transaction, householdIds);
        await AddAsync(connection, transaction, Contributions(counted));
        await RefreshTotalsAsync(connection, transaction, householdIds, counted);
    }

    /// <summary>What counted reports (of whole households) add to the figures, by key: reports, and households new that day.</summary>
    private static Dictionary<FigureKey, (int Assists, int Households)> Contributions(IReadOnlyList<Counted> counted)
    {
        var figures = new Dictionary<FigureKey, (int Assists, int Households)>();
        var firsts = new Dictionary<(long HouseholdId, string Subject, long SubjectId, string Category), string>();
        foreach (var report in counted)
        {
            foreach (var (subject, subjectId, category) in Subjects(report))
            {
                var key = new FigureKey(subject, subjectId, category, report.Day);
                figures[key] = (figures.GetValueOrDefault(key).Assists + 1, figures.GetValueOrDefault(key).Households);
                var first = (report.HouseholdId, subject, subjectId, category);
                if (!firsts.TryGetValue(first, out var day) || string.CompareOrdinal(report.Day, day) < 0)
                {
                    firsts[first] = report.Day;
                }
            }
        }

        foreach (var ((_, subject, subjectId, category), day) in firsts)
        {
            var key = new FigureKey(subject, subjectId, category, day);
            figures[key] = (figures.GetValueOrDefault(key).Assists, figures.GetValueOrDefault(key).Households + 1);
        }

        return figures;
    }

    /// <summary>Where a report counts: its commune and team, for every report and for each of its categories; its member, for every report.</summary>
    private static IEnumerable<(string Subject, long SubjectId, string Category)> Subjects(Counted report)
    {
        yield return ("commune", report.CommuneId, "");
        yield return ("team", report.TeamId, "");
        if (report.MemberId is { } member)
        {
            yield return ("member", member, "");
        }

        foreach (var category in (report.Categories ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return ("commune", report.CommuneId, category);
            yield return ("team", report.TeamId, category);
        }
    }

    private static async Task<IReadOnlyList<Counted>> ReadAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> ids) =>
        ids.Count == 0 ? [] : (await connection.QueryAsync<Counted>(CountedReports, new { Ids = JsonSerializer.Serialize(ids) }, transaction)).ToList();

    /// <summary>Adds the figures to the daily and monthly rows: one statement per table, the rows passed as JSON.</summary>
    private static async Task AddAsync(IDbConnection connection, IDbTransaction? transaction, Dictionary<FigureKey, (int Assists, int Households)> figures)
    {
        var days = figures.Where(f => f.Value != default).ToList();
        if (days.Count == 0)
        {
            return;
        }

        var months = days.GroupBy(f => f.Key with { Day = f.Key.Day[..7] })
            .Select(g => (g.Key, Sum: (g.Sum(f => f.Value.Assists), g.Sum(f => f.Value.Households))))
            .ToList();
        await connection.ExecuteAsync($"""
            {Upsert("figures_by_day", "day", "@Days")};
            {Upsert("figures_by_month", "month", "@Months")};
            """, new { Days = Json(days.Select(f => (f.Key, f.Value))), Months = Json(months) }, transaction);
    }

    private static string Upsert(string table, string period, string rows) => $"""
        INSERT INTO {table} (subject, subject_id, category, {period}, assists, households)
        SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5 FROM json_each({rows}) r WHERE true
        ON CONFLICT (subject, subject_id, category, {period})
        DO UPDATE SET assists = assists + excluded.assists, households = households + excluded.households
        """;

    private static string Json(IEnumerable<(FigureKey Key, (int Assists, int Households) Value)> rows) =>
        JsonSerializer.Serialize(rows.Select(r => new object[] { r.Key.Subject, r.Key.SubjectId, r.Key.Category, r.Key.Day, r.Value.Assists, r.Value.Households }));

    /// <summary>Each household's reports, first and last day, and its latest report (its head and village as written there).</summary>
    private static async Task RefreshTotalsAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> ids, IReadOnlyList<Counted> counted)
    {
        var byHousehold = counted.ToLookup(r => r.HouseholdId);
        await connection.ExecuteAsync("""
            UPDATE households
            SET assists = @Assists, first_on = @FirstOn, last_on = @LastOn, last_assist_id = @LastId,
                head_name = COALESCE(@Head, head_name), village = COALESCE(@Village, village)
            WHERE id = @Id
            """, ids.Select(id =>
        {
            var reports = byHousehold[id].OrderBy(r => r.Day, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();
            var latest = reports.LastOrDefault();
            return new
            {
                Id = id,
                Assists = reports.Count,
                FirstOn = reports.FirstOrDefault()?.Day,
                LastOn = latest?.Day,
                LastId = latest?.Id,
                latest?.Head,
                latest?.Village,
            };
        }), transaction);
    }
}
