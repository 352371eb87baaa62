using System.Data;
using Dapper;
using ZaloBot.AdminAuth;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Reports;

/// <summary>How a team's active members compare with the plan (commune 5, village 5–8).</summary>
public enum SizeCompliance
{
    Under,
    Within,
    Over,
}

public sealed record UnitNode(long Id, string Code, UnitLevel Level, string Name, long? ParentId, string? ParentName);

public sealed record TeamNode(
    long Id, long UnitId, long CommuneId, TeamLevel Level, string Name, string UnitName, string BindCode, string? GroupId, string LeaderPhone,
    int Members, DateTimeOffset CreatedAt, Messaging.ChannelId GroupChannel = Messaging.ChannelId.ZaloOa)
{
    public PlanSize Plan => PlanSize.For(Level);

    public SizeCompliance Compliance =>
        Members < Plan.Min ? SizeCompliance.Under : Members > Plan.Max ? SizeCompliance.Over : SizeCompliance.Within;
}

/// <summary>Unique households and reports (assists) counted over the same rows.</summary>
public sealed record Figures(int Households, int Assists)
{
    public static Figures Zero { get; } = new(0, 0);
}

public sealed record VillageSummary(UnitNode Village, TeamNode? Team, Figures Figures);

/// <summary>One commune-level unit rolled up: its own team, its villages and their teams, and what they did.</summary>
public sealed record CommuneSummary(
    UnitNode Commune, TeamNode? CommuneTeam, Figures CommuneTeamFigures, IReadOnlyList<VillageSummary> Villages, Figures Figures,
    IReadOnlyDictionary<AssistCategory, int> AssistsByCategory)
{
    public int VillageTeams => Villages.Count(v => v.Team is not null);

    public int VillageTeamsWithinPlan => Villages.Count(v => v.Team?.Compliance == SizeCompliance.Within);

    public IEnumerable<TeamNode> Teams => Villages.Select(v => v.Team).Prepend(CommuneTeam).OfType<TeamNode>();

    public int Members => Teams.Sum(t => t.Members);
}

public sealed record CategoryFigures(AssistCategory Category, int Households, int Assists);

/// <summary>A calendar month (Vietnam time): households helped for the first time in it, and reports.</summary>
public sealed record MonthFigures(DateOnly Month, int NewHouseholds, int Assists, IReadOnlyDictionary<AssistCategory, int> AssistsByCategory);

public sealed record ProgrammeOverview(
    IReadOnlyList<CommuneSummary> Communes,
    Figures Totals,
    IReadOnlyList<CategoryFigures> ByCategory,
    IReadOnlyList<MonthFigures> Months,
    bool MonthsCapped,
    IReadOnlyDictionary<MemberRole, int> MembersByRole)
{
    public IEnumerable<TeamNode> Teams => Communes.SelectMany(c => c.Teams);

    public int Members => MembersByRole.Values.Sum();
}

/// <summary>
/// The programme's figures for the dashboard and the per-unit summary export: teams established against the
/// plan (one commune team per commune-level unit, one village team per village), team sizes against Plan 115,
/// members, unique households and assists by unit, category and month.
/// </summary>
public static class ProgrammeReport
{
    /// <summary>The chart shows at most this many months, the most recent.</summary>
    public const int MaxMonths = 24;

    private sealed record UnitRow(long Id, string Code, string Level, string Name, long? ParentId, string? ParentName);

    // A class with properties, not a positional record: an empty result gives Dapper no column types to match a constructor.
    private sealed class TeamRow
    {
        public long Id { get; init; }

        public long UnitId { get; init; }

        public long CommuneId { get; init; }

        public string Level { get; init; } = "";

        public string Name { get; init; } = "";

        public string UnitName { get; init; } = "";

        public string BindCode { get; init; } = "";

        public string? GroupId { get; init; }

        public string GroupVia { get; init; } = Messaging.ChannelIdCodes.ZaloOa;

        public string LeaderPhone { get; init; } = "";

        public long Members { get; init; }

        public long CreatedAt { get; init; }
    }

