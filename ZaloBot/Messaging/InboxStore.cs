using System.Threading.Channels;
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
public sealed record InboxEvent(long Id, string EventKey, string EventName, string ConversationKey, string Body, string Status, long Attempts, long NextAttemptAt, string? LastError)
{
    /// <summary>The key space of the Bot Platform's events; the OA's keys start with an OA event name or <c>sha256:</c>.</summary>
    public const string BotKeyPrefix = "bot:";

    /// <summary>The channel whose webhook stored the event, read from its key space.</summary>
    public ChannelId Channel => EventKey.StartsWith(BotKeyPrefix, StringComparison.Ordinal) ? ChannelId.ZaloBot : ChannelId.ZaloOa;
}

/// <summary>The durable inbox: webhook events are stored here before Zalo gets its 200.</summary>
public sealed class InboxStore : IAsyncDisposable
{
    /// <summary>Most events one commit stores; more wait for the next one.</summary>
    private const int MaxBatch = 256;

    private readonly Db _db;
    private readonly TimeProvider _clock;
    private readonly Channel<PendingEvent> _pending = Channel.CreateUnbounded<PendingEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public InboxStore(Db db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Stores an event once; false when an event with the same key is already there. Returns when the event is
    /// committed with <c>synchronous=FULL</c>, so an acknowledged webhook survives a crash or a power cut.
    /// </summary>
    /// <remarks>
    /// Group commit: the events of concurrent webhooks are inserted in one transaction, so they share one write turn
    /// and one fsync instead of paying one each: the fsync, not the insert, is what a durable webhook costs.
    /// One event alone is written as soon as the write turn is free.
    /// </remarks>
    public async Task<bool> TryAddAsync(string eventKey, string eventName, string conversationKey, string body, string status, CancellationToken cancellationToken)
    {
        var pending = new PendingEvent(eventKey, eventName, conversationKey, body, status, _clock.GetUtcNow().ToUnixTimeMilliseconds());
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(InboxStore), "The inbox is shutting down.");
        }

