using System.Text.Json;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// Takes pending inbox events and runs them through the router. Each event is handled in one transaction with
/// its replies and its inbox row turning "done", so a crash leaves it pending and it runs again after restart.
/// Each conversation (a user or a group) is handled in arrival order; different conversations run in parallel.
/// </summary>
public sealed partial class Dispatcher(
    Db db,
    InboxStore inbox,
    EventRouter router,
    DispatchSignal signal,
    OutboxSignal outboxSignal,
    TimeProvider clock,
    IOptions<MessagingOptions> options,
    ILogger<Dispatcher> logger)
    : KeyedBackgroundWorker<InboxEvent>(signal, options.Value.DispatcherParallelism, options.Value.DispatcherPollInterval, clock, logger)
{
    private readonly MessagingOptions _options = options.Value;

    protected override Task<IReadOnlyList<InboxEvent>> FetchDueAsync(CancellationToken cancellationToken) =>
        inbox.GetRunnableAsync(_options.DispatcherBatchSize, cancellationToken);

    protected override string KeyOf(InboxEvent item) => item.ConversationKey;

    protected override int FetchLimit => _options.DispatcherBatchSize;

    protected override async Task ProcessAsync(IReadOnlyList<InboxEvent> items, CancellationToken stoppingToken)
    {
        foreach (var inboxEvent in items)
        {
            // A failed event stops its conversation until its retry, so later events cannot overtake it.
            if (stoppingToken.IsCancellationRequested || !await HandleAsync(inboxEvent, stoppingToken))
            {
                return;
            }
        }
    }

    private async Task<bool> HandleAsync(InboxEvent inboxEvent, CancellationToken stoppingToken)
    {
        try
        {
            await using var connection = await db.OpenAsync(stoppingToken);
            // The handler runs inside this process's write turn: it writes through the context, never takes the turn.
            using var turn = await db.TakeWriteTurnAsync(stoppingToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            // The loop's fetch can read an event as pending just before its previous worker commits it, then start a
            // new worker for it once that worker has finished. Under the write lock, a done event is simply skipped,
            // so no handler ever sees one event twice (the guides' "Quay lại" would go back two steps).
            if (!await InboxStore.IsPendingAsync(connection, transaction, inboxEvent.Id))
            {
                return true;
            }

            var zaloEvent = ParseStored(inboxEvent.Body);
            var now = Clock.GetUtcNow();
            var context = new EventContext(zaloEvent, inboxEvent.Id, connection, transaction, now);
            // Echoes are the OA's own messages coming back: routing them would make the bot answer itself.
            if (zaloEvent is not OaEchoEvent)
            {
                await router.RouteAsync(context, stoppingToken);
            }

            await InboxStore.MarkDoneAsync(connection, transaction, inboxEvent.Id, now.ToUnixTimeMilliseconds());
            await transaction.CommitAsync(stoppingToken);
            if (context.RepliesQueued > 0)
            {
                outboxSignal.Notify();
            }

            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(Logger, ex, inboxEvent.EventName, inboxEvent.Id, inboxEvent.Attempts + 1);
            try
            {
                await inbox.RecordFailureAsync(inboxEvent.Id, $"{ex.GetType().Name}: {ex.Message}", _options.MaxAttempts, _options.RetryBaseDelay, CancellationToken.None);
            }
            catch (Exception recordEx)
            {
                // The event stays pending with its old attempt count and is simply tried again.
                LogRecordFailed(Logger, recordEx, inboxEvent.Id);
            }

            return false;
        }
    }

    private static ZaloEvent ParseStored(string body)
    {
        using var document = JsonDocument.Parse(body);
        return ZaloEventParser.Parse(document.RootElement);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling {EventName} (inbox {InboxId}) failed on attempt {Attempt}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string eventName, long inboxId, long attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failure of inbox {InboxId}; it will run again")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, long inboxId);
}