    public static async Task<ProgrammeOverview> BuildAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parameters = ReportSql.Parameters(scope, filter with { TeamId = null, MemberId = null });
        var units = (await connection.QueryAsync<UnitRow>(ReportSql.Ctes + """
            SELECT u.id AS Id, u.code AS Code, u.level AS Level, u.name AS Name, u.parent_id AS ParentId, p.name AS ParentName
            FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id
            WHERE u.level IN ('commune', 'village') AND u.id IN (SELECT id FROM officer_units) AND u.id IN (SELECT id FROM filter_units)
            ORDER BY u.code
            """, parameters)).Select(r => new UnitNode(r.Id, r.Code, UnitLevels.Parse(r.Level)!.Value, r.Name, r.ParentId, r.ParentName)).ToList();
        var teams = await TeamsAsync(connection, parameters);
        var teamByUnit = teams.ToDictionary(t => t.UnitId);
        var byTeam = (await SumAsync<long>(connection, parameters, FigureRange.Rows("team", "SELECT id FROM scoped_teams", everyReportOnly: true), "subject_id"))
            .ToDictionary(r => r.Key, r => r.Figures);
        var communeRows = (await SumAsync<long>(connection, parameters, FigureRange.Rows("commune", "SELECT id FROM scoped_communes"), "subject_id")).ToList();
        var byCommune = communeRows.Where(r => r.Category.Length == 0).ToDictionary(r => r.Key, r => r.Figures);
        var categoryByCommune = communeRows.Where(r => r.Category.Length > 0).ToLookup(r => r.Key);

        var villagesByCommune = units.Where(u => u.Level == UnitLevel.Village).ToLookup(u => u.ParentId);
        var communes = units.Where(u => u.Level == UnitLevel.Commune)
            .Select(commune =>
            {
                var communeTeam = teamByUnit.GetValueOrDefault(commune.Id);
                return new CommuneSummary(
                    commune,
                    communeTeam,
                    communeTeam is null ? Figures.Zero : byTeam.GetValueOrDefault(communeTeam.Id, Figures.Zero),
                    villagesByCommune[commune.Id].Select(village =>
                    {
                        var team = teamByUnit.GetValueOrDefault(village.Id);
                        return new VillageSummary(village, team, team is null ? Figures.Zero : byTeam.GetValueOrDefault(team.Id, Figures.Zero));
                    }).ToList(),
                    byCommune.GetValueOrDefault(commune.Id, Figures.Zero),
                    categoryByCommune[commune.Id].Where(r => r.Figures.Assists > 0)
                        .ToDictionary(r => Enum.Parse<AssistCategory>(r.Category), r => r.Figures.Assists));
            })
            .ToList();

        // The filter's own figures by category and month: the totals, the category chart and the monthly charts.
        var byMonth = (await SumAsync<string>(connection, parameters, ReportSql.FilterFigures, "substr(period, 1, 7)")).ToList();
        var byCategory = byMonth.Where(r => r.Category.Length > 0).GroupBy(r => r.Category)
            .ToDictionary(g => Enum.Parse<AssistCategory>(g.Key), g => Sum(g.Select(r => r.Figures)));
        var roles = (await connection.QueryAsync<(string Role, long Count)>(ReportSql.Ctes + """
            SELECT role, COUNT(*) FROM team_members
            WHERE left_at IS NULL AND team_id IN (SELECT id FROM scoped_teams)
            GROUP BY role
            """, parameters)).ToDictionary(r => MemberRoleCodes.FromCode(r.Role), r => (int)r.Count);

