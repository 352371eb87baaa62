using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.AdminAuth;
using ZaloBot.Contacts;
using ZaloBot.Messaging;
using ZaloBot.Teams;
using ZaloBot.Zalo;

namespace ZaloBot.Broadcasts;

/// <summary>One line of the audit trail.</summary>
public sealed record BroadcastEvent(string Action, string Actor, DateTimeOffset At, string? Detail);

/// <summary>How many recipients are in one state (and, for skips and failures, for one reason).</summary>
public sealed record RecipientTally(string State, string? SkipReason, int? ErrorCode, string? ErrorReason, long Count);

/// <summary>One recipient's state: see <see cref="BroadcastStore.RecipientsAsync"/>.</summary>
public sealed record RecipientState(
    long Id, string Channel, string? RecipientId, long? TeamId, string? Label, string State, string? SkipReason, int? ErrorCode,
    string? ErrorReason, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? SeenAt);

/// <summary>Recipient states as the API names them; "queued" covers waiting, pending and sending.</summary>
public static class RecipientStates
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Seen = "seen";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Queued, Sent, Delivered, Seen, Skipped, Failed, Cancelled];

    public static string DisplayName(string state) => state switch
    {
        Queued => "đang chờ gửi",
        Sent => "đã gửi",
        Delivered => "đã nhận",
        Seen => "đã xem",
        Skipped => "bỏ qua",
        Failed => "gửi lỗi",
        Cancelled => "đã hủy, không gửi",
        _ => state,
    };

    /// <summary>The stored states behind one API state, as SQL text over <c>r.status</c> and <c>o.status</c>.</summary>
    internal const string Expression = """
        CASE WHEN r.status = 'queued' THEN
                  CASE WHEN o.status IN ('sent', 'delivered', 'seen', 'failed') THEN o.status ELSE 'queued' END
             WHEN r.status = 'waiting' THEN 'queued'
             ELSE r.status END
        """;
}

/// <summary>
/// The <c>broadcasts</c>, <c>broadcast_units</c>, <c>broadcast_recipients</c> and <c>broadcast_events</c> tables.
/// Every method runs on the caller's connection and transaction.
/// </summary>
public static class BroadcastStore
{
    private const string Select = """
        SELECT id AS Id, title AS Title, body AS Body, image_url AS ImageUrl, audience AS Audience, urgent AS Urgent, status AS Status,
               scheduled_at AS ScheduledAt, started_at AS StartedAt, expand_cursor AS ExpandCursor, expanded_at AS ExpandedAt,
               recipients_total AS RecipientsTotal, held_until AS HeldUntil, completed_at AS CompletedAt, cancelled_at AS CancelledAt,
               created_by AS CreatedBy, created_at AS CreatedAt
        FROM broadcasts b
        """;

