using System.Data;
using System.Globalization;
using Dapper;
using ZaloBot.AdminAuth;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Reports;

/// <summary>One unique household (a household key within a commune) with all its counted reports.</summary>
public sealed record HouseholdRow(
    long Id, string HeadOfHousehold, string Village, string CommuneName, IReadOnlyList<long> TeamIds, IReadOnlyList<long> MemberIds, int Assists,
    DateOnly FirstAssistedOn, DateOnly LastAssistedOn, IReadOnlyList<AssistCategory> Categories);

/// <summary>One report (<c>HT-0001</c>, per team). <see cref="MemberName"/> is null for a past report imported without a member.</summary>
public sealed record AssistRow(
    long Id, long TeamId, string Code, DateOnly AssistedOn, long? MemberId, string? MemberName, string HeadOfHousehold, string Village, string Note,
    AssistStatus Status, IReadOnlyList<AssistCategory> Categories, bool Imported, DateTimeOffset CreatedAt, string? SourceMessageId);

/// <summary>Where a page of a list starts: the sort day and id of the row just before it (or just after, going back).</summary>
public sealed record ListCursor(DateOnly On, long Id)
{
    public override string ToString() => VietnamTime.ToIso(On) + "." + Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads "2026-11-20.123"; null when it is not one.</summary>
    public static ListCursor? Parse(string? text) =>
        text?.Split('.') is [var day, var id]
        && DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on)
        && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? new ListCursor(on, number)
            : null;
}

/// <summary>A page of a list, newest first: after a cursor (older rows), before one (newer rows, read backwards), or the first.</summary>
public sealed record ListPage(int Limit, ListCursor? After = null, ListCursor? Before = null)
{
    /// <summary>Every row (exports): SQLite reads LIMIT -1 as no limit.</summary>
    public static ListPage All { get; } = new(-1);
}

/// <summary>Rows of a page and the cursors of its neighbours (null: there is none).</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Rows, ListCursor? Next, ListCursor? Previous);

/// <summary>A village text that names no village of its commune, and how many households wrote it.</summary>
public sealed record UnmatchedVillage(string Village, string CommuneName, int Households);

/// <summary>What the admin API's lists filter on beyond the console's filter.</summary>
public sealed record ListExtras(string? Village = null, string? Head = null, bool IncludeCancelled = false)
{
    public static ListExtras None { get; } = new();
}

/// <summary>
/// The "Hộ đã hỗ trợ" lists (console, admin API, exports) and their headline figures. The figures come from the figures
/// tables; the lists page by key (a day and an id, on indexes), never by offset, and reach a commune's rows without
/// reading other communes'. A household is listed when it was first helped in the filter's period by the filter's
/// subject: the commune-level units in the filter (its whole history there), or the team, a village's team or the member
/// (their reports of it), optionally in one category — the same households the figures count.
/// </summary>
public static class HouseholdReport
{
    private const string Unbounded = "0000-00-00";
    private const string EndOfTime = "9999-99-99";

    // Row columns shared by every households query: the household and, from its counted reports, who helped and with what.
    private const string HouseholdColumns = """
        h.id AS Id, h.head_name AS HeadName, h.village AS Village, cu.name AS CommuneName, h.assists AS Assists,
        h.first_on AS FirstOn, h.last_on AS LastOn,
        (SELECT group_concat(DISTINCT a.team_id) FROM household_assists a WHERE a.household_id = h.id AND a.status <> 'cancelled') AS TeamIds,
        (SELECT group_concat(DISTINCT a.member_id) FROM household_assists a WHERE a.household_id = h.id AND a.status <> 'cancelled') AS MemberIds,
        (SELECT group_concat(DISTINCT k.category) FROM household_assists a JOIN household_assist_categories k ON k.assist_id = a.id
         WHERE a.household_id = h.id AND a.status <> 'cancelled') AS Categories
        """;

    private const string TextFilters = """
        (@VillageKey IS NULL OR h.household_key LIKE '%|%' || @VillageKey || '%')
        AND (@HeadKey IS NULL OR h.household_key LIKE '%' || @HeadKey || '%|%')
        """;

    // The households that live in the filter's village ("Hộ ở thôn/xã này"), whichever team helped them.
    private const string InFilterVillage = """
        h.village_unit_id IN (SELECT id FROM admin_units
                              WHERE level = 'village' AND id IN (SELECT id FROM filter_units) AND id IN (SELECT id FROM officer_units))
        """;