        var (months, capped) = Months(byMonth, filter, today);
        return new ProgrammeOverview(
            communes,
            Sum(byMonth.Where(r => r.Category.Length == 0).Select(r => r.Figures)),
            Enum.GetValues<AssistCategory>()
                .Select(c => byCategory.TryGetValue(c, out var f) ? new CategoryFigures(c, f.Households, f.Assists) : new CategoryFigures(c, 0, 0))
                .ToList(),
            months,
            capped,
            Enum.GetValues<MemberRole>().ToDictionary(r => r, r => roles.GetValueOrDefault(r)));
    }

    /// <summary>Teams in the officer's scope and the filter's unit, with their active member counts.</summary>
    public static async Task<IReadOnlyList<TeamNode>> TeamsAsync(IDbConnection connection, DynamicParameters parameters) =>
        (await connection.QueryAsync<TeamRow>(ReportSql.Ctes + """
            SELECT t.id AS Id, t.unit_id AS UnitId, st.commune_id AS CommuneId, t.level AS Level, t.name AS Name, u.name AS UnitName,
                   t.bind_code AS BindCode, t.group_id AS GroupId, t.group_via AS GroupVia, t.leader_phone AS LeaderPhone,
                   (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id AND m.left_at IS NULL) AS Members, t.created_at AS CreatedAt
            FROM scoped_teams st JOIN teams t ON t.id = st.id JOIN admin_units u ON u.id = t.unit_id
            ORDER BY u.code
            """, parameters))
        .Select(r => new TeamNode(
            r.Id, r.UnitId, r.CommuneId, TeamLevels.FromCode(r.Level), r.Name, r.UnitName, r.BindCode, r.GroupId, r.LeaderPhone, (int)r.Members,
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), Messaging.ChannelIdCodes.Parse(r.GroupVia)))
        .ToList();

    /// <summary>One sum of figures rows: by <c>Key</c> (what <paramref name="key"/> groups by) and category ('' = every report).</summary>
    private sealed record FigureSum<TKey>(string Category, TKey Key, Figures Figures);

    /// <summary>
    /// Sums figures rows (<see cref="FigureRange.Rows"/>, or <see cref="ReportSql.FilterFigures"/>) by category and
    /// <paramref name="key"/>: <c>subject_id</c> or the month, <c>substr(period, 1, 7)</c>.
    /// </summary>
    private static async Task<IEnumerable<FigureSum<TKey>>> SumAsync<TKey>(IDbConnection connection, DynamicParameters parameters, string rows, string key) =>
        (await connection.QueryAsync<(string Category, TKey Key, long Assists, long Households)>(ReportSql.Ctes + $"""
            SELECT category, {key}, SUM(assists), SUM(households) FROM ({rows}) GROUP BY category, {key}
            """, parameters))
        .Select(r => new FigureSum<TKey>(r.Category, r.Key, new Figures((int)r.Households, (int)r.Assists)));

    private static Figures Sum(IEnumerable<Figures> figures) =>
        figures.Aggregate(Figures.Zero, (total, f) => new Figures(total.Households + f.Households, total.Assists + f.Assists));

    /// <summary>Every month of the period (at most <see cref="MaxMonths"/>, the latest), with its households new that month and its reports.</summary>
    private static (IReadOnlyList<MonthFigures> Months, bool Capped) Months(IReadOnlyList<FigureSum<string>> byMonth, ReportFilter filter, DateOnly today)
    {
        var totals = byMonth.Where(r => r.Category.Length == 0 && r.Figures.Assists + r.Figures.Households > 0).ToDictionary(r => r.Key, r => r.Figures);
        var categories = byMonth.Where(r => r.Category.Length > 0 && r.Figures.Assists > 0).ToLookup(r => r.Key);
        var months = totals.Keys.Select(MonthOf).ToList();
        var last = MonthOf(filter.To ?? (months.Count > 0 && months.Max() > MonthOf(today) ? months.Max() : today));
        var first = MonthOf(filter.From ?? (months.Count > 0 ? months.Min() : last.AddMonths(-5)));
        if (first > last)
        {
            first = last;
        }

        var capped = first < last.AddMonths(-(MaxMonths - 1));
        if (capped)
        {
            first = last.AddMonths(-(MaxMonths - 1));
        }

        var result = new List<MonthFigures>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var key = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            var figures = totals.GetValueOrDefault(key, Figures.Zero);
            result.Add(new MonthFigures(
                month, figures.Households, figures.Assists, categories[key].ToDictionary(r => Enum.Parse<AssistCategory>(r.Category), r => r.Figures.Assists)));
        }

        return (result, capped);
    }

    private static DateOnly MonthOf(string yearMonth) =>
        DateOnly.ParseExact(yearMonth + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);
}
