using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Storage;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Seen = "seen";
    public const string Failed = "failed";
}

public enum ReplyChannel
{
    User,
    Group,
}

/// <summary>
/// Lower goes first: replies to people before bulk sends. Below <see cref="Broadcast"/> a row goes by the sender's
/// reply lane, at or above it by the announcement lane.
/// </summary>
public static class OutboxPriority
{
    public const int Reply = 0;
    public const int Broadcast = 10;
}

/// <summary>
/// The outbox sender's two lanes, each with its own workers: replies never wait for a worker behind announcement
/// sends, and a crash can send again at most one lane's worth of messages in flight.
/// </summary>
public enum OutboxLane
{
    Replies,
    Announcements,
}

/// <summary>One outbox row as the sender needs it.</summary>
public sealed record OutboxMessage(long Id, string Channel, string RecipientId, string Payload, long Attempts, long Priority)
{
    public string RecipientKey => Channel + ":" + RecipientId;

    public ReplyChannel ReplyChannel => Channel == "group" ? ReplyChannel.Group : ReplyChannel.User;

    /// <summary>An announcement message rather than a reply to somebody: it gives way to replies.</summary>

    public OutgoingMessage Message => JsonSerializer.Deserialize<OutgoingMessage>(Payload, OutboxStore.Json)!;
}

/// <summary>A message that was not delivered, as the console lists it.</summary>
public sealed record FailedMessage(
    long Id, string Channel, string RecipientId, long Priority, long Attempts, long? ErrorCode, string? ErrorReason, long CreatedAt);

