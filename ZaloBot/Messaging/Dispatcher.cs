using System.Text.Json;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// Takes pending inbox events and runs them through the router. Each event is handled in one transaction with
/// its inbox row turning "done", so a crash leaves it pending and it runs again after restart. Each conversation
/// (a user or a group) gets one worker at a time that handles its events in arrival order; workers of different
/// conversations run in parallel, so a slow conversation never holds up the others.
/// </summary>
public sealed partial class Dispatcher(
    Db db,
    InboxStore inbox,
    EventRouter router,
    DispatchSignal signal,
    TimeProvider clock,
    IOptions<MessagingOptions> options,
    ILogger<Dispatcher> logger) : BackgroundService
{
    private readonly MessagingOptions _options = options.Value;
    private readonly KeyedWorkers<InboxEvent> _workers = new(options.Value.DispatcherParallelism, signal.Notify);
    private long _lastRoundTicks;

    /// <summary>When the dispatcher last looked for work; the readiness check watches it.</summary>
    public DateTimeOffset LastRound => new(Interlocked.Read(ref _lastRoundTicks), TimeSpan.Zero);

    public override void Dispose()
    {
        _workers.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Interlocked.Exchange(ref _lastRoundTicks, clock.GetUtcNow().UtcTicks);
                try
                {
                    var due = await inbox.GetRunnableAsync(_options.DispatcherBatchSize, stoppingToken);
                    // A finished worker wakes the loop: its conversation may have more events waiting.
                    if (await _workers.StartAsync(due, e => e.ConversationKey, RunConversationAsync, stoppingToken) == 0)
                    {
                        await signal.WaitAsync(_options.DispatcherPollInterval, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // The database itself failed (locked, disk full): wait and try again rather than die.
                    LogRoundFailed(ex);
                    await Task.Delay(_options.DispatcherPollInterval, clock, CancellationToken.None);
                }
            }
        }
        finally
        {
            // Workers see the same cancellation; their open transactions roll back and the events stay pending.
            await _workers.WhenAllAsync();
        }
    }

    private async Task RunConversationAsync(IReadOnlyList<InboxEvent> events, CancellationToken stoppingToken)
    {
        foreach (var inboxEvent in events)
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
            await using var transaction = connection.BeginTransaction(deferred: false);
            var zaloEvent = ParseStored(inboxEvent.Body);
            var now = clock.GetUtcNow();
            // Echoes are the OA's own messages coming back: routing them would make the bot answer itself.
            if (zaloEvent is not OaEchoEvent)
            {
                await router.RouteAsync(new EventContext(zaloEvent, inboxEvent.Id, connection, transaction, now), stoppingToken);
            }

            await InboxStore.MarkDoneAsync(connection, transaction, inboxEvent.Id, now.ToUnixTimeMilliseconds());
            await transaction.CommitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, inboxEvent.EventName, inboxEvent.Id, inboxEvent.Attempts + 1);
            try
            {
                await inbox.RecordFailureAsync(inboxEvent.Id, $"{ex.GetType().Name}: {ex.Message}", _options.MaxAttempts, _options.RetryBaseDelay, CancellationToken.None);
            }
            catch (Exception recordEx)
            {
                // The event stays pending with its old attempt count and is simply tried again.
                LogRoundFailed(recordEx);
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
    private partial void LogHandlerFailed(Exception exception, string eventName, long inboxId, long attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatcher could not read or update the inbox; retrying")]
    private partial void LogRoundFailed(Exception exception);
}