    private sealed record Row(
        long Id, string Title, string Body, string? ImageUrl, string Audience, long Urgent, string Status, long? ScheduledAt, long? StartedAt,
        string? ExpandCursor, long? ExpandedAt, long? RecipientsTotal, long? HeldUntil, long? CompletedAt, long? CancelledAt, string CreatedBy,
        long CreatedAt)
    {
        public Broadcast AsBroadcast() => new(
            Id, Title, Body, ImageUrl, BroadcastAudiences.FromCode(Audience), Urgent == 1, BroadcastStatuses.FromCode(Status), Time(ScheduledAt),
            Time(StartedAt), ExpandCursor, Time(ExpandedAt), RecipientsTotal, Time(HeldUntil), Time(CompletedAt), Time(CancelledAt), CreatedBy,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }

    internal static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    /// <summary>The text every recipient reads.</summary>
    public static string Compose(string title, string body) => title + "\n\n" + body;

    public static async Task<long> CreateAsync(
        IDbConnection connection, IDbTransaction transaction, string title, string body, string? imageUrl, BroadcastAudience audience, bool urgent,
        IReadOnlyList<long> unitIds, string createdBy, DateTimeOffset now)
    {
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO broadcasts (title, body, image_url, audience, urgent, status, created_by, created_at)
            VALUES (@Title, @Body, @ImageUrl, @Audience, @Urgent, 'draft', @CreatedBy, @Now)
            RETURNING id
            """, new { Title = title, Body = body, ImageUrl = imageUrl, Audience = audience.Code(), Urgent = urgent, CreatedBy = createdBy, Now = now.ToUnixTimeMilliseconds() },
            transaction);
        await connection.ExecuteAsync(
            "INSERT INTO broadcast_units (broadcast_id, unit_id) VALUES (@Id, @UnitId)",
            unitIds.Distinct().Select(u => new { Id = id, UnitId = u }), transaction);
        return id;
    }

    /// <summary>Rewrites a draft or scheduled announcement; false when it has started, finished or been cancelled.</summary>
    public static async Task<bool> UpdateAsync(
        IDbConnection connection, IDbTransaction transaction, long id, string title, string body, string? imageUrl, BroadcastAudience audience, bool urgent,
        IReadOnlyList<long> unitIds)
    {
        var changed = await connection.ExecuteAsync("""
            UPDATE broadcasts SET title = @Title, body = @Body, image_url = @ImageUrl, audience = @Audience, urgent = @Urgent
            WHERE id = @Id AND status IN ('draft', 'scheduled')
            """, new { Id = id, Title = title, Body = body, ImageUrl = imageUrl, Audience = audience.Code(), Urgent = urgent }, transaction);
        if (changed == 0)
        {
            return false;
        }

        await connection.ExecuteAsync("DELETE FROM broadcast_units WHERE broadcast_id = @Id", new { Id = id }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO broadcast_units (broadcast_id, unit_id) VALUES (@Id, @UnitId)",
            unitIds.Distinct().Select(u => new { Id = id, UnitId = u }), transaction);
        return true;
    }

    public static async Task<Broadcast?> FindAsync(IDbConnection connection, IDbTransaction? transaction, long id) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE b.id = @Id", new { Id = id }, transaction))?.AsBroadcast();

    /// <summary>
    /// Newest first. With <paramref name="withinUnits"/> (an officer's units), only announcements addressed to units that
    /// are all among them; announcements to everyone belong to province admins.
    /// </summary>
    public static async Task<IReadOnlyList<Broadcast>> ListAsync(IDbConnection connection, IReadOnlyList<long>? withinUnits, int limit, int offset) =>
        (await connection.QueryAsync<Row>(Select + """
             WHERE @Everywhere
                OR (EXISTS (SELECT 1 FROM broadcast_units bu WHERE bu.broadcast_id = b.id)
                    AND NOT EXISTS (SELECT 1 FROM broadcast_units bu WHERE bu.broadcast_id = b.id AND bu.unit_id NOT IN @Within))
             ORDER BY b.id DESC LIMIT @Limit OFFSET @Offset
            """, new { Everywhere = withinUnits is null, Within = withinUnits ?? [], Limit = limit, Offset = offset })).Select(r => r.AsBroadcast()).ToList();

    public static async Task<IReadOnlyList<AdminUnit>> UnitsAsync(IDbConnection connection, IDbTransaction? transaction, long id)
    {
        var ids = await connection.QueryAsync<long>(
            "SELECT unit_id FROM broadcast_units WHERE broadcast_id = @Id ORDER BY unit_id", new { Id = id }, transaction);
        var units = new List<AdminUnit>();
        foreach (var unitId in ids)
        {
            if (await UnitStore.FindAsync(connection, transaction, unitId) is { } unit)
            {
                units.Add(unit);
            }
        }

        return units;
    }

    public static Task AddEventAsync(
        IDbConnection connection, IDbTransaction transaction, long id, string action, string actor, DateTimeOffset at, string? detail = null) =>
        connection.ExecuteAsync(
            "INSERT INTO broadcast_events (broadcast_id, action, actor, at, detail) VALUES (@Id, @Action, @Actor, @At, @Detail)",
            new { Id = id, Action = action, Actor = actor, At = at.ToUnixTimeMilliseconds(), Detail = detail }, transaction);

    public static async Task<IReadOnlyList<BroadcastEvent>> EventsAsync(IDbConnection connection, long id) =>
        (await connection.QueryAsync<(string Action, string Actor, long At, string? Detail)>(
            "SELECT action, actor, at, detail FROM broadcast_events WHERE broadcast_id = @Id ORDER BY id", new { Id = id }))
        .Select(e => new BroadcastEvent(e.Action, e.Actor, DateTimeOffset.FromUnixTimeMilliseconds(e.At), e.Detail)).ToList();

    /// <summary>Sets the send time of a draft or scheduled announcement; false in any other state.</summary>
    public static async Task<bool> ScheduleAsync(IDbConnection connection, IDbTransaction transaction, long id, DateTimeOffset at) =>
        await connection.ExecuteAsync(
            "UPDATE broadcasts SET status = 'scheduled', scheduled_at = @At WHERE id = @Id AND status IN ('draft', 'scheduled')",
            new { Id = id, At = at.ToUnixTimeMilliseconds() }, transaction) == 1;

    /// <summary>The announcements the runner has work for now: sending, or scheduled and due.</summary>
    public static async Task<IReadOnlyList<long>> DueAsync(IDbConnection connection, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM broadcasts WHERE status = 'sending' OR (status = 'scheduled' AND scheduled_at <= @Now) ORDER BY id",
            new { Now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken))).AsList();

    public static Task StartAsync(IDbConnection connection, IDbTransaction transaction, long id, long estimatedRecipients, DateTimeOffset now) =>
        connection.ExecuteAsync(
            "UPDATE broadcasts SET status = 'sending', started_at = @Now, recipients_total = @Total WHERE id = @Id AND status = 'scheduled'",
            new { Id = id, Total = estimatedRecipients, Now = now.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>
    /// Stores one page of the audience as waiting (or skipped) recipients and moves the cursor past it, in the
    /// caller's transaction: after a crash the page is either all there with its cursor, or not at all.
    /// </summary>
    public static async Task AddRecipientsAsync(
        IDbConnection connection, IDbTransaction transaction, long id, IReadOnlyList<AudienceMember> page, bool lastPage, string? cursor, DateTimeOffset now)
    {
        var at = now.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync("""
            INSERT OR IGNORE INTO broadcast_recipients
                (broadcast_id, recipient_key, channel, via, recipient_id, team_id, label, status, skip_reason, updated_at)
            VALUES (@Id, @Key, @Channel, @Via, @RecipientId, @TeamId, @Label, @Status, @SkipReason, @At)
            """, page.Select(m => new
        {
            Id = id, m.Key, m.Channel, Via = m.Via.Code(), m.RecipientId, m.TeamId, m.Label, Status = m.SkipReason is null ? "waiting" : "skipped",
            m.SkipReason, At = at,
        }), transaction);
        await connection.ExecuteAsync(lastPage
            ? """
              UPDATE broadcasts SET expand_cursor = @Cursor, expanded_at = @At,
                  recipients_total = (SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = @Id)
              WHERE id = @Id
              """
            : "UPDATE broadcasts SET expand_cursor = @Cursor WHERE id = @Id",
            new { Id = id, Cursor = cursor, At = at }, transaction);
    }

    // An announcement's outbox rows are keyed "broadcast:<id>:<recipient row id>"; ';' follows ':' in code order,
    // so the keys of one announcement are the range [Low, High) of the unique index.
    internal static string OutboxKey(long id, long recipientRowId) =>
        string.Create(CultureInfo.InvariantCulture, $"broadcast:{id}:{recipientRowId}");

    private sealed record OutboxKeyRange(long Id, string Low, string High);

    private static OutboxKeyRange KeyRange(long id) => new(
        id, string.Create(CultureInfo.InvariantCulture, $"broadcast:{id}:"), string.Create(CultureInfo.InvariantCulture, $"broadcast:{id};"));

    /// <summary>The announcement's outbox rows not yet settled (pending, waiting for a retry, or sending).</summary>
    public static Task<long> CountInFlightAsync(IDbConnection connection, IDbTransaction transaction, long id) =>
        connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM outbox_messages
            WHERE status IN ('pending', 'sending') AND idempotency_key >= @Low AND idempotency_key < @High
            """, KeyRange(id), transaction);

    /// <summary>
    /// Marks failed, with <paramref name="reason"/>, the announcement's messages still waiting for Zalo that were
    /// queued before <paramref name="queuedBefore"/>: an outage outlasted the delivery horizon. The last error moves into
    /// the reason, and the code is cleared, so the status counts these under this reason rather than Zalo's last code.
    /// Returns how many.
    /// </summary>
    public static Task<int> GiveUpWaitingAsync(IDbConnection connection, IDbTransaction transaction, long id, DateTimeOffset queuedBefore, string reason)
    {
        // It runs at every step: through the pending announcement messages (a window each), not the key range, which
        // holds every message the announcement ever sent.
        var range = KeyRange(id);
        return connection.ExecuteAsync("""
            UPDATE outbox_messages INDEXED BY ix_outbox_pending
            SET status = 'failed', error_code = NULL, error_reason = @Reason || COALESCE('; lỗi cuối: ' || error_reason, '')
            WHERE status = 'pending' AND priority >= @Bulk AND created_at < @Before AND idempotency_key >= @Low AND idempotency_key < @High
            """, new { range.Low, range.High, Bulk = OutboxPriority.Broadcast, Before = queuedBefore.ToUnixTimeMilliseconds(), Reason = reason }, transaction);
    }

    public static async Task<bool> HasWaitingAsync(IDbConnection connection, IDbTransaction transaction, long id) =>
        await connection.ExecuteScalarAsync<long>(
            "SELECT EXISTS (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = @Id AND status = 'waiting')", new { Id = id }, transaction) == 1;

    /// <summary>
    /// Takes the announcement's rows that the outbox has not started sending back out of it, and marks their
    /// recipients <paramref name="newStatus"/> ("waiting" to send later, "cancelled"). Rows already sending finish.
    /// </summary>
    public static async Task<int> WithdrawPendingAsync(IDbConnection connection, IDbTransaction transaction, long id, string newStatus, DateTimeOffset now)
    {
        var range = KeyRange(id);
        await connection.ExecuteAsync("""
            UPDATE broadcast_recipients SET status = @NewStatus, outbox_id = NULL, updated_at = @Now
            WHERE broadcast_id = @Id AND status = 'queued'
              AND outbox_id IN (SELECT id FROM outbox_messages
                                WHERE status = 'pending' AND idempotency_key >= @Low AND idempotency_key < @High)
            """, new { Id = id, NewStatus = newStatus, Now = now.ToUnixTimeMilliseconds(), range.Low, range.High }, transaction);
        return await connection.ExecuteAsync(
            "DELETE FROM outbox_messages WHERE status = 'pending' AND idempotency_key >= @Low AND idempotency_key < @High", range, transaction);
    }

    /// <summary>Stops an announcement that has not finished; false when it is completed or cancelled already.</summary>
    public static async Task<(bool Cancelled, int Withdrawn)> CancelAsync(IDbConnection connection, IDbTransaction transaction, long id, DateTimeOffset now)
    {
        var changed = await connection.ExecuteAsync(
            "UPDATE broadcasts SET status = 'cancelled', cancelled_at = @Now, held_until = NULL WHERE id = @Id AND status IN ('draft', 'scheduled', 'sending')",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction);
        if (changed == 0)
        {
            return (false, 0);
        }

        var withdrawn = await WithdrawPendingAsync(connection, transaction, id, "cancelled", now);
        var waiting = await connection.ExecuteAsync(
            "UPDATE broadcast_recipients SET status = 'cancelled', updated_at = @Now WHERE broadcast_id = @Id AND status = 'waiting'",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction);
        return (true, withdrawn + waiting);
    }

    public static Task SetHeldUntilAsync(IDbConnection connection, IDbTransaction transaction, long id, DateTimeOffset? until) =>
        connection.ExecuteAsync("UPDATE broadcasts SET held_until = @Until WHERE id = @Id",
            new { Id = id, Until = until?.ToUnixTimeMilliseconds() }, transaction);

    public static Task CompleteAsync(IDbConnection connection, IDbTransaction transaction, long id, DateTimeOffset now) =>
        connection.ExecuteAsync("UPDATE broadcasts SET status = 'completed', completed_at = @Now WHERE id = @Id AND status = 'sending'",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction);

    private sealed record Waiting(long Id, string Channel, string Via, string? RecipientId, long? IsFollower, long? LastInteractionAt, string? GroupVia);

    /// <summary>
    /// Hands up to <paramref name="limit"/> waiting recipients to the outbox (bulk priority, so replies go first),
    /// skipping the 1:1 recipients outside Zalo's 7-day window, as of now. Returns (handed over, skipped).
    /// </summary>
    public static async Task<(int Queued, int Skipped)> FeedAsync(
        SqliteConnection connection, SqliteTransaction transaction, Broadcast broadcast, int limit, DateTimeOffset now)
    {
        var waiting = (await connection.QueryAsync<Waiting>("""
            SELECT r.id AS Id, r.channel AS Channel, r.via AS Via, r.recipient_id AS RecipientId, c.is_follower AS IsFollower,
                   c.last_interaction_at AS LastInteractionAt, t.group_via AS GroupVia
            FROM broadcast_recipients r LEFT JOIN oa_contacts c ON r.channel = 'user' AND r.via = 'zalo_oa' AND c.zalo_user_id = r.recipient_id
                 LEFT JOIN teams t ON r.channel = 'group' AND t.id = r.team_id
            WHERE r.broadcast_id = @Id AND r.status = 'waiting'
            ORDER BY r.id LIMIT @Limit
            """, new { broadcast.Id, Limit = limit }, transaction)).AsList();
        if (waiting.Count == 0)
        {
            return (0, 0);
        }

        var message = broadcast.Message;
        var windowStart = (now - ContactStore.InteractionWindow).ToUnixTimeMilliseconds();
        var at = now.ToUnixTimeMilliseconds();
        var skipped = new List<(long Id, string Reason)>();
        var queued = 0;
        foreach (var recipient in waiting)
        {
            var isUser = recipient.Channel == "user";
            // A person goes through the channel the audience chose for them; a team's group through the channel it was bound on.
            var via = ChannelIdCodes.Parse(isUser ? recipient.Via : recipient.GroupVia ?? ChannelIdCodes.ZaloOa);
            string? skip = null;
            if (isUser && broadcast.Audience == BroadcastAudience.Residents && recipient.IsFollower == 0)
            {
                skip = SkipReasons.Unfollowed;
            }
            else if (isUser && via == ChannelId.ZaloOa && (recipient.LastInteractionAt is null || recipient.LastInteractionAt < windowStart))
            {
                skip = SkipReasons.OutOfWindow;
            }

            if (skip is not null || recipient.RecipientId is null)
            {
                skipped.Add((recipient.Id, skip ?? SkipReasons.NoGroup));
                continue;
            }

            var key = OutboxKey(broadcast.Id, recipient.Id);
            var to = new Conversation(via, recipient.RecipientId, IsGroup: !isUser);
            await OutboxStore.EnqueueAsync(connection, transaction, key, to, message, OutboxPriority.Broadcast, now);
            await connection.ExecuteAsync("""
                UPDATE broadcast_recipients SET status = 'queued', updated_at = @At,
                    outbox_id = (SELECT id FROM outbox_messages WHERE idempotency_key = @Key)
                WHERE id = @Id
                """, new { recipient.Id, Key = key, At = at }, transaction);
            queued++;
        }

        await connection.ExecuteAsync(
            "UPDATE broadcast_recipients SET status = 'skipped', skip_reason = @Reason, updated_at = @At WHERE id = @Id",
            skipped.Select(s => new { s.Id, s.Reason, At = at }), transaction);
        return (queued, skipped.Count);
    }

    /// <summary>Each recipient's API state, with the skip reason or Zalo's failure, over <c>r</c> and its outbox row <c>o</c>.</summary>
    private const string TallyColumns = $"""
        {RecipientStates.Expression} AS State,
        CASE WHEN r.status = 'skipped' THEN r.skip_reason END AS SkipReason,
        CASE WHEN r.status = 'queued' AND o.status = 'failed' THEN o.error_code END AS ErrorCode,
        CASE WHEN r.status = 'queued' AND o.status = 'failed' THEN o.error_reason END AS ErrorReason
        """;

    /// <summary>Recipients counted by state, with skip reasons and Zalo's failure codes.</summary>
    public static async Task<IReadOnlyList<RecipientTally>> TallyAsync(IDbConnection connection, long id) =>
        (await connection.QueryAsync<TallyRow>($"""
            SELECT State, SkipReason, ErrorCode, MAX(ErrorReason) AS ErrorReason, COUNT(*) AS Count FROM (
                SELECT {TallyColumns}
                FROM broadcast_recipients r LEFT JOIN outbox_messages o ON o.id = r.outbox_id
                WHERE r.broadcast_id = @Id)
            GROUP BY State, SkipReason, ErrorCode
            """, new { Id = id })).Select(r => r.AsTally()).ToList();

    /// <summary>
    /// The <paramref name="count"/> newest announcements in <paramref name="scope"/> (as <see cref="ListAsync"/> narrows
    /// them), each with its recipients' tallies, in one query.
    /// </summary>
    public static async Task<IReadOnlyList<(Broadcast Broadcast, IReadOnlyList<RecipientTally> Tallies)>> LatestWithTalliesAsync(
        IDbConnection connection, OfficerScope scope, int count)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var parameters = new DynamicParameters(scope.Parameters);
        parameters.Add("Limit", count);
        var rows = await connection.QueryAsync<LatestRow>($"""
            WITH RECURSIVE {OfficerScope.UnitsCte},
            listed AS (
                {Select}
                WHERE @Everything
                   OR (EXISTS (SELECT 1 FROM broadcast_units bu WHERE bu.broadcast_id = b.id)
                       AND NOT EXISTS (SELECT 1 FROM broadcast_units bu
                                       WHERE bu.broadcast_id = b.id AND bu.unit_id NOT IN (SELECT id FROM officer_units)))
                ORDER BY b.id DESC LIMIT @Limit
            ),
            tallies AS (
                SELECT BroadcastId, State, SkipReason, ErrorCode, MAX(ErrorReason) AS ErrorReason, COUNT(*) AS Count FROM (
                    SELECT r.broadcast_id AS BroadcastId, {TallyColumns}
                    FROM broadcast_recipients r LEFT JOIN outbox_messages o ON o.id = r.outbox_id
                    WHERE r.broadcast_id IN (SELECT Id FROM listed))
                GROUP BY BroadcastId, State, SkipReason, ErrorCode
            )
            SELECT l.*, t.State AS TallyState, t.SkipReason AS TallySkipReason, t.ErrorCode AS TallyErrorCode,
                   t.ErrorReason AS TallyErrorReason, t.Count AS TallyCount
            FROM listed l LEFT JOIN tallies t ON t.BroadcastId = l.Id
            ORDER BY l.Id DESC
            """, parameters);
        return rows.GroupBy(r => r.Id)
            .Select(g => (g.First().AsRow().AsBroadcast(), (IReadOnlyList<RecipientTally>)g.Where(r => r.TallyState is not null)
                .Select(r => new TallyRow { State = r.TallyState!, SkipReason = r.TallySkipReason, ErrorCode = r.TallyErrorCode, ErrorReason = r.TallyErrorReason, Count = r.TallyCount ?? 0 }.AsTally())
                .ToList()))
            .ToList();
    }

