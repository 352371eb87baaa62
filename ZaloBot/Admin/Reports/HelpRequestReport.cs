using System.Data;
using Dapper;
using ZaloBot.AdminAuth;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Reports;

/// <summary>
/// A help request (<c>YC-0001</c>) as the console shows it. <see cref="ResidentPhone"/> is the national form: the list
/// shows it masked, the request's own page whole (and records that it did, see <see cref="AuditTrail"/>).
/// </summary>
public sealed record HelpRequestRow(
    long Id, string Code, string Status, string Topic, string Place, string? VillageCode, string TeamName, string? EscalatedTeamName,
    string? ResidentName, string? ResidentPhone, string? ResidentZaloName, string? ClaimedBy, string? Note, DateTimeOffset CreatedAt,
    DateTimeOffset? ClaimedAt, DateTimeOffset? CompletedAt, DateTimeOffset? CancelledAt);

/// <summary>Requests per village (or per commune, for requests whose village is not known), by status.</summary>
public sealed record HelpRequestPlace(string Place, int Open, int Claimed, int Done, DateTimeOffset? OldestOpenAt);

/// <summary>Open and claimed requests and their age, for the dashboard.</summary>
public sealed record HelpRequestSummary(int Open, int Claimed, int DoneInPeriod, DateTimeOffset? OldestOpenAt, IReadOnlyList<int> OpenByAge)
{
    /// <summary>The age buckets of <see cref="OpenByAge"/>.</summary>
    public static IReadOnlyList<string> AgeBuckets { get; } = ["Dưới 1 giờ", "1–24 giờ", "1–3 ngày", "Trên 3 ngày"];
}

/// <summary>
/// Residents' help requests in the officer's units: the "Yêu cầu hỗ trợ" list (open, taken, done, by village, with
/// their age) and the dashboard's counts. A request belongs to its commune (always known) and, when the resident
/// said it, its village.
/// </summary>
public static class HelpRequestReport
{
    public const string Waiting = "waiting";

    private const string Scoped = ReportSql.Ctes + """
        , scoped_requests AS (
            SELECT h.* FROM help_requests h
            WHERE h.commune_unit_id IN (SELECT id FROM officer_units)
              AND (h.commune_unit_id IN (SELECT id FROM filter_units) OR h.village_unit_id IN (SELECT id FROM filter_units))
        )
        """;

    // A class with properties: an empty result gives Dapper no column types to match a constructor.
    private sealed class Row
    {
        public long Id { get; init; }
        public long Number { get; init; }
        public string Status { get; init; } = "";
        public string Topic { get; init; } = "";
        public string? VillageName { get; init; }
        public string? VillageCode { get; init; }
        public string CommuneName { get; init; } = "";
        public string TeamName { get; init; } = "";
        public string? EscalatedTeamName { get; init; }
        public string? ResidentName { get; init; }
        public string? ResidentPhone { get; init; }
        public string? ResidentZaloName { get; init; }
        public string? ClaimedBy { get; init; }
        public string? Note { get; init; }
        public long CreatedAt { get; init; }
        public long? ClaimedAt { get; init; }
        public long? CompletedAt { get; init; }
        public long? CancelledAt { get; init; }

        public HelpRequestRow AsRow() => new(
            Id, ShortCode.Format(ShortCode.RequestPrefix, (int)Number), Status, Topic,
            VillageName is null ? CommuneName : $"{VillageName}, {CommuneName}", VillageCode, TeamName, EscalatedTeamName, ResidentName,
            ResidentPhone, ResidentZaloName, ClaimedBy, Note, At(CreatedAt)!.Value, At(ClaimedAt), At(CompletedAt), At(CancelledAt));
    }

    private const string RowSelect = """
        SELECT h.id AS Id, h.number AS Number, h.status AS Status, h.topic AS Topic, v.name AS VillageName, v.code AS VillageCode,
               c.name AS CommuneName, t.name AS TeamName, e.name AS EscalatedTeamName, h.resident_name AS ResidentName,
               h.resident_phone AS ResidentPhone, h.resident_zalo_name AS ResidentZaloName, m.full_name AS ClaimedBy, h.note AS Note,
               h.created_at AS CreatedAt, h.claimed_at AS ClaimedAt, h.completed_at AS CompletedAt, h.cancelled_at AS CancelledAt
        FROM scoped_requests h
             JOIN admin_units c ON c.id = h.commune_unit_id
             LEFT JOIN admin_units v ON v.id = h.village_unit_id
             JOIN teams t ON t.id = h.team_id
             LEFT JOIN teams e ON e.id = h.escalated_team_id
             LEFT JOIN team_members m ON m.id = h.claimed_by

        """;

