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

    /// <summary>A reply that could not reach Zalo within <see cref="MessagingOptions.ReplyMaxAge"/>: never sent late.</summary>
    public const string Expired = "expired";
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

/// <summary>
/// One outbox row as the sender needs it: <see cref="Via"/> is the channel it goes through (see <see cref="ChannelIdCodes"/>),
/// <see cref="Channel"/> whether it goes to a user or a group; <see cref="CreatedAt"/> in Unix milliseconds.
/// </summary>
public sealed record OutboxMessage(long Id, string Via, string Channel, string RecipientId, string Payload, long Attempts, long Priority, long CreatedAt)
{
    public string RecipientKey => Via + ":" + Channel + ":" + RecipientId;

    public ReplyChannel ReplyChannel => Channel == "group" ? ReplyChannel.Group : ReplyChannel.User;

    public ChannelId ViaChannel => ChannelIdCodes.Parse(Via);

    public OutgoingMessage Message => JsonSerializer.Deserialize<OutgoingMessage>(Payload, OutboxStore.Json)!;
}

/// <summary>A message that was not delivered (failed, or an expired reply), as the console lists it.</summary>
public sealed record FailedMessage(
    long Id, string Channel, string RecipientId, long Priority, string Status, long Attempts, long? ErrorCode, string? ErrorReason, long CreatedAt);

/// <summary>Undelivered messages by kind: <see cref="Failed"/> can be sent again, <see cref="Expired"/> replies were too late.</summary>
public sealed record UndeliveredCounts(long Failed, long Expired)
{
    public long Total => Failed + Expired;
}