    // Columns computed in a subquery have no declared type, so rows are read by name into settable properties.
    private sealed class TallyRow
    {
        public string State { get; set; } = "";
        public string? SkipReason { get; set; }
        public long? ErrorCode { get; set; }
        public string? ErrorReason { get; set; }
        public long Count { get; set; }

        public RecipientTally AsTally() => new(State, SkipReason, (int?)ErrorCode, ErrorReason, Count);
    }

    // An announcement's columns (see Select) and one of its tallies, null when it has no recipients yet.
    private sealed class LatestRow
    {
        public long Id { get; set; }
        public string Title { get; set; } = "";
        public string Body { get; set; } = "";
        public string? ImageUrl { get; set; }
        public string Audience { get; set; } = "";
        public long Urgent { get; set; }
        public string Status { get; set; } = "";
        public long? ScheduledAt { get; set; }
        public long? StartedAt { get; set; }
        public string? ExpandCursor { get; set; }
        public long? ExpandedAt { get; set; }
        public long? RecipientsTotal { get; set; }
        public long? HeldUntil { get; set; }
        public long? CompletedAt { get; set; }
        public long? CancelledAt { get; set; }
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public string? TallyState { get; set; }
        public string? TallySkipReason { get; set; }
        public long? TallyErrorCode { get; set; }
        public string? TallyErrorReason { get; set; }
        public long? TallyCount { get; set; }