    private const string CategoryFirst = """
        (SELECT MIN(c.assisted_on) FROM household_assists c JOIN household_assist_categories k ON k.assist_id = c.id
         WHERE c.household_id = h.id AND c.status <> 'cancelled' AND k.category = @Category)
        """;
    // A household first helped in the period (with the category, when there is one): the households the figures count.
    private const string HouseholdFirstInPeriod = $"""
        (@Category IS NULL AND h.first_on BETWEEN @FromDay AND @ToDay
         OR @Category IS NOT NULL AND h.first_on <= @ToDay AND {CategoryFirst} BETWEEN @FromDay AND @ToDay)
        """;


    // A class with properties, not a positional record: an empty result gives Dapper no column types to match a constructor.
    private sealed class HouseholdDbRow
    {
        public long Id { get; init; }

        public string HeadName { get; init; } = "";

        public string Village { get; init; } = "";

        public string CommuneName { get; init; } = "";

        public string? TeamIds { get; init; }

        public string? MemberIds { get; init; }

        public long Assists { get; init; }

        public string FirstOn { get; init; } = "";

        public string LastOn { get; init; } = "";

        public string SortOn { get; init; } = "";

        public string? Categories { get; init; }

        public HouseholdRow AsRow() => new(
            Id, HeadName, Village, CommuneName, ReportSql.Ids(TeamIds), ReportSql.Ids(MemberIds), (int)Assists, ReportSql.ParseDate(FirstOn),
            ReportSql.ParseDate(LastOn), ReportSql.Categories(Categories));

        public ListCursor Cursor => new(ReportSql.ParseDate(SortOn), Id);
    }

    // A class with properties, not a positional record: an empty result gives Dapper no column types to match a constructor.
    private sealed class AssistDbRow
    {
        public long Id { get; init; }

        public long TeamId { get; init; }

        public long Number { get; init; }

        public string AssistedOn { get; init; } = "";

        public long? MemberId { get; init; }

        public string? MemberName { get; init; }

        public string HeadName { get; init; } = "";

        public string Village { get; init; } = "";

        public string Note { get; init; } = "";

        public string Status { get; init; } = "";

        public string? Categories { get; init; }

        public long? ImportId { get; init; }

        public long CreatedAt { get; init; }

        public string? SourceMsgId { get; init; }

        public AssistRow AsRow() => new(
            Id, TeamId, ShortCode.Format(ShortCode.ReportPrefix, (int)Number), ReportSql.ParseDate(AssistedOn), MemberId, MemberName, HeadName, Village,
            Note, Enum.Parse<AssistStatus>(Status, ignoreCase: true), ReportSql.Categories(Categories), ImportId is not null,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), SourceMsgId);

