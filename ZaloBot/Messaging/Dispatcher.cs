using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;

namespace ZaloBot.Messaging;

/// <summary>
/// Takes pending inbox events and runs them through the router. Each event is handled inside a savepoint with its
/// replies and its inbox row turning "done", so a failing event undoes only its own writes, and a crash leaves it
/// pending and it runs again after restart. Events are handled in arrival order, so each conversation (a user or a
/// group) keeps its order; a failed event holds back only the later events of its own conversation.
/// </summary>
/// <remarks>
/// Handlers do database work only, inside SQLite's single write lock, so running them in parallel gained nothing:
/// they queued for the write turn one by one. Instead one loop handles many events per write transaction: one
/// transaction, write turn and fsync per event would cap the dispatcher below the webhook's rate, and the thread
/// hand-offs around each would cost more CPU than the handlers. A transaction is committed after
/// <see cref="MessagingOptions.DispatcherMaxTurn"/>, so webhooks waiting to store their events never wait long.
/// </remarks>
public sealed partial class Dispatcher(
    Db db,
    ChannelAdapters channels,
    IEventRouter router,
    OutboxWriter outbox,
    DispatchSignal signal,
    OutboxSignal outboxSignal,
    TimeProvider clock,
    IOptions<MessagingOptions> options,
    ILogger<Dispatcher> logger) : SignalledLoop(signal, options.Value.DispatcherPollInterval, clock, logger)
{
    private readonly MessagingOptions _options = options.Value;
    private readonly RoundWaiters _idleWaiters = new();

    /// <summary>
    /// Completes once a round that started after the call found no event due: every event stored before the call
    /// has been handled, or waits for a retry. Lets a test see that nothing more happens without waiting a while.
    /// </summary>
    public Task WhenIdleAsync()
    {
        var idle = _idleWaiters.Add();
        Signal.Notify();
        return idle;
    }

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken)
    {
        var waiters = _idleWaiters.TakeAll();
        var idle = false;
        try
        {
            var due = await HandleAllAsync(stoppingToken);
            idle = due == 0;
            // Only a full batch can have more behind it; new events ring the signal.
            return due >= _options.DispatcherBatchSize;
        }
        finally
        {
            SettleIdleWaiters(waiters, idle);
        }
    }

    /// <summary>Completes the waiters when the round found nothing; otherwise they wait for the next round, which starts at once.</summary>
    private void SettleIdleWaiters(List<TaskCompletionSource> waiters, bool idle)
    {
        if (waiters.Count == 0)
        {
            return;
        }

        if (idle)
        {
            waiters.ForEach(w => w.TrySetResult());
            return;
        }

        _idleWaiters.HandBack(waiters);
        Signal.Notify();
    }

    /// <summary>
    /// Reads the events due and handles them in order, as many per write transaction as fit in the turn's time; the
    /// read is the first transaction's, so an event costs its round one turn at the database, not two. Returns how
    /// many were due.
    /// </summary>
    private async Task<int> HandleAllAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<InboxEvent>? events = null;
        var heldBack = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;
        do
        {
            var repliesQueued = await db.RunOnWriterAsync(urgent: false, async statements =>
            {
                var queued = 0;
                // Redoable: a handler's commit that a power cut loses leaves its events pending, so they are simply handled again.
                await using var transaction = statements.BeginTransaction(durable: false);
                var turnStarted = Clock.GetTimestamp();
                events ??= InboxStore.GetRunnable(statements, transaction, _options.DispatcherBatchSize, Clock.GetUtcNow().ToUnixTimeMilliseconds());
                while (next < events.Count && !stoppingToken.IsCancellationRequested)
                {
                    var inboxEvent = events[next++];
                    if (!heldBack.Contains(inboxEvent.ConversationKey))
                    {
                        var outcome = await HandleAsync(statements, transaction, inboxEvent, stoppingToken);
                        queued += outcome.RepliesQueued;
                        if (!outcome.Handled)
                        {
                            // Its conversation's later events wait for its retry, so they cannot overtake it.
                            heldBack.Add(inboxEvent.ConversationKey);
                        }
                    }

                    if (Clock.GetElapsedTime(turnStarted) >= _options.DispatcherMaxTurn)
                    {
                        break;
                    }
                }

                // What was handled is kept even when the app is stopping: the event under way was rolled back alone.
                await transaction.CommitAsync(CancellationToken.None);
                return queued;
            }, stoppingToken);

            if (repliesQueued > 0)
            {
                outboxSignal.Notify(OutboxLane.Replies);
            }
        }
        while (next < events!.Count && !stoppingToken.IsCancellationRequested);

        return events.Count;
    }

    /// <summary>Handles one event inside its own savepoint; a failure undoes its writes and records the attempt.</summary>
    private async Task<EventOutcome> HandleAsync(
        KeptConnection.Statements statements, SqliteTransaction transaction, InboxEvent inboxEvent, CancellationToken stoppingToken)
    {
        var connection = statements.Connection;
        const string Savepoint = "event";
        var now = Clock.GetUtcNow();
        await transaction.SaveAsync(Savepoint, CancellationToken.None);
        try
        {
            // Turning it "done" first also checks it is still pending (an official may have replayed or changed it).
            if (!InboxStore.MarkDone(statements, transaction, inboxEvent.Id, now.ToUnixTimeMilliseconds()))
            {
                await transaction.ReleaseAsync(Savepoint, CancellationToken.None);
                return new EventOutcome(true, 0);
            }

            var channelEvent = await channels[inboxEvent.Channel].ReadAsync(inboxEvent.Body, connection, transaction, now);
            var context = new EventContext(channelEvent, inboxEvent.Id, connection, transaction, now, outbox);
            await router.RouteAsync(context, stoppingToken);

            await transaction.ReleaseAsync(Savepoint, CancellationToken.None);
            if (context.RepliesCut > 0)
            {
                LogReplyCut(Logger, inboxEvent.EventName, inboxEvent.Id, _options.MaxReplyParts);
            }

            return new EventOutcome(true, context.RepliesQueued);
        }
        catch (Exception ex)
        {
            await transaction.RollbackAsync(Savepoint, CancellationToken.None);
            await transaction.ReleaseAsync(Savepoint, CancellationToken.None);
            if (ex is OperationCanceledException && stoppingToken.IsCancellationRequested)
            {
                // Stopped in the middle: not a failure, the event simply stays pending for the next start.
                return new EventOutcome(false, 0);
            }

            LogHandlerFailed(Logger, ex, inboxEvent.EventName, inboxEvent.Id, inboxEvent.Attempts + 1);
            await InboxStore.RecordFailureAsync(
                connection, transaction, inboxEvent.Id, $"{ex.GetType().Name}: {ex.Message}", _options.MaxAttempts, _options.RetryBaseDelay, now);
            return new EventOutcome(false, 0);
        }
    }

    private readonly record struct EventOutcome(bool Handled, int RepliesQueued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reply to {EventName} (inbox {InboxId}) was longer than {MaxParts} messages and was cut")]
    private static partial void LogReplyCut(ILogger logger, string eventName, long inboxId, int maxParts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {EventName} (inbox {InboxId}) failed on attempt {Attempt}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string eventName, long inboxId, long attempt);
}