        public Row AsRow() => new(
            Id, Title, Body, ImageUrl, Audience, Urgent, Status, ScheduledAt, StartedAt, ExpandCursor, ExpandedAt, RecipientsTotal, HeldUntil,
            CompletedAt, CancelledAt, CreatedBy, CreatedAt);
    }

    private sealed class RecipientRow
    {
        public long Id { get; set; }
        public string Channel { get; set; } = "";
        public string? RecipientId { get; set; }
        public long? TeamId { get; set; }
        public string? Label { get; set; }
        public string State { get; set; } = "";
        public string? SkipReason { get; set; }
        public long? ErrorCode { get; set; }
        public string? ErrorReason { get; set; }
        public long? SentAt { get; set; }
        public long? DeliveredAt { get; set; }
        public long? SeenAt { get; set; }
    }

    /// <summary>Recipients in expansion order, optionally only those in one API state.</summary>
    public static async Task<IReadOnlyList<RecipientState>> RecipientsAsync(IDbConnection connection, long id, string? state, int limit, int offset) =>
        (await connection.QueryAsync<RecipientRow>($"""
            SELECT * FROM (
                SELECT r.id AS Id, r.channel AS Channel, r.recipient_id AS RecipientId, r.team_id AS TeamId, r.label AS Label,
                       {TallyColumns},
                       CASE WHEN r.status = 'queued' THEN o.sent_at END AS SentAt,
                       CASE WHEN r.status = 'queued' THEN o.delivered_at END AS DeliveredAt,
                       CASE WHEN r.status = 'queued' THEN o.seen_at END AS SeenAt
                FROM broadcast_recipients r LEFT JOIN outbox_messages o ON o.id = r.outbox_id
                WHERE r.broadcast_id = @Id)
            WHERE @State IS NULL OR State = @State
            ORDER BY Id LIMIT @Limit OFFSET @Offset
            """, new { Id = id, State = state, Limit = limit, Offset = offset }))
        .Select(r => new RecipientState(
            r.Id, r.Channel, r.RecipientId, r.TeamId, r.Label, r.State, r.SkipReason, (int?)r.ErrorCode, r.ErrorReason, Time(r.SentAt),
            Time(r.DeliveredAt), Time(r.SeenAt))).ToList();
}