        // A cancelled request stops waiting; its event may still be stored, and Zalo's retry is then a duplicate.
        return await pending.Stored.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stores what is still queued, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingEvent>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            try
            {
                // Urgent: each of these events has a webhook waiting for its answer.
                await _db.RunOnWriterAsync(urgent: true, statements =>
                {
                    // Everything that arrived while this writer waited for its turn goes into the same commit.
                    while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
                    {
                        batch.Add(next);
                    }

                    return Insert(statements, batch);
                });

                foreach (var stored in batch)
                {
                    stored.Stored.TrySetResult(stored.Inserted);
                }
            }
            catch (Exception ex)
            {
                // Nothing of the batch is acknowledged: each webhook answers 500 and Zalo sends it again.
                foreach (var failed in batch)
                {
                    failed.Stored.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    private static int Insert(KeptConnection.Statements statements, List<PendingEvent> batch)
    {
        using var transaction = statements.BeginTransaction(durable: true);
        var insert = statements.Get("""
            INSERT OR IGNORE INTO inbox_events (event_key, event_name, conversation_key, body, status, next_attempt_at, received_at)
            VALUES (@Key, @Name, @Conversation, @Body, @Status, @Now, @Now)
            """, transaction, "Key", "Name", "Conversation", "Body", "Status", "Now");
        foreach (var pending in batch)
        {
            insert[0] = pending.EventKey;
            insert[1] = pending.EventName;
            insert[2] = pending.ConversationKey;
            insert[3] = pending.Body;
            insert[4] = pending.Status;
            insert[5] = pending.ReceivedAt;
            // Two deliveries of one event in the same batch: the first is stored, the second is the duplicate.
            pending.Inserted = insert.Run() == 1;
        }

        transaction.Commit();
        return batch.Count;
    }

    private sealed class PendingEvent(string eventKey, string eventName, string conversationKey, string body, string status, long receivedAt)
    {
        public string EventKey { get; } = eventKey;
        public string EventName { get; } = eventName;
        public string ConversationKey { get; } = conversationKey;
        public string Body { get; } = body;
        public string Status { get; } = status;
        public long ReceivedAt { get; } = receivedAt;
        public bool Inserted { get; set; }
        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Pending events that are due, oldest first, leaving out every event that has an earlier pending event of
    /// the same conversation still waiting for its retry: that keeps each conversation in arrival order.
    /// </summary>
    /// <remarks>
    /// The indexes are named: left to itself (no statistics), SQLite answered the inner query from the full status
    /// index (dropped since, migration 0008), reading every earlier pending row for each candidate — quadratic in the
    /// backlog; the partial indexes keep a fetch short however long the backlog grows. Read inside the dispatcher's
    /// first transaction of a round, on the writers' connection, so a round takes the write turn once.
    /// </remarks>
    public static IReadOnlyList<InboxEvent> GetRunnable(KeptConnection.Statements statements, SqliteTransaction transaction, int limit, long now)
    {
        var runnable = statements.Get("""
            SELECT e.id, e.event_key, e.event_name, e.conversation_key, e.body, e.status, e.attempts, e.next_attempt_at, e.last_error
            FROM inbox_events e INDEXED BY ix_inbox_events_pending
            WHERE e.status = 'pending' AND e.next_attempt_at <= @Now
              AND NOT EXISTS (SELECT 1 FROM inbox_events w INDEXED BY ix_inbox_events_pending_conversation
                              WHERE w.status = 'pending' AND w.conversation_key = e.conversation_key
                                AND w.id < e.id AND w.next_attempt_at > @Now)
            ORDER BY e.id
            LIMIT @Limit
            """, transaction, "Now", "Limit");
        runnable[0] = now;
        runnable[1] = limit;
        var rows = new List<InboxEvent>();
        using var reader = runnable.Read();
        while (reader.Read())
        {
            rows.Add(new InboxEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return rows;
    }

    /// <summary>
    /// Turns a pending event "done" inside the dispatcher's transaction, and clears its body: what a handled event
    /// keeps (key, name, conversation, times) is what deduplication and the audit need, and the body may hold a
    /// resident's phone or national ID number. False when it is no longer pending.
    /// </summary>
    public static bool MarkDone(KeptConnection.Statements statements, SqliteTransaction transaction, long id, long now)
    {
        var markDone = statements.Get(
            "UPDATE inbox_events SET status = 'done', body = '', attempts = attempts + 1, handled_at = @Now, last_error = NULL WHERE id = @Id AND status = 'pending'",
            transaction, "Id", "Now");
        markDone[0] = id;
        markDone[1] = now;
        return markDone.Run() == 1;
    }

    /// <summary>
    /// Records a failed attempt inside the dispatcher's transaction: retried later, or parked as dead-letter when out
    /// of attempts.
    /// </summary>
    public static async Task RecordFailureAsync(
        SqliteConnection connection, SqliteTransaction transaction, long id, string error, int maxAttempts, TimeSpan baseDelay, DateTimeOffset now)
    {
        var attempts = await connection.ExecuteScalarAsync<long>(
            "SELECT attempts FROM inbox_events WHERE id = @Id", new { Id = id }, transaction) + 1;
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
        }, transaction);
    }

    /// <summary>Dead-lettered events, newest first, for the console's "Hộp thư lỗi".</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListDeadAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
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
        await using var connection = await _db.OpenAsync(cancellationToken);
        using var turn = await _db.TakeWriteTurnAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox_events SET status = 'pending', attempts = 0, next_attempt_at = @Now, handled_at = NULL
            WHERE status = 'dead' AND (@All OR id IN @Ids)
            """, new { All = ids is null, Ids = ids ?? [], Now = _clock.GetUtcNow().ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    public async Task<InboxCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
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