    private static DateTimeOffset? At(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    /// <summary>
    /// Requests with the status (open, claimed, done, cancelled; <see cref="Waiting"/> = open or claimed; null = all),
    /// oldest first while waiting, newest first otherwise.
    /// </summary>
    public static async Task<IReadOnlyList<HelpRequestRow>> ListAsync(
        IDbConnection connection, OfficerScope scope, ReportFilter filter, string? status, int limit, int offset) =>
        (await connection.QueryAsync<Row>(Scoped + RowSelect + """
            WHERE (@Status IS NULL OR h.status = @Status OR (@Status = 'waiting' AND h.status IN ('open', 'claimed')))
            ORDER BY CASE WHEN @Status IN ('waiting', 'open', 'claimed') THEN h.created_at ELSE -h.created_at END, h.id
            LIMIT @Limit OFFSET @Offset
            """, ReportSql.Parameters(scope, filter, new { Status = status, Limit = limit, Offset = offset }))).Select(r => r.AsRow()).ToList();

    /// <summary>One request by its number, when it is in scope.</summary>
    public static async Task<HelpRequestRow?> FindAsync(IDbConnection connection, OfficerScope scope, int number) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(Scoped + RowSelect + "WHERE h.number = @Number",
            ReportSql.Parameters(scope, ReportFilter.None, new { Number = number })))?.AsRow();

    public static async Task<int> CountAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter, string? status) =>
        await connection.ExecuteScalarAsync<int>(Scoped + """
            SELECT COUNT(*) FROM scoped_requests h
            WHERE (@Status IS NULL OR h.status = @Status OR (@Status = 'waiting' AND h.status IN ('open', 'claimed')))
            """, ReportSql.Parameters(scope, filter, new { Status = status }));

    /// <summary>Counts by village (the commune's name for requests without one), busiest first.</summary>
    public static async Task<IReadOnlyList<HelpRequestPlace>> ByPlaceAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter) =>
        (await connection.QueryAsync<(string Place, long Open, long Claimed, long Done, long? OldestOpen)>(Scoped + """
            SELECT COALESCE(v.name || ', ' || c.name, c.name),
                   SUM(h.status = 'open'), SUM(h.status = 'claimed'), SUM(h.status = 'done'),
                   MIN(CASE WHEN h.status = 'open' THEN h.created_at END)
            FROM scoped_requests h JOIN admin_units c ON c.id = h.commune_unit_id LEFT JOIN admin_units v ON v.id = h.village_unit_id
            GROUP BY h.commune_unit_id, h.village_unit_id
            ORDER BY SUM(h.status = 'open') DESC, SUM(h.status = 'claimed') DESC, 1
            """, ReportSql.Parameters(scope, filter)))
        .Select(r => new HelpRequestPlace(r.Place, (int)r.Open, (int)r.Claimed, (int)r.Done, At(r.OldestOpen))).ToList();

    public static async Task<HelpRequestSummary> SummaryAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter, DateTimeOffset now)
    {
        var parameters = ReportSql.Parameters(scope, filter with { From = null, To = null }, new
        {
            Now = now.ToUnixTimeMilliseconds(),
            FromMs = filter.From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).ToUnixTimeMilliseconds() : (long?)null,
            ToMs = filter.To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).ToUnixTimeMilliseconds() : (long?)null,
        });
        var row = await connection.QuerySingleAsync<(long Open, long Claimed, long Done, long? Oldest, long Hour, long Day, long ThreeDays, long Older)>(Scoped + """
            SELECT COALESCE(SUM(h.status = 'open'), 0), COALESCE(SUM(h.status = 'claimed'), 0),
                   COALESCE(SUM(h.status = 'done' AND (@FromMs IS NULL OR h.completed_at >= @FromMs) AND (@ToMs IS NULL OR h.completed_at < @ToMs)), 0),
                   MIN(CASE WHEN h.status = 'open' THEN h.created_at END),
                   COALESCE(SUM(h.status = 'open' AND @Now - h.created_at < 3600000), 0),
                   COALESCE(SUM(h.status = 'open' AND @Now - h.created_at >= 3600000 AND @Now - h.created_at < 86400000), 0),
                   COALESCE(SUM(h.status = 'open' AND @Now - h.created_at >= 86400000 AND @Now - h.created_at < 259200000), 0),
                   COALESCE(SUM(h.status = 'open' AND @Now - h.created_at >= 259200000), 0)
            FROM scoped_requests h
            """, parameters);
        return new HelpRequestSummary((int)row.Open, (int)row.Claimed, (int)row.Done, At(row.Oldest),
            [(int)row.Hour, (int)row.Day, (int)row.ThreeDays, (int)row.Older]);
    }
}
