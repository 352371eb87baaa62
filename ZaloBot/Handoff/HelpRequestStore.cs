using System.Data;
using Dapper;
using ZaloBot.Messaging;
using ZaloBot.Teams;

namespace ZaloBot.Handoff;

/// <summary>What a new request holds before it gets its number.</summary>
public sealed record NewHelpRequest(
    Conversation Resident, long? VillageUnitId, long CommuneUnitId, long TeamId, string? GuideId, string Topic, string? ResidentName, string? ResidentPhone);

/// <summary>
/// The <c>help_requests</c> and <c>help_request_notes</c> tables. Every method runs on the caller's connection and
/// transaction; the state changes are guarded by the status they start from, so a stale command changes nothing.
/// </summary>
public static class HelpRequestStore
{
    private const string Select = """
        SELECT id AS Id, number AS Number, resident_via AS ResidentVia, resident_user_id AS ResidentUserId, village_unit_id AS VillageUnitId,
               commune_unit_id AS CommuneUnitId, team_id AS TeamId, guide_id AS GuideId, topic AS Topic, resident_name AS ResidentName,
               resident_phone AS ResidentPhone, resident_zalo_name AS ResidentZaloName, status AS Status, created_at AS CreatedAt,
               reminded_at AS RemindedAt, escalated_at AS EscalatedAt, escalated_team_id AS EscalatedTeamId, claimed_by AS ClaimedBy, note AS Note
        FROM help_requests
        """;

    private sealed record Row(
        long Id, long Number, string ResidentVia, string ResidentUserId, long? VillageUnitId, long CommuneUnitId, long TeamId, string? GuideId, string Topic,
        string? ResidentName, string? ResidentPhone, string? ResidentZaloName, string Status, long CreatedAt, long? RemindedAt, long? EscalatedAt,
        long? EscalatedTeamId, long? ClaimedBy, string? Note);

