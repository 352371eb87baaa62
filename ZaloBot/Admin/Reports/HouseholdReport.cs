using System.Data;
using Dapper;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Reports;

/// <summary>One unique household (a household key within a commune) with what the filtered reports say of it.</summary>
public sealed record HouseholdRow(
    string HeadOfHousehold, string Village, string CommuneName, IReadOnlyList<long> TeamIds, IReadOnlyList<long> MemberIds, int Assists,
    DateOnly FirstAssistedOn, DateOnly LastAssistedOn, IReadOnlyList<AssistCategory> Categories);

/// <summary>One report (<c>HT-0001</c>, per team).</summary>
public sealed record AssistRow(
    long Id, long TeamId, string Code, DateOnly AssistedOn, string MemberName, string HeadOfHousehold, string Village, string Note,
    AssistStatus Status, IReadOnlyList<AssistCategory> Categories);

/// <summary>
/// The "Hộ đã hỗ trợ" list and its exports: one query per view, read a page at a time for the screen and
/// unbuffered (row by row, straight to the response) for the exports.
/// </summary>
public static class HouseholdReport
{
    /// <summary>No limit: SQLite reads LIMIT -1 as "all rows".</summary>
    public const int All = -1;

    private const string HouseholdsSql = ReportSql.Ctes + """
        , grouped AS (
            SELECT a.commune_id, a.household_key, COUNT(DISTINCT a.id) AS assists, MIN(a.assisted_on) AS first_on,
                   MAX(a.assisted_on) AS last_on, MAX(a.id) AS last_id, group_concat(DISTINCT a.team_id) AS team_ids,
                   group_concat(DISTINCT a.member_id) AS member_ids, group_concat(DISTINCT c.category) AS categories
            FROM counted a LEFT JOIN household_assist_categories c ON c.assist_id = a.id
            GROUP BY a.commune_id, a.household_key
        )
        SELECT h.head_name AS HeadName, h.village AS Village, cu.name AS CommuneName, g.team_ids AS TeamIds, g.member_ids AS MemberIds,
               g.assists AS Assists, g.first_on AS FirstOn, g.last_on AS LastOn, g.categories AS Categories
        FROM grouped g JOIN household_assists h ON h.id = g.last_id JOIN admin_units cu ON cu.id = g.commune_id
        ORDER BY g.last_on DESC, g.last_id DESC
        LIMIT @Limit OFFSET @Offset
        """;

    private const string AssistsSql = ReportSql.Ctes + """
        SELECT a.id AS Id, a.team_id AS TeamId, a.number AS Number, a.assisted_on AS AssistedOn, m.full_name AS MemberName,
               a.head_name AS HeadName, a.village AS Village, a.note AS Note, a.status AS Status,
               (SELECT group_concat(c.category) FROM household_assist_categories c WHERE c.assist_id = a.id) AS Categories
        FROM counted a JOIN team_members m ON m.id = a.member_id
        ORDER BY a.assisted_on DESC, a.id DESC
        LIMIT @Limit OFFSET @Offset
        """;

    // A class with properties, not a positional record: an empty result gives Dapper no column types to match a constructor.
    private sealed class HouseholdDbRow
    {
        public string HeadName { get; init; } = "";

        public string Village { get; init; } = "";

        public string CommuneName { get; init; } = "";

        public string? TeamIds { get; init; }

        public string? MemberIds { get; init; }

        public long Assists { get; init; }

        public string FirstOn { get; init; } = "";

        public string LastOn { get; init; } = "";

        public string? Categories { get; init; }

        public HouseholdRow AsRow() => new(
            HeadName, Village, CommuneName, ReportSql.Ids(TeamIds), ReportSql.Ids(MemberIds), (int)Assists, ReportSql.ParseDate(FirstOn),
            ReportSql.ParseDate(LastOn), ReportSql.Categories(Categories));
    }

    // A class with properties, not a positional record: an empty result gives Dapper no column types to match a constructor.
    private sealed class AssistDbRow
    {
        public long Id { get; init; }

        public long TeamId { get; init; }

        public long Number { get; init; }

        public string AssistedOn { get; init; } = "";

        public string MemberName { get; init; } = "";

        public string HeadName { get; init; } = "";

        public string Village { get; init; } = "";

        public string Note { get; init; } = "";

        public string Status { get; init; } = "";

        public string? Categories { get; init; }

        public AssistRow AsRow() => new(
            Id, TeamId, ShortCode.Format(ShortCode.ReportPrefix, (int)Number), ReportSql.ParseDate(AssistedOn), MemberName, HeadName, Village,
            Note, Enum.Parse<AssistStatus>(Status, ignoreCase: true), ReportSql.Categories(Categories));
    }

    /// <summary>Unique households and reports matching the filter: the page's headline and its page count.</summary>
    public static async Task<Figures> CountAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter)
    {
        var totals = await connection.QuerySingleAsync<(long Households, long Assists)>(ReportSql.Ctes + """
            SELECT COUNT(DISTINCT commune_id || '|' || household_key), COUNT(*) FROM counted
            """, ReportSql.Parameters(scope, filter));
        return new Figures((int)totals.Households, (int)totals.Assists);
    }

    public static async Task<IReadOnlyList<HouseholdRow>> HouseholdsAsync(
        IDbConnection connection, OfficerScope scope, ReportFilter filter, int limit, int offset) =>
        (await connection.QueryAsync<HouseholdDbRow>(HouseholdsSql, ReportSql.Parameters(scope, filter, new { Limit = limit, Offset = offset })))
        .Select(r => r.AsRow()).ToList();

    public static async Task<IReadOnlyList<AssistRow>> AssistsAsync(
        IDbConnection connection, OfficerScope scope, ReportFilter filter, int limit, int offset) =>
        (await connection.QueryAsync<AssistDbRow>(AssistsSql, ReportSql.Parameters(scope, filter, new { Limit = limit, Offset = offset })))
        .Select(r => r.AsRow()).ToList();

    /// <summary>Every matching household, read one row at a time (for exports; the connection stays busy while enumerating).</summary>
    public static IEnumerable<HouseholdRow> StreamHouseholds(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        connection.Query<HouseholdDbRow>(HouseholdsSql, ReportSql.Parameters(scope, filter, new { Limit = All, Offset = 0 }), buffered: false)
            .Select(r => r.AsRow());

    /// <summary>Every matching report, read one row at a time.</summary>
    public static IEnumerable<AssistRow> StreamAssists(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        connection.Query<AssistDbRow>(AssistsSql, ReportSql.Parameters(scope, filter, new { Limit = All, Offset = 0 }), buffered: false)
            .Select(r => r.AsRow());

    /// <summary>Names of members by id, for the members a list mentions.</summary>
    public static async Task<Dictionary<long, string>> MemberNamesAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        (await connection.QueryAsync<(long Id, string Name)>(ReportSql.Ctes + """
            SELECT m.id, m.full_name FROM team_members m WHERE m.team_id IN (SELECT id FROM scoped_teams)
            """, ReportSql.Parameters(scope, filter with { TeamId = null, MemberId = null }))).ToDictionary(r => r.Id, r => r.Name);
}
