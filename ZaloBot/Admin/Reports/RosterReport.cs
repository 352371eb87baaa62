using System.Data;
using Dapper;
using ZaloBot.AdminAuth;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Reports;

/// <summary>A member on a team roster. <see cref="Phone"/> is the national form: show it masked.</summary>
public sealed record RosterRow(
    long MemberId, long TeamId, string TeamName, string UnitName, TeamLevel Level, string FullName, string Phone, MemberRole Role,
    DateTimeOffset JoinedAt, DateTimeOffset? LeftAt);

/// <summary>Team rosters within the officer's scope and the filter's unit or team: leaders first, then by joining order.</summary>
public static class RosterReport
{
    private sealed record Row(
        long MemberId, long TeamId, string TeamName, string UnitName, string Level, string FullName, string Phone, string Role, long JoinedAt,
        long? LeftAt)
    {
        public RosterRow AsRow() => new(
            MemberId, TeamId, TeamName, UnitName, TeamLevels.FromCode(Level), FullName, Phone, MemberRoleCodes.FromCode(Role),
            DateTimeOffset.FromUnixTimeMilliseconds(JoinedAt), LeftAt is { } left ? DateTimeOffset.FromUnixTimeMilliseconds(left) : null);
    }

    private const string Sql = ReportSql.Ctes + """
        SELECT m.id AS MemberId, t.id AS TeamId, t.name AS TeamName, u.name AS UnitName, t.level AS Level, m.full_name AS FullName,
               m.phone AS Phone, m.role AS Role, m.joined_at AS JoinedAt, m.left_at AS LeftAt
        FROM team_members m JOIN scoped_teams st ON st.id = m.team_id JOIN teams t ON t.id = m.team_id JOIN admin_units u ON u.id = t.unit_id
        WHERE @IncludeLeft OR m.left_at IS NULL
        ORDER BY u.code, m.left_at IS NOT NULL, CASE m.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, m.joined_at, m.id
        """;

    public static async Task<IReadOnlyList<RosterRow>> ListAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter, bool includeLeft) =>
        (await connection.QueryAsync<Row>(Sql, ReportSql.Parameters(scope, filter, new { IncludeLeft = includeLeft }))).Select(r => r.AsRow()).ToList();

    public static IEnumerable<RosterRow> Stream(IDbConnection connection, OfficerScope scope, ReportFilter filter, bool includeLeft) =>
        connection.Query<Row>(Sql, ReportSql.Parameters(scope, filter, new { IncludeLeft = includeLeft }), buffered: false).Select(r => r.AsRow());
}