    /// <summary>Stores a request with the next number (the caller holds the write lock, so MAX + 1 cannot race).</summary>
    public static async Task<HelpRequest> CreateAsync(IDbConnection connection, IDbTransaction? transaction, NewHelpRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO help_requests
                (number, resident_via, resident_user_id, village_unit_id, commune_unit_id, team_id, guide_id, topic, resident_name, resident_phone,
                 status, created_at)
            VALUES ((SELECT COALESCE(MAX(number), 0) + 1 FROM help_requests), @ResidentVia, @ResidentUserId, @VillageUnitId, @CommuneUnitId, @TeamId,
                    @GuideId, @Topic, @ResidentName, @ResidentPhone, 'open', @Now)
            RETURNING id
            """, new
        {
            ResidentVia = request.Resident.Channel.Code(),
            ResidentUserId = request.Resident.Id,
            request.VillageUnitId,
            request.CommuneUnitId,
            request.TeamId,
            request.GuideId,
            request.Topic,
            request.ResidentName,
            request.ResidentPhone,
            Now = now.ToUnixTimeMilliseconds(),
        }, transaction);
        return (await FindAsync(connection, transaction, id))!;
    }

    public static async Task<HelpRequest?> FindAsync(IDbConnection connection, IDbTransaction? transaction, long id) =>
        await MapAsync(connection, transaction, await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @Id", new { Id = id }, transaction));

    public static async Task<HelpRequest?> FindByNumberAsync(IDbConnection connection, IDbTransaction? transaction, int number) =>
        await MapAsync(connection, transaction,
            await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE number = @Number", new { Number = number }, transaction));

    /// <summary>The resident's open or claimed request; there is at most one.</summary>
    public static async Task<HelpRequest?> FindActiveForResidentAsync(IDbConnection connection, IDbTransaction? transaction, Conversation resident)
    {
        ArgumentNullException.ThrowIfNull(resident);
        return await MapAsync(connection, transaction, await connection.QuerySingleOrDefaultAsync<Row>(
            Select + " WHERE resident_via = @Via AND resident_user_id = @UserId AND status IN ('open', 'claimed')",
            new { Via = resident.Channel.Code(), UserId = resident.Id }, transaction));
    }

    /// <summary>True when some open request is due for a reminder or a raise (read without a transaction).</summary>
    public static async Task<bool> AnyWaitingAsync(IDbConnection connection, DateTimeOffset remindBefore, DateTimeOffset escalateBefore) =>
        await connection.ExecuteScalarAsync<long>("""
            SELECT EXISTS (SELECT 1 FROM help_requests WHERE status = 'open'
                AND ((reminded_at IS NULL AND created_at <= @RemindBefore) OR (escalated_at IS NULL AND created_at <= @EscalateBefore)))
            """, new { RemindBefore = remindBefore.ToUnixTimeMilliseconds(), EscalateBefore = escalateBefore.ToUnixTimeMilliseconds() }) == 1;

    /// <summary>Open requests created at or before <paramref name="createdBefore"/> that were not yet recalled.</summary>
    public static Task<IReadOnlyList<HelpRequest>> DueForReminderAsync(IDbConnection connection, IDbTransaction? transaction, DateTimeOffset createdBefore) =>
        ListAsync(connection, transaction, " WHERE status = 'open' AND reminded_at IS NULL AND created_at <= @Before ORDER BY id", createdBefore);

    /// <summary>Open requests created at or before <paramref name="createdBefore"/> that were not yet raised.</summary>
    public static Task<IReadOnlyList<HelpRequest>> DueForEscalationAsync(IDbConnection connection, IDbTransaction? transaction, DateTimeOffset createdBefore) =>
        ListAsync(connection, transaction, " WHERE status = 'open' AND escalated_at IS NULL AND created_at <= @Before ORDER BY id", createdBefore);

    public static async Task<bool> MarkRemindedAsync(IDbConnection connection, IDbTransaction? transaction, long id, DateTimeOffset now) =>
        await connection.ExecuteAsync(
            "UPDATE help_requests SET reminded_at = @Now WHERE id = @Id AND status = 'open' AND reminded_at IS NULL",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction) == 1;

    /// <summary>Records the raise (to <paramref name="teamId"/>, or to nobody when there is no team above); it counts as a reminder too.</summary>
    public static async Task<bool> MarkEscalatedAsync(IDbConnection connection, IDbTransaction? transaction, long id, long? teamId, DateTimeOffset now) =>
        await connection.ExecuteAsync("""
            UPDATE help_requests SET escalated_at = @Now, escalated_team_id = @TeamId, reminded_at = COALESCE(reminded_at, @Now)
            WHERE id = @Id AND status = 'open' AND escalated_at IS NULL
            """, new { Id = id, TeamId = teamId, Now = now.ToUnixTimeMilliseconds() }, transaction) == 1;

    public static async Task<bool> ClaimAsync(IDbConnection connection, IDbTransaction? transaction, long id, long memberId, DateTimeOffset now) =>
        await connection.ExecuteAsync(
            "UPDATE help_requests SET status = 'claimed', claimed_by = @MemberId, claimed_at = @Now WHERE id = @Id AND status = 'open'",
            new { Id = id, MemberId = memberId, Now = now.ToUnixTimeMilliseconds() }, transaction) == 1;

    /// <summary>Closes an open or claimed request; an open one counts as taken by whoever closes it.</summary>
    public static async Task<bool> CompleteAsync(
        IDbConnection connection, IDbTransaction? transaction, long id, long memberId, string? note, long assistId, DateTimeOffset now) =>
        await connection.ExecuteAsync("""
            UPDATE help_requests
            SET status = 'done', claimed_by = COALESCE(claimed_by, @MemberId), claimed_at = COALESCE(claimed_at, @Now),
                completed_at = @Now, note = @Note, assist_id = @AssistId
            WHERE id = @Id AND status IN ('open', 'claimed')
            """, new { Id = id, MemberId = memberId, Note = note, AssistId = assistId, Now = now.ToUnixTimeMilliseconds() }, transaction) == 1;

    public static async Task<bool> CancelAsync(IDbConnection connection, IDbTransaction? transaction, long id, DateTimeOffset now) =>
        await connection.ExecuteAsync(
            "UPDATE help_requests SET status = 'cancelled', cancelled_at = @Now WHERE id = @Id AND status IN ('open', 'claimed')",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction) == 1;

    /// <summary>The name and phone the resident shared after asking; null keeps what the request had.</summary>
    public static Task SetContactAsync(IDbConnection connection, IDbTransaction? transaction, long id, string? name, string? phone) =>
        connection.ExecuteAsync(
            "UPDATE help_requests SET resident_name = COALESCE(@Name, resident_name), resident_phone = COALESCE(@Phone, resident_phone) WHERE id = @Id",
            new { Id = id, Name = name, Phone = phone }, transaction);

    /// <summary>Open or taken requests whose resident's Zalo name was not looked up yet, oldest first (read without a transaction).</summary>
    public static async Task<IReadOnlyList<(long Id, Conversation Resident)>> DueForZaloNameAsync(IDbConnection connection, int limit) =>
        (await connection.QueryAsync<(long Id, string Via, string UserId)>("""
            SELECT id, resident_via, resident_user_id FROM help_requests
            WHERE zalo_name_checked_at IS NULL AND status IN ('open', 'claimed') ORDER BY id LIMIT @Limit
            """, new { Limit = limit }))
        .Select(r => (r.Id, Conversation.User(ChannelIdCodes.Parse(r.Via), r.UserId))).ToList();

    /// <summary>The name the resident's Zalo profile shows (null: none), unless the request was closed meanwhile.</summary>
    public static Task SetZaloNameAsync(IDbConnection connection, long id, string? name, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            UPDATE help_requests SET resident_zalo_name = @Name, zalo_name_checked_at = @Now
            WHERE id = @Id AND zalo_name_checked_at IS NULL AND status IN ('open', 'claimed')
            """, new { Id = id, Name = name, Now = now.ToUnixTimeMilliseconds() });