/// <summary>The reply outbox: rows written inside handlers' transactions and delivered by <see cref="OutboxSender"/>.</summary>
public sealed class OutboxStore(Db db, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds a message inside the caller's transaction. The key makes the write idempotent: the same key twice
    /// stores one row. Returns false when the key was already there.
    /// </summary>
    public static async Task<bool> EnqueueAsync(
        SqliteConnection connection, SqliteTransaction transaction, string idempotencyKey, ReplyChannel channel, string recipientId,
        OutgoingMessage message, int priority, DateTimeOffset now)
    {
        var inserted = await connection.ExecuteAsync("""
            INSERT OR IGNORE INTO outbox_messages
                (idempotency_key, channel, recipient_id, payload, priority, status, next_attempt_at, created_at)
            VALUES (@Key, @Channel, @RecipientId, @Payload, @Priority, 'pending', @Now, @Now)
            """, new
        {
            Key = idempotencyKey,
            Channel = channel == ReplyChannel.Group ? "group" : "user",
            RecipientId = recipientId,
            Payload = JsonSerializer.Serialize(message, Json),
            Priority = priority,
            Now = now.ToUnixTimeMilliseconds(),
        }, transaction);
        return inserted == 1;
    }

    /// <summary>
    /// A lane's rows due now, oldest first, leaving out every row whose recipient has an earlier row still waiting
    /// for its retry, so one person's messages never arrive out of order.
    /// </summary>
    /// <remarks>
    /// The indexes are named: left to itself (no statistics), SQLite answered the inner query from the full status
    /// index (dropped since, migration 0008), reading every earlier pending row for each candidate — quadratic in the
    /// backlog (issue 8: 45 s for one fetch with 5,000 rows pending, which stalled the sender), and sorted the whole
    /// backlog for the outer one.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxMessage>> GetDueAsync(OutboxLane lane, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxMessage>(new CommandDefinition($"""
            SELECT o.id AS Id, o.channel AS Channel, o.recipient_id AS RecipientId, o.payload AS Payload, o.attempts AS Attempts,
                   o.priority AS Priority
            FROM outbox_messages o INDEXED BY ix_outbox_pending
            WHERE o.status = 'pending' AND o.next_attempt_at <= @Now AND {LaneCondition(lane, "o")}
              AND NOT EXISTS (SELECT 1 FROM outbox_messages w INDEXED BY ix_outbox_pending_recipient
                              WHERE w.status = 'pending' AND w.channel = o.channel AND w.recipient_id = o.recipient_id
                                AND w.id < o.id AND w.next_attempt_at > @Now)
            ORDER BY o.priority, o.id
            LIMIT @Limit
            """, new { Now = clock.GetUtcNow().ToUnixTimeMilliseconds(), Limit = limit, Bulk = OutboxPriority.Broadcast },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The rows of a lane: replies below the bulk priority, announcement sends at or above it.</summary>
    private static string LaneCondition(OutboxLane lane, string table) =>
        lane == OutboxLane.Replies ? $"{table}.priority < @Bulk" : $"{table}.priority >= @Bulk";

    /// <summary>
    /// Moves a row from pending to sending; false when another sender got there first. An <paramref name="urgent"/>
    /// claim (a reply: a person is waiting for it) goes before the ordinary writers waiting for the write turn, such
    /// as the claims of an announcement's messages.
    /// </summary>
    public async Task<bool> ClaimAsync(long id, bool urgent, CancellationToken cancellationToken)
    {
        // Redoable: a claim that a power cut loses leaves the message pending, to be sent at the next start.
        await using var connection = await db.OpenRedoableAsync(cancellationToken);
        using var turn = await db.TakeWriteTurnAsync(urgent, cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1 WHERE id = @Id AND status = 'pending'",
            new { Id = id }) == 1;
    }

    public async Task MarkSentAsync(long id, string zaloMessageId)
    {
        await using var connection = await db.OpenAsync();
        // Urgent: until this commits, a crash would send the message Zalo has just accepted again.
        using var turn = await db.TakeWriteTurnAsync(urgent: true);
        await connection.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'sent', zalo_message_id = @ZaloMessageId, sent_at = @Now, error_code = NULL, error_reason = NULL WHERE id = @Id",
            new { Id = id, ZaloMessageId = zaloMessageId, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    public async Task MarkFailedAsync(long id, int? errorCode, string reason)
    {
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await connection.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'failed', error_code = @ErrorCode, error_reason = @Reason WHERE id = @Id",
            new { Id = id, ErrorCode = errorCode, Reason = reason });
    }

    /// <summary>Puts a row back to pending after a passing failure, to be tried again after <paramref name="delay"/>.</summary>
    public async Task ScheduleRetryAsync(long id, int? errorCode, string reason, TimeSpan delay)
    {
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await connection.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'pending', error_code = @ErrorCode, error_reason = @Reason, next_attempt_at = @NextAttemptAt WHERE id = @Id",
            new { Id = id, ErrorCode = errorCode, Reason = reason, NextAttemptAt = (clock.GetUtcNow() + delay).ToUnixTimeMilliseconds() });
    }

    /// <summary>
    /// After a crash, a lane's rows left in "sending" may or may not have reached Zalo: send them again. That risks
    /// one duplicate per row that was in flight (at most the lane's parallelism) and never loses a message.
    /// </summary>
    public async Task<int> RequeueInterruptedAsync(OutboxLane lane, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE outbox_messages SET status = 'pending' WHERE status = 'sending' AND {LaneCondition(lane, "outbox_messages")}",
            new { Bulk = OutboxPriority.Broadcast }, cancellationToken: cancellationToken));
    }

    /// <summary>Messages Zalo refused for good (or that ran out of attempts), newest first, for the console.</summary>
    public async Task<IReadOnlyList<FailedMessage>> ListFailedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FailedMessage>(new CommandDefinition("""
            SELECT id AS Id, channel AS Channel, recipient_id AS RecipientId, priority AS Priority, attempts AS Attempts, error_code AS ErrorCode,
                   error_reason AS ErrorReason, created_at AS CreatedAt
            FROM outbox_messages WHERE status = 'failed'
            ORDER BY id DESC
            LIMIT @Limit
            """, new { Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<long> CountFailedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbox_messages WHERE status = 'failed'", cancellationToken: cancellationToken));
    }

    /// <summary>Puts failed messages back to pending with fresh attempts (null ids: every failed one). Returns how many.</summary>
    public async Task<int> RetryFailedAsync(IReadOnlyList<long>? ids, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE outbox_messages SET status = 'pending', attempts = 0, next_attempt_at = @Now
            WHERE status = 'failed' AND (@All OR id IN @Ids)
            """, new { All = ids is null, Ids = ids ?? [], Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    /// <summary>Applies a delivery or read receipt to the rows Zalo names, inside the dispatcher's transaction.</summary>
    public static Task<int> MarkReceiptAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<string> zaloMessageIds, bool seen, DateTimeOffset now) =>
        connection.ExecuteAsync(seen
            ? "UPDATE outbox_messages SET status = 'seen', seen_at = @Now WHERE zalo_message_id IN @Ids AND status IN ('sent', 'delivered')"
            : "UPDATE outbox_messages SET status = 'delivered', delivered_at = @Now WHERE zalo_message_id IN @Ids AND status = 'sent'",
            new { Ids = zaloMessageIds, Now = now.ToUnixTimeMilliseconds() }, transaction);
}
