using Dapper;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;

namespace ZaloBot.Messaging;

/// <summary>
/// Deletes what the inbox and the outbox no longer need, every <see cref="MessagingOptions.RetentionInterval"/>:
/// handled and unknown events once their key is older than the dedup window (their bodies went when they were
/// handled), dead-letters after <see cref="MessagingOptions.DeadLetterRetention"/>, the text of messages that are
/// sent or failed after <see cref="MessagingOptions.SentRetention"/>, and what each feature's
/// <see cref="IRetentionRule"/> says is past its time. It reads in id order, which is arrival order,
/// and stops at the first row too young; each batch of at most <see cref="BatchSize"/> rows is written in a write
/// turn of its own, so webhooks never wait behind a long sweep.
/// </summary>
public sealed partial class RetentionSweeper(
    Db db, TimeProvider clock, IOptions<MessagingOptions> options, IEnumerable<IRetentionRule> rules, ILogger<RetentionSweeper> logger)
    : PeriodicService(options.Value.RetentionInterval, clock)
{
    public const int BatchSize = 500;

    private readonly MessagingOptions _options = options.Value;

    /// <summary>
    /// Every outbox row up to this id had its text cleared or is still too young: cleared rows stay (reports count
    /// them), so each sweep starts here rather than at the first row.
    /// </summary>
    private long _outboxSwept;

    protected override Task RunRoundAsync(CancellationToken stoppingToken) => SweepAsync(stoppingToken);

    /// <summary>One full sweep; returns the inbox rows deleted and the outbox rows whose text was cleared.</summary>
    public async Task<(int EventsDeleted, int MessagesCleared)> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var events = await DeleteEventsAsync(
            // The stale check lets in events up to MaxClockAhead in the future: keep their keys that much longer.
            (now - _options.DedupWindow - WebhookEndpoints.MaxClockAhead).ToUnixTimeMilliseconds(),
            (now - _options.DeadLetterRetention).ToUnixTimeMilliseconds(),
            cancellationToken);
        var messages = await ClearMessagesAsync((now - _options.SentRetention).ToUnixTimeMilliseconds(), cancellationToken);
        var featureRows = await ApplyRulesAsync(now, cancellationToken);
        if (events > 0 || messages > 0 || featureRows > 0)
        {
            LogSwept(events, messages, featureRows);
        }

        return (events, messages);
    }

    private async Task<int> DeleteEventsAsync(long dedupCutoff, long deadCutoff, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var deleted = 0;
        var after = 0L;
        while (true)
        {
            // Rows left behind by earlier sweeps are only the ones still needed (pending, recent dead-letters).
            var rows = (await connection.QueryAsync<EventRow>(new CommandDefinition("""
                SELECT id AS Id, status AS Status, received_at AS ReceivedAt, handled_at AS HandledAt
                FROM inbox_events WHERE id > @After ORDER BY id LIMIT @Batch
                """, new { After = after, Batch = BatchSize }, cancellationToken: cancellationToken))).AsList();
            var old = rows.TakeWhile(r => r.ReceivedAt < dedupCutoff).ToList();
            var expired = old.Where(r => r.Status is InboxStatus.Done or InboxStatus.Unknown
                || (r.Status == InboxStatus.Dead && r.HandledAt < deadCutoff)).Select(r => r.Id).ToList();
            if (expired.Count > 0)
            {
                using var turn = await db.TakeWriteTurnAsync(cancellationToken);
                // Checked again: an official may have replayed a dead-letter since it was read.
                deleted += await connection.ExecuteAsync(new CommandDefinition("""
                    DELETE FROM inbox_events
                    WHERE id IN @Ids AND (status IN ('done', 'unknown') OR (status = 'dead' AND handled_at < @DeadCutoff))
                    """, new { Ids = expired, DeadCutoff = deadCutoff }, cancellationToken: cancellationToken));
            }

            if (old.Count < BatchSize)
            {
                return deleted;
            }

            after = old[^1].Id;
        }
    }

    private async Task<int> ClearMessagesAsync(long cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var cleared = 0;
        var after = _outboxSwept;
        var waiting = false;
        while (true)
        {
            var rows = (await connection.QueryAsync<MessageRow>(new CommandDefinition("""
                SELECT id AS Id, status AS Status, created_at AS CreatedAt, payload <> '' AS HasText
                FROM outbox_messages WHERE id > @After ORDER BY id LIMIT @Batch
                """, new { After = after, Batch = BatchSize }, cancellationToken: cancellationToken))).AsList();
            var old = rows.TakeWhile(r => r.CreatedAt < cutoff).ToList();
            var expired = old.Where(r => r.HasText && r.IsSettled).Select(r => r.Id).ToList();
            if (expired.Count > 0)
            {
                using var turn = await db.TakeWriteTurnAsync(cancellationToken);
                cleared += await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox_messages SET payload = '' WHERE id IN @Ids AND status NOT IN ('pending', 'sending')",
                    new { Ids = expired }, cancellationToken: cancellationToken));
            }

            // The next sweep starts after the settled rows only: one still waiting to be sent keeps its text for now.
            foreach (var row in old)
            {
                waiting |= !row.IsSettled;
                if (!waiting)
                {
                    _outboxSwept = row.Id;
                }
            }

            if (old.Count < BatchSize)
            {
                return cleared;
            }

            after = old[^1].Id;
        }
    }

    private async Task<int> ApplyRulesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var rule in rules)
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            using var turn = await db.TakeWriteTurnAsync(cancellationToken);
            deleted += await rule.DeleteExpiredAsync(connection, now, cancellationToken);
        }

        return deleted;
    }

    private sealed record EventRow(long Id, string Status, long ReceivedAt, long? HandledAt);

    // A computed column has no declared type, so rows are read by name into settable properties.
    private sealed class MessageRow
    {
        public long Id { get; set; }
        public string Status { get; set; } = "";
        public long CreatedAt { get; set; }
        public bool HasText { get; set; }

        public bool IsSettled => Status is not (OutboxStatus.Pending or OutboxStatus.Sending);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention: deleted {Events} inbox events, cleared the text of {Messages} outbox messages, deleted {FeatureRows} rows past their features' retention")]
    private partial void LogSwept(int events, int messages, int featureRows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; the next round tries again")]
    protected override partial void LogRoundFailed(Exception exception);
}