    /// <summary>
    /// Clears the phone and Zalo name of requests done or cancelled before <paramref name="closedBefore"/>: nobody needs to
    /// call back any more. Returns how many requests lost them.
    /// </summary>
    public static Task<int> ForgetContactsAsync(IDbConnection connection, DateTimeOffset closedBefore) =>
        connection.ExecuteAsync("""
            UPDATE help_requests SET resident_phone = NULL, resident_zalo_name = NULL
            WHERE status IN ('done', 'cancelled') AND COALESCE(completed_at, cancelled_at) < @Before
              AND (resident_phone IS NOT NULL OR resident_zalo_name IS NOT NULL)
            """, new { Before = closedBefore.ToUnixTimeMilliseconds() });

    /// <summary>Links what the resident added (a second ask, a message for the team) to the request.</summary>
    public static Task AddNoteAsync(IDbConnection connection, IDbTransaction? transaction, long requestId, string? guideId, string text, DateTimeOffset now) =>
        connection.ExecuteAsync(
            "INSERT INTO help_request_notes (request_id, guide_id, text, created_at) VALUES (@RequestId, @GuideId, @Text, @Now)",
            new { RequestId = requestId, GuideId = guideId, Text = text, Now = now.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>What the resident added, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> NotesAsync(IDbConnection connection, IDbTransaction? transaction, long requestId) =>
        (await connection.QueryAsync<string>(
            "SELECT text FROM help_request_notes WHERE request_id = @RequestId ORDER BY id", new { RequestId = requestId }, transaction)).AsList();

    private static async Task<IReadOnlyList<HelpRequest>> ListAsync(IDbConnection connection, IDbTransaction? transaction, string where, DateTimeOffset before)
    {
        var rows = await connection.QueryAsync<Row>(Select + where, new { Before = before.ToUnixTimeMilliseconds() }, transaction);
        var requests = new List<HelpRequest>();
        foreach (var row in rows)
        {
            requests.Add((await MapAsync(connection, transaction, row))!);
        }

        return requests;
    }

    private static async Task<HelpRequest?> MapAsync(IDbConnection connection, IDbTransaction? transaction, Row? row)
    {
        if (row is null)
        {
            return null;
        }

        var village = row.VillageUnitId is { } villageId ? await UnitStore.FindAsync(connection, transaction, villageId) : null;
        var commune = await UnitStore.FindAsync(connection, transaction, row.CommuneUnitId)
            ?? throw new InvalidOperationException($"Help request {row.Id} names a commune that does not exist.");
        return new HelpRequest(
            row.Id, (int)row.Number, Conversation.User(ChannelIdCodes.Parse(row.ResidentVia), row.ResidentUserId), village, commune, row.TeamId, row.GuideId, row.Topic, row.ResidentName, row.ResidentPhone,
            row.ResidentZaloName, Enum.Parse<HelpRequestStatus>(row.Status, ignoreCase: true), DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
            row.RemindedAt is { } reminded ? DateTimeOffset.FromUnixTimeMilliseconds(reminded) : null,
            row.EscalatedAt is { } escalated ? DateTimeOffset.FromUnixTimeMilliseconds(escalated) : null,
            row.EscalatedTeamId, row.ClaimedBy, row.Note);
    }
}