/// <summary>The reply outbox: rows written inside handlers' transactions and delivered by <see cref="OutboxSender"/>.</summary>
public sealed class OutboxStore(Db db, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds a message inside the caller's transaction. The key makes the write idempotent: the same key twice
    /// stores one row. Returns false when the key was already there.
    /// </summary>
    public static async Task<bool> EnqueueAsync(
        SqliteConnection connection, SqliteTransaction transaction, string idempotencyKey, Conversation to, OutgoingMessage message, int priority,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(to);
        var inserted = await connection.ExecuteAsync("""
            INSERT OR IGNORE INTO outbox_messages
                (idempotency_key, via, channel, recipient_id, payload, priority, status, next_attempt_at, created_at)
            VALUES (@Key, @Via, @Channel, @RecipientId, @Payload, @Priority, 'pending', @Now, @Now)
            """, new
        {
            Key = idempotencyKey,
            Via = to.Channel.Code(),
            Channel = to.IsGroup ? "group" : "user",
            RecipientId = to.Id,
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
    /// backlog, which stalls the sender behind a long backlog, and sorted the whole backlog for the outer one.
    /// </remarks>
    /// <param name="exceptChannels">Channels whose rows are not wanted (their sends are paused).</param>
    public Task<IReadOnlyList<OutboxMessage>> GetDueAsync(
        OutboxLane lane, int limit, CancellationToken cancellationToken, IReadOnlyCollection<ChannelId>? exceptChannels = null)
    {
        // The channel codes are the enum's own constants, so they are written into the text: one kept statement per
        // set of paused channels instead of a parameter list the statement cache could not keep.
        var except = exceptChannels is { Count: > 0 }
            ? $" AND o.via NOT IN ({string.Join(", ", exceptChannels.Order().Select(channel => $"'{channel.Code()}'"))})"
            : "";
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // On the writers' connection, whose pages the last write left cached (see Db.Writer); a reply lane's read
        // goes before ordinary writers, as its claims do.
        return db.RunOnWriterAsync<IReadOnlyList<OutboxMessage>>(urgent: lane == OutboxLane.Replies, statements =>
        {
            var due = statements.Get($"""
                SELECT o.id, o.via, o.channel, o.recipient_id, o.payload, o.attempts, o.priority, o.created_at
                FROM outbox_messages o INDEXED BY ix_outbox_pending
                WHERE o.status = 'pending' AND o.next_attempt_at <= @Now AND {LaneCondition(lane, "o")}{except}
                  AND NOT EXISTS (SELECT 1 FROM outbox_messages w INDEXED BY ix_outbox_pending_recipient
                                  WHERE w.status = 'pending' AND w.channel = o.channel AND w.recipient_id = o.recipient_id AND w.via = o.via
                                    AND w.id < o.id AND w.next_attempt_at > @Now)
                ORDER BY o.priority, o.id
                LIMIT @Limit
                """, null, "Now", "Limit", "Bulk");
            due[0] = now;
            due[1] = limit;
            due[2] = OutboxPriority.Broadcast;
            var rows = new List<OutboxMessage>();
            using var reader = due.Read();
            while (reader.Read())
            {
                rows.Add(new OutboxMessage(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
            }

            return rows;
        }, cancellationToken);
    }

    /// <summary>The rows of a lane: replies below the bulk priority, announcement sends at or above it.</summary>
    private static string LaneCondition(OutboxLane lane, string table) =>
        lane == OutboxLane.Replies ? $"{table}.priority < @Bulk" : $"{table}.priority >= @Bulk";

    /// <summary>
    /// Moves a row from pending to sending; false when another sender got there first. An <paramref name="urgent"/>
    /// claim (a reply: a person is waiting for it) goes before the ordinary writers waiting for the write turn, such
    /// as the claims of an announcement's messages.
    /// </summary>
    public async Task<bool> ClaimAsync(long id, bool urgent, CancellationToken cancellationToken) =>
        (await ClaimAsync([id], urgent, cancellationToken)).Count == 1;

    /// <summary>
    /// Moves rows from pending to sending in one transaction (a sender round's first row of each recipient); returns
    /// the ids it claimed, leaving out rows another sender got first.
    /// </summary>
    public Task<IReadOnlySet<long>> ClaimAsync(IReadOnlyList<long> ids, bool urgent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        // Redoable: a claim that a power cut loses leaves the message pending, to be sent at the next start.
        return db.RunOnWriterAsync<IReadOnlySet<long>>(urgent, statements =>
        {
            var claimed = new HashSet<long>();
            using var transaction = statements.BeginTransaction(durable: false);
            var claim = statements.Get(
                "UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1 WHERE id = @Id AND status = 'pending'", transaction, "Id");
            foreach (var id in ids)
            {
                claim[0] = id;
                if (claim.Run() == 1)
                {
                    claimed.Add(id);
                }
            }

            transaction.Commit();
            return claimed;
        }, cancellationToken);
    }

    /// <summary>
    /// Marks a row sent the moment Zalo has accepted it: until this commits, a process crash would send it again. A
    /// reply's mark is <paramref name="urgent"/>; an announcement message's is not, or a wide announcement lane's marks
    /// would queue ahead of replies at the database.
    /// </summary>
    /// <remarks>
    /// Redoable, not synced one by one: a process crash loses no commit either way, and a power cut can lose only the
    /// marks committed since the log was last synced — by the next webhook's commit, or by the checkpoint within a
    /// second. A lost mark leaves its row <c>sending</c>, so the message is sent once more at the next start: a power
    /// cut (not a crash) can resend the messages marked in about the last second before it. A sync per mark cost more
    /// CPU than the rest of the mark.
    /// </remarks>
    public Task MarkSentAsync(long id, string zaloMessageId, bool urgent)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return db.RunOnWriterAsync(urgent, statements =>
        {
            using var transaction = statements.BeginTransaction(durable: false);
            var mark = statements.Get(
                "UPDATE outbox_messages SET status = 'sent', zalo_message_id = @ZaloMessageId, sent_at = @Now, error_code = NULL, error_reason = NULL WHERE id = @Id",
                transaction, "Id", "ZaloMessageId", "Now");
            mark[0] = id;
            mark[1] = zaloMessageId;
            mark[2] = now;
            var marked = mark.Run();
            transaction.Commit();
            return marked;
        });
    }

    public async Task MarkFailedAsync(long id, int? errorCode, string reason)
    {
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await connection.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'failed', error_code = @ErrorCode, error_reason = @Reason WHERE id = @Id",
            new { Id = id, ErrorCode = errorCode, Reason = reason });
    }

    /// <summary>Puts a row back to pending after a passing failure, to be tried again at <paramref name="retryAt"/>.</summary>
    public async Task ScheduleRetryAsync(long id, int? errorCode, string reason, DateTimeOffset retryAt)
    {
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await connection.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'pending', error_code = @ErrorCode, error_reason = @Reason, next_attempt_at = @NextAttemptAt WHERE id = @Id",
            new { Id = id, ErrorCode = errorCode, Reason = reason, NextAttemptAt = retryAt.ToUnixTimeMilliseconds() });
    }

    /// <summary>
    /// Puts a claimed row back to pending, due at once and without counting the attempt: it never reached Zalo
    /// (the circuit breaker refused it), so it keeps its place for when sending resumes.
    /// </summary>
    public async Task ReleaseAsync(long id, int errorCode, string reason)
    {
        await using var connection = await db.OpenRedoableAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await connection.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'pending', attempts = attempts - 1, error_code = @ErrorCode, error_reason = @Reason WHERE id = @Id",
            new { Id = id, ErrorCode = errorCode, Reason = reason });
    }

    /// <summary>
    /// Marks a pending reply expired instead of sending it late. A resident's (1:1) is remembered in
    /// <c>missed_replies</c>, in the same transaction, so their next message gets an apology; remembered residents
    /// who never wrote again are forgotten after <see cref="MissedReplyKeep"/>.
    /// </summary>
    public async Task<bool> ExpireAsync(OutboxMessage row, string reason)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await using var transaction = connection.BeginTransaction();
        var expired = await connection.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'expired', error_reason = @Reason || COALESCE('; lỗi cuối: ' || error_reason, '') WHERE id = @Id AND status = 'pending'",
            new { row.Id, Reason = reason }, transaction) == 1;
        if (expired && row.ReplyChannel == ReplyChannel.User)
        {
            await connection.ExecuteAsync("""
                INSERT INTO missed_replies (zalo_user_id, expired_at) VALUES (@RecipientId, @Now)
                ON CONFLICT (zalo_user_id) DO UPDATE SET expired_at = excluded.expired_at;
                DELETE FROM missed_replies WHERE expired_at < @Forget;
                """, new { row.RecipientId, Now = now.ToUnixTimeMilliseconds(), Forget = (now - MissedReplyKeep).ToUnixTimeMilliseconds() }, transaction);
        }

        await transaction.CommitAsync();
        return expired;
    }

    /// <summary>Why a message was given up after waiting <paramref name="waited"/> through an outage, as the console shows it.</summary>
    public static string TooLateReason(TimeSpan waited)
    {
        var wait = waited >= TimeSpan.FromHours(2) && waited.Ticks % TimeSpan.TicksPerHour == 0 ? $"{waited.TotalHours:0} giờ"
            : waited >= TimeSpan.FromMinutes(1) ? $"{waited.TotalMinutes:0} phút"
            : $"{waited.TotalSeconds:0} giây";
        return $"Quá {wait} vẫn chưa gửi được vì Zalo gián đoạn";
    }

    /// <summary>How long a resident whose reply expired is remembered for an apology: past Zalo's 7-day window it would be out of place.</summary>
    public static readonly TimeSpan MissedReplyKeep = TimeSpan.FromDays(7);

    /// <summary>
    /// True, once, when a reply to <paramref name="userId"/> expired since they last wrote (see
    /// <see cref="ExpireAsync"/>); runs in the caller's (a handler's) transaction.
    /// </summary>
    public static async Task<bool> TakeMissedReplyAsync(SqliteConnection connection, SqliteTransaction transaction, string userId) =>
        await connection.ExecuteAsync("DELETE FROM missed_replies WHERE zalo_user_id = @UserId", new { UserId = userId }, transaction) == 1;

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

    /// <summary>Messages Zalo refused for good and replies that expired, newest first, for the console.</summary>
    public async Task<IReadOnlyList<FailedMessage>> ListUndeliveredAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FailedMessage>(new CommandDefinition("""
            SELECT Id, Channel, RecipientId, Priority, Status, Attempts, ErrorCode, ErrorReason, CreatedAt FROM (
                SELECT * FROM (SELECT id AS Id, channel AS Channel, recipient_id AS RecipientId, priority AS Priority, status AS Status,
                                      attempts AS Attempts, error_code AS ErrorCode, error_reason AS ErrorReason, created_at AS CreatedAt
                               FROM outbox_messages WHERE status = 'failed' ORDER BY id DESC LIMIT @Limit)
                UNION ALL
                SELECT * FROM (SELECT id, channel, recipient_id, priority, status, attempts, error_code, error_reason, created_at
                               FROM outbox_messages WHERE status = 'expired' ORDER BY id DESC LIMIT @Limit))
            ORDER BY Id DESC
            LIMIT @Limit
            """, new { Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<UndeliveredCounts> CountUndeliveredAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<UndeliveredCounts>(new CommandDefinition("""
            SELECT (SELECT COUNT(*) FROM outbox_messages WHERE status = 'failed') AS Failed,
                   (SELECT COUNT(*) FROM outbox_messages WHERE status = 'expired') AS Expired
            """, cancellationToken: cancellationToken));
    }

    /// <summary>When the oldest message still waiting to be sent was queued; null when none waits.</summary>
    public async Task<DateTimeOffset?> OldestWaitingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var oldest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(created_at) FROM outbox_messages INDEXED BY ix_outbox_pending WHERE status = 'pending'", cancellationToken: cancellationToken));
        return oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
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