        public ListCursor Cursor => new(ReportSql.ParseDate(AssistedOn), Id);
    }

    /// <summary>Households first helped in the filter (the page's headline and its page count) and reports, from the figures.</summary>
    public static async Task<Figures> CountAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parameters = ReportSql.Parameters(scope, filter);
        if (filter is { MemberId: not null, Category: not null })
        {
            // The figures keep members' reports without categories; one member's reports are few.
            var member = await connection.QuerySingleAsync<(long Households, long Assists)>(ReportSql.Ctes + """
                SELECT COALESCE(SUM(first_on BETWEEN @FromDay AND @ToDay), 0), COALESCE(SUM(assists), 0) FROM (
                    SELECT MIN(a.assisted_on) AS first_on, SUM(a.assisted_on BETWEEN @FromDay AND @ToDay) AS assists
                    FROM household_assists a
                    WHERE a.team_id = (SELECT team_id FROM team_members WHERE id = @MemberId)
                      AND a.member_id IN (SELECT id FROM figure_subjects WHERE subject = 'member') AND a.status <> 'cancelled'
                      AND EXISTS (SELECT 1 FROM household_assist_categories k WHERE k.assist_id = a.id AND k.category = @Category)
                    GROUP BY a.household_id)
                """, Days(parameters, filter));
            return new Figures((int)member.Households, (int)member.Assists);
        }

        if (await ByVillageAsync(connection, scope, filter))
        {
            // A village's households are its own rows of the households table (on their village index), and their reports.
            var village = await connection.QuerySingleAsync<(long Households, long Assists)>(ReportSql.Ctes + $"""
                SELECT (SELECT COUNT(*) FROM households h WHERE h.assists > 0 AND {InFilterVillage} AND {HouseholdFirstInPeriod}),
                       (SELECT COUNT(*) FROM households h JOIN household_assists a ON a.household_id = h.id
                        WHERE h.assists > 0 AND {InFilterVillage} AND a.status <> 'cancelled' AND a.assisted_on BETWEEN @FromDay AND @ToDay
                          AND (@Category IS NULL OR EXISTS (
                              SELECT 1 FROM household_assist_categories k WHERE k.assist_id = a.id AND k.category = @Category)))
                """, Days(parameters, filter));
            return new Figures((int)village.Households, (int)village.Assists);
        }

        var totals = await connection.QuerySingleAsync<(long? Households, long? Assists)>(ReportSql.Ctes + $"""
            SELECT SUM(households), SUM(assists) FROM ({ReportSql.FilterFigures}) WHERE category = COALESCE(@Category, '')
            """, parameters);
        return new Figures((int)(totals.Households ?? 0), (int)(totals.Assists ?? 0));
    }

    public static async Task<ListResult<HouseholdRow>> HouseholdsAsync(
        IDbConnection connection, OfficerScope scope, ReportFilter filter, ListPage page, ListExtras? extras = null)
    {
        var sql = await HouseholdsSqlAsync(connection, scope, filter, page);
        var rows = (await connection.QueryAsync<HouseholdDbRow>(sql, ListParameters(scope, filter, page, extras))).ToList();
        return Paged(rows, page, r => r.Cursor, r => r.AsRow());
    }

    public static async Task<ListResult<AssistRow>> AssistsAsync(
        IDbConnection connection, OfficerScope scope, ReportFilter filter, ListPage page, ListExtras? extras = null)
    {
        var sql = await AssistsSqlAsync(connection, scope, filter, page);
        var rows = (await connection.QueryAsync<AssistDbRow>(sql, ListParameters(scope, filter, page, extras))).ToList();
        return Paged(rows, page, r => r.Cursor, r => r.AsRow());
    }

    /// <summary>Every listed household, read one row at a time (for exports; the connection stays busy while enumerating).</summary>
    public static async Task<IEnumerable<HouseholdRow>> StreamHouseholdsAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        connection.Query<HouseholdDbRow>(
                await HouseholdsSqlAsync(connection, scope, filter, ListPage.All), ListParameters(scope, filter, ListPage.All, null), buffered: false)
            .Select(r => r.AsRow());

    /// <summary>Every listed report, read one row at a time.</summary>
    public static async Task<IEnumerable<AssistRow>> StreamAssistsAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        connection.Query<AssistDbRow>(
                await AssistsSqlAsync(connection, scope, filter, ListPage.All), ListParameters(scope, filter, ListPage.All, null), buffered: false)
            .Select(r => r.AsRow());

    /// <summary>Names of the members of the teams in the officer's scope and the filter's unit, by id.</summary>
    public static async Task<Dictionary<long, string>> MemberNamesAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        (await connection.QueryAsync<(long Id, string Name)>(ReportSql.Ctes + """
            SELECT m.id, m.full_name FROM team_members m WHERE m.team_id IN (SELECT id FROM scoped_teams)
            """, ReportSql.Parameters(scope, filter with { TeamId = null, MemberId = null }))).ToDictionary(r => r.Id, r => r.Name);

    /// <summary>
    /// The query for the filter's kind of subject: the commune-level units (the households table, on its indexes by
    /// first day), or a team, a village's team or a member (their reports, by team).
    /// </summary>
    private static async Task<string> HouseholdsSqlAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter, ListPage page)
    {
        if (await ByVillageAsync(connection, scope, filter))
        {
            var (villageKeyset, villageOrder) = Keyset(page, "h.first_on", "h.id");
            return ReportSql.Ctes + $"""
                SELECT {HouseholdColumns}, h.first_on AS SortOn
                FROM households h JOIN admin_units cu ON cu.id = h.commune_unit_id
                WHERE h.assists > 0 AND {InFilterVillage} AND {TextFilters} AND {villageKeyset} AND {HouseholdFirstInPeriod}
                ORDER BY {villageOrder}
                LIMIT @Limit
                """;
        }

        var subject = await SubjectAsync(connection, scope, filter);
        if (subject != Subject.Teams)
        {
            var communes = subject == Subject.Everything ? "" : "AND h.commune_unit_id IN (SELECT id FROM scoped_communes)";
            var (householdKeyset, householdOrder) = Keyset(page, "h.first_on", "h.id");
            return ReportSql.Ctes + $"""
                SELECT {HouseholdColumns}, h.first_on AS SortOn
                FROM households h JOIN admin_units cu ON cu.id = h.commune_unit_id
                WHERE h.assists > 0 {communes} AND {TextFilters} AND {householdKeyset} AND {HouseholdFirstInPeriod}
                ORDER BY {householdOrder}
                LIMIT @Limit
                """;
        }

        var (keyset, order) = Keyset(page, "l.sort_on", "l.id");
        return ReportSql.Ctes + $"""
            , listed AS (
                SELECT a.household_id AS id, MIN(a.assisted_on) AS sort_on
                FROM household_assists a
                WHERE a.team_id IN (SELECT id FROM scoped_teams) AND a.status <> 'cancelled'
                  AND (@MemberId IS NULL OR a.team_id = (SELECT team_id FROM team_members WHERE id = @MemberId)
                       AND a.member_id IN (SELECT id FROM figure_subjects WHERE subject = 'member'))
                  AND (@Category IS NULL OR EXISTS (
                      SELECT 1 FROM household_assist_categories k WHERE k.assist_id = a.id AND k.category = @Category))
                GROUP BY a.household_id
            )
            SELECT {HouseholdColumns}, l.sort_on AS SortOn
            FROM listed l JOIN households h ON h.id = l.id JOIN admin_units cu ON cu.id = h.commune_unit_id
            WHERE l.sort_on BETWEEN @FromDay AND @ToDay AND {TextFilters} AND {keyset}
            ORDER BY {order}
            LIMIT @Limit
            """;
    }

    private static async Task<string> AssistsSqlAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter, ListPage page)
    {
        var (keyset, order) = Keyset(page, "a.assisted_on", "a.id");
        // Over the whole install the date index gives the order; otherwise the teams' own indexes, so one commune's
        // list never reads another commune's reports.
        var teams = await ByVillageAsync(connection, scope, filter) ? $"AND a.household_id IN (SELECT h.id FROM households h WHERE {InFilterVillage})"
            : await SubjectAsync(connection, scope, filter) == Subject.Everything ? "" : "AND a.team_id IN (SELECT id FROM scoped_teams)";
        return ReportSql.Ctes + $"""
            SELECT a.id AS Id, a.team_id AS TeamId, a.number AS Number, a.assisted_on AS AssistedOn, a.member_id AS MemberId, m.full_name AS MemberName,
                   a.head_name AS HeadName, a.village AS Village, a.note AS Note, a.status AS Status, a.import_id AS ImportId,
                   a.created_at AS CreatedAt, a.source_msg_id AS SourceMsgId,
                   (SELECT group_concat(c.category) FROM household_assist_categories c WHERE c.assist_id = a.id) AS Categories
            FROM household_assists a LEFT JOIN team_members m ON m.id = a.member_id
            WHERE (@IncludeCancelled OR a.status <> 'cancelled') {teams}
              AND a.assisted_on BETWEEN @FromDay AND @ToDay
              AND (@MemberId IS NULL OR a.member_id = @MemberId)
              AND (@Category IS NULL OR EXISTS (
                  SELECT 1 FROM household_assist_categories c WHERE c.assist_id = a.id AND c.category = @Category))
              AND (@VillageKey IS NULL OR a.household_key LIKE '%|%' || @VillageKey || '%')
              AND (@HeadKey IS NULL OR a.household_key LIKE '%' || @HeadKey || '%|%')
              AND {keyset}
            ORDER BY {order}
            LIMIT @Limit
            """;
    }

    private enum Subject
    {
        /// <summary>Every commune-level unit of the install: no unit condition at all.</summary>
        Everything,

        /// <summary>Some commune-level units.</summary>
        Communes,

        /// <summary>A team, a village's team or a member.</summary>
        Teams,
    }

    /// <summary>
    /// Whether the filter asks for a village's own households ("Hộ ở thôn/xã này") rather than its team's: a village
    /// chosen with no team or member. A commune's households are the same either way (a household belongs to its commune).
    /// </summary>
    private static async Task<bool> ByVillageAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        filter is { ByResidence: true, TeamId: null, MemberId: null, UnitCode: not null }
        && await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM admin_units WHERE code = @UnitCode AND level = 'village'", new { filter.UnitCode }) > 0;

    /// <summary>
    /// Households living in each village of the filter's communes, first helped in its period (on the village index):
    /// the "Hộ ở thôn/xã này" column of the units table.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, int>> LivingInVillagesAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        (await connection.QueryAsync<(long VillageId, long Households)>(ReportSql.Ctes + """
            SELECT h.village_unit_id, COUNT(*)
            FROM households h
            WHERE h.assists > 0 AND h.village_unit_id IN (SELECT id FROM admin_units WHERE level = 'village'
                                                          AND parent_id IN (SELECT id FROM scoped_communes))
              AND h.first_on BETWEEN @FromDay AND @ToDay
            GROUP BY h.village_unit_id
            """, Days(ReportSql.Parameters(scope, filter with { TeamId = null, MemberId = null, Category = null }), filter)))
        .ToDictionary(r => r.VillageId, r => (int)r.Households);

    /// <summary>
    /// The village texts of the filter's communes that name no village of the unit tree, with how many households wrote
    /// each (most first): what an official fixes in the units or the reports so those households count in a village.
    /// </summary>
    public static async Task<IReadOnlyList<UnmatchedVillage>> UnmatchedVillagesAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter, int limit) =>
        (await connection.QueryAsync<(string Village, string CommuneName, long Households)>(ReportSql.Ctes + """
            SELECT MAX(h.village), cu.name, COUNT(*)
            FROM households h JOIN admin_units cu ON cu.id = h.commune_unit_id
            WHERE h.assists > 0 AND h.village_unit_id IS NULL AND h.commune_unit_id IN (SELECT id FROM scoped_communes)
            GROUP BY h.commune_unit_id, substr(h.household_key, instr(h.household_key, '|') + 1)
            ORDER BY COUNT(*) DESC, MAX(h.village)
            LIMIT @Limit
            """, ReportSql.Parameters(scope, filter with { TeamId = null, MemberId = null }, new { Limit = limit })))
        .Select(r => new UnmatchedVillage(r.Village, r.CommuneName, (int)r.Households)).ToList();

    private static async Task<Subject> SubjectAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter)
    {
        if (filter.TeamId is not null || filter.MemberId is not null)
        {
            return Subject.Teams;
        }

        var (communes, all, teams) = await connection.QuerySingleAsync<(long Communes, long All, long LooseTeams)>(ReportSql.Ctes + """
            SELECT (SELECT COUNT(*) FROM scoped_communes), (SELECT COUNT(*) FROM admin_units WHERE level = 'commune'),
                   (SELECT COUNT(*) FROM figure_subjects WHERE subject = 'team')
            """, ReportSql.Parameters(scope, filter));
        return teams > 0 ? Subject.Teams : communes == all ? Subject.Everything : Subject.Communes;
    }

    /// <summary>The keyset condition and the order for the page's direction, on a day column and an id column.</summary>
    private static (string Condition, string Order) Keyset(ListPage page, string day, string id) => page switch
    {
        { After: not null } => ($"({day}, {id}) < (@CursorOn, @CursorId)", $"{day} DESC, {id} DESC"),
        { Before: not null } => ($"({day}, {id}) > (@CursorOn, @CursorId)", $"{day} ASC, {id} ASC"),
        _ => ("1", $"{day} DESC, {id} DESC"),
    };

    private static DynamicParameters ListParameters(OfficerScope scope, ReportFilter filter, ListPage page, ListExtras? extras)
    {
        extras ??= ListExtras.None;
        var cursor = page.After ?? page.Before;
        // One row more than the page tells whether there is a page beyond it.
        var parameters = Days(ReportSql.Parameters(scope, filter, new
        {
            Limit = page.Limit < 0 ? -1 : page.Limit + 1,
            CursorOn = cursor is null ? null : VietnamTime.ToIso(cursor.On),
            CursorId = cursor?.Id,
            extras.IncludeCancelled,
            VillageKey = string.IsNullOrWhiteSpace(extras.Village) ? null : HouseholdKey.Village(extras.Village),
            HeadKey = string.IsNullOrWhiteSpace(extras.Head) ? null : Text.VietnameseText.NormalizeName(extras.Head),
        }), filter);
        return parameters;
    }

    private static DynamicParameters Days(DynamicParameters parameters, ReportFilter filter)
    {
        parameters.Add("FromDay", filter.From is { } from ? VietnamTime.ToIso(from) : Unbounded);
        parameters.Add("ToDay", filter.To is { } to ? VietnamTime.ToIso(to) : EndOfTime);
        return parameters;
    }

    private static ListResult<T> Paged<TRow, T>(List<TRow> rows, ListPage page, Func<TRow, ListCursor> cursor, Func<TRow, T> map)
    {
        if (page.Limit < 0)
        {
            return new ListResult<T>(rows.Select(map).ToList(), null, null);
        }

        var more = rows.Count > page.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (page.Before is not null)
        {
            rows.Reverse();
        }

        // Older rows exist when the query found one more of them, or when this page was reached going back; newer rows
        // when it was reached going forward, or when going back found one more.
        var older = page.Before is not null || more;
        var newer = page.After is not null || (page.Before is not null && more);
        return new ListResult<T>(
            rows.Select(map).ToList(),
            older && rows.Count > 0 ? cursor(rows[^1]) : null,
            newer && rows.Count > 0 ? cursor(rows[0]) : null);
    }
}
