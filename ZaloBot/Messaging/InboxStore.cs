using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Storage;

namespace ZaloBot.Messaging;

public static class InboxStatus
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Dead = "dead";
    public const string Unknown = "unknown";
}

/// <summary>One stored webhook event.</summary>
public sealed record InboxEvent(long Id, string EventKey, string EventName, string ConversationKey, string Body, string Status, long Attempts, long NextAttemptAt, string? LastError);

/// <summary>The durable inbox: webhook events are stored here before Zalo gets its 200.</summary>
public sealed class InboxStore(Db db, TimeProvider clock)
{
    private const string Columns = """
        id AS Id, event_key AS EventKey, event_name AS EventName, conversation_key AS ConversationKey, body AS Body,
        status AS Status, attempts AS Attempts, next_attempt_at AS NextAttemptAt, last_error AS LastError
        """;

    /// <summary>Stores an event once; false when an event with the same key is already there.</summary>
    public async Task<bool> TryAddAsync(string eventKey, string eventName, string conversationKey, string body, string status, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT OR IGNORE INTO inbox_events (event_key, event_name, conversation_key, body, status, next_attempt_at, received_at)
            VALUES (@EventKey, @EventName, @ConversationKey, @Body, @Status, @Now, @Now)
            """, new { EventKey = eventKey, EventName = eventName, ConversationKey = conversationKey, Body = body, Status = status, Now = now },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    /// <summary>
    /// Pending events that are due, oldest first, leaving out every event that has an earlier pending event of
    /// the same conversation still waiting for its retry: that keeps each conversation in arrival order.
    /// </summary>
    public async Task<IReadOnlyList<InboxEvent>> GetRunnableAsync(int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InboxEvent>(new CommandDefinition($"""
            SELECT {Columns} FROM inbox_events e
            WHERE e.status = 'pending' AND e.next_attempt_at <= @Now
              AND NOT EXISTS (SELECT 1 FROM inbox_events w
                              WHERE w.status = 'pending' AND w.conversation_key = e.conversation_key
                                AND w.id < e.id AND w.next_attempt_at > @Now)
            ORDER BY e.id
            LIMIT @Limit
            """, new { Now = now, Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>True while the event still waits to be handled; read inside the handler's transaction.</summary>
    public static async Task<bool> IsPendingAsync(SqliteConnection connection, SqliteTransaction transaction, long id) =>
        await connection.ExecuteScalarAsync<string>("SELECT status FROM inbox_events WHERE id = @Id", new { Id = id }, transaction) == InboxStatus.Pending;

    public static Task MarkDoneAsync(SqliteConnection connection, SqliteTransaction transaction, long id, long now) =>
        connection.ExecuteAsync(
            "UPDATE inbox_events SET status = 'done', attempts = attempts + 1, handled_at = @Now, last_error = NULL WHERE id = @Id",
            new { Id = id, Now = now }, transaction);

    /// <summary>Records a failed attempt: retried later, or parked as dead-letter when out of attempts.</summary>
    public async Task RecordFailureAsync(long id, string error, int maxAttempts, TimeSpan baseDelay, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var attempts = await connection.ExecuteScalarAsync<long>(
            "SELECT attempts FROM inbox_events WHERE id = @Id", new { Id = id }) + 1;
        var now = clock.GetUtcNow();
        var delay = baseDelay * Math.Pow(2, Math.Min(attempts - 1, 10L));
        await connection.ExecuteAsync("""
            UPDATE inbox_events
            SET attempts = @Attempts, last_error = @Error, next_attempt_at = @NextAttemptAt,
                status = CASE WHEN @Attempts >= @MaxAttempts THEN 'dead' ELSE status END,
                handled_at = CASE WHEN @Attempts >= @MaxAttempts THEN @Now ELSE handled_at END
            WHERE id = @Id
            """, new
        {
            Id = id,
            Attempts = attempts,
            Error = error,
            MaxAttempts = maxAttempts,
            Now = now.ToUnixTimeMilliseconds(),
            NextAttemptAt = (now + delay).ToUnixTimeMilliseconds(),
        });
    }

    /// <summary>Dead-lettered events, newest first, for the console's "Hộp thư lỗi".</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListDeadAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeadLetter>(new CommandDefinition("""
            SELECT id AS Id, event_name AS EventName, conversation_key AS ConversationKey, attempts AS Attempts, last_error AS LastError,
                   received_at AS ReceivedAt, handled_at AS HandledAt
            FROM inbox_events WHERE status = 'dead'
            ORDER BY id DESC
            LIMIT @Limit
            """, new { Limit = limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Puts dead-lettered events back to pending with fresh attempts, so the dispatcher handles them again (null
    /// ids: every dead event). Returns how many were reset; events that are no longer dead are left alone.
    /// </summary>
    public async Task<int> ReplayDeadAsync(IReadOnlyList<long>? ids, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox_events SET status = 'pending', attempts = 0, next_attempt_at = @Now, handled_at = NULL
            WHERE status = 'dead' AND (@All OR id IN @Ids)
            """, new { All = ids is null, Ids = ids ?? [], Now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    public async Task<InboxCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<InboxCounts>(new CommandDefinition("""
            SELECT
              (SELECT COUNT(*) FROM inbox_events WHERE status = 'pending') AS Pending,
              (SELECT COUNT(*) FROM inbox_events WHERE status = 'dead') AS Dead
            """, cancellationToken: cancellationToken));
    }
}

public sealed record InboxCounts(long Pending, long Dead);

/// <summary>A dead-lettered event as the console lists it (the body stays in the table).</summary>
public sealed record DeadLetter(long Id, string EventName, string ConversationKey, long Attempts, string? LastError, long ReceivedAt, long? HandledAt);
