using Dapper;
using ZaloBot.AdminAuth;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Reports;

/// <summary>
/// The common table expressions every console report starts from, so the dashboard, the lists and the exports
/// count the same rows:
/// <list type="bullet">
/// <item><c>officer_units</c>: the units the officer may see (<see cref="OfficerScope.UnitsCte"/>);</item>
/// <item><c>filter_units</c>: the unit chosen in the filter and everything under it;</item>
/// <item><c>scoped_teams</c>: teams in both, with the commune-level unit each belongs to;</item>
/// <item><c>counted</c>: the reports of those teams that count (not cancelled) and match the filter;</item>
/// <item><c>scoped_communes</c>: the commune-level units in both;</item>
/// <item><c>figure_subjects</c>: whose figures (see <see cref="FigureRange"/>) make the filter's: the member, else the team,
/// else the scoped communes and any scoped team outside them (a village's team when the filter is a village).</item>
/// </list>
/// A unique household is a household key within a commune-level unit: the commune team and a village team that
/// both visit the same family count it once, and no family lives in two communes, so communes add up.
/// </summary>
internal static class ReportSql
{
    public const string Ctes = "WITH RECURSIVE\n" + OfficerScope.UnitsCte + ",\n" + """
        filter_units (id) AS (
            SELECT id FROM admin_units WHERE @UnitCode IS NULL OR code = @UnitCode
            UNION
            SELECT a.id FROM admin_units a JOIN filter_units f ON a.parent_id = f.id
        ),
        scoped_teams AS (
            SELECT t.id, t.unit_id, t.level, t.name, CASE t.level WHEN 'commune' THEN t.unit_id ELSE u.parent_id END AS commune_id
            FROM teams t JOIN admin_units u ON u.id = t.unit_id
            WHERE t.unit_id IN (SELECT id FROM officer_units) AND t.unit_id IN (SELECT id FROM filter_units)
              AND (@TeamId IS NULL OR t.id = @TeamId)
        ),
        counted AS (
            SELECT a.id, a.team_id, a.number, a.member_id, a.head_name, a.village, a.household_key, a.note, a.assisted_on,
                   a.status, st.commune_id
            FROM household_assists a JOIN scoped_teams st ON st.id = a.team_id
            WHERE a.status <> 'cancelled'
              AND (@From IS NULL OR a.assisted_on >= @From) AND (@To IS NULL OR a.assisted_on <= @To)
              AND (@MemberId IS NULL OR a.member_id = @MemberId)
              AND (@Category IS NULL OR EXISTS (
                  SELECT 1 FROM household_assist_categories c WHERE c.assist_id = a.id AND c.category = @Category))
        ),
        scoped_communes (id) AS (
            SELECT id FROM admin_units
            WHERE level = 'commune' AND id IN (SELECT id FROM officer_units) AND id IN (SELECT id FROM filter_units)
        ),
        figure_subjects (subject, id) AS (
            SELECT 'member', m.id FROM team_members m WHERE m.id = @MemberId AND m.team_id IN (SELECT id FROM scoped_teams)
            UNION ALL
            SELECT 'team', st.id FROM scoped_teams st
            WHERE @MemberId IS NULL AND (@TeamId IS NOT NULL OR st.commune_id NOT IN (SELECT id FROM scoped_communes))
            UNION ALL
            SELECT 'commune', id FROM scoped_communes WHERE @TeamId IS NULL AND @MemberId IS NULL
        )
        """;

    /// <summary>The figures rows of the filter's subjects (<c>figure_subjects</c>) in its period; the parameters are <see cref="Parameters"/>'.</summary>
    public static readonly string FilterFigures = string.Join("\nUNION ALL\n",
        new[] { "commune", "team", "member" }.Select(s => FigureRange.Rows(s, $"SELECT id FROM figure_subjects WHERE subject = '{s}'")));

    public static DynamicParameters Parameters(OfficerScope scope, ReportFilter filter, object? more = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var parameters = new DynamicParameters(FigureRange.For(filter.From, filter.To));
        parameters.AddDynamicParams(new
        {
            Everything = scope.IsEverything,
            ScopeCodes = scope.UnitCodes ?? [],
            filter.UnitCode,
            filter.TeamId,
            filter.MemberId,
            From = filter.From is { } from ? VietnamTime.ToIso(from) : null,
            To = filter.To is { } to ? VietnamTime.ToIso(to) : null,
            Category = filter.Category?.ToString(),
        });
        if (more is not null)
        {
            parameters.AddDynamicParams(more);
        }

        return parameters;
    }

    public static DateOnly ParseDate(string iso) => VietnamTime.FromIso(iso);

    /// <summary>Category names as stored, comma-separated by <c>group_concat</c>, in the enum's order.</summary>
    public static IReadOnlyList<AssistCategory> Categories(string? list) =>
        string.IsNullOrEmpty(list)
            ? []
            : list.Split(',').Distinct(StringComparer.Ordinal).Select(Enum.Parse<AssistCategory>).Order().ToList();

    /// <summary>Ids concatenated by <c>group_concat</c>.</summary>
    public static IReadOnlyList<long> Ids(string? list) =>
        string.IsNullOrEmpty(list)
            ? []
            : list.Split(',').Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
}
