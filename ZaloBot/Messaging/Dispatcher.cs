using System.Text.Json;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// Takes pending inbox events and runs them through the router. Each event is handled in one transaction with
/// its inbox row turning "done", so a crash leaves it pending and it runs again after restart. Events of one
/// conversation run one after another in arrival order; different conversations run in parallel.
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
    private long _lastRoundTicks;

    /// <summary>When the dispatcher last started a round; the readiness check watches it.</summary>
    public DateTimeOffset LastRound => new(Interlocked.Read(ref _lastRoundTicks), TimeSpan.Zero);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _lastRoundTicks, clock.GetUtcNow().UtcTicks);
            try
            {
                var handled = await RunRoundAsync(stoppingToken);
                if (handled == 0)
                {
                    await signal.WaitAsync(_options.DispatcherPollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database itself failed (locked, disk full): wait and try again rather than die.
                LogRoundFailed(ex);
                await Task.Delay(_options.DispatcherPollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Handles every event that is due now; returns how many were taken.</summary>
    public async Task<int> RunRoundAsync(CancellationToken cancellationToken)
    {
        var events = await inbox.GetRunnableAsync(_options.DispatcherBatchSize, cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var conversations = events.GroupBy(e => e.ConversationKey).Select(g => g.ToList());
        await Parallel.ForEachAsync(
            conversations,
            new ParallelOptions { MaxDegreeOfParallelism = _options.DispatcherParallelism, CancellationToken = cancellationToken },
            async (conversation, ct) =>
            {
                foreach (var inboxEvent in conversation)
                {
                    // A failed event stops its conversation until its retry, so later events cannot overtake it.
                    if (!await HandleAsync(inboxEvent, ct))
                    {
                        break;
                    }
                }
            });
        return events.Count;
    }

    private async Task<bool> HandleAsync(InboxEvent inboxEvent, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var zaloEvent = ParseStored(inboxEvent.Body);
            var now = clock.GetUtcNow();
            if (zaloEvent is not OaEchoEvent)
            {
                await router.RouteAsync(new EventContext(zaloEvent, inboxEvent.Id, connection, transaction, now), cancellationToken);
            }

            await InboxStore.MarkDoneAsync(connection, transaction, inboxEvent.Id, now.ToUnixTimeMilliseconds());
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, inboxEvent.EventName, inboxEvent.Id, inboxEvent.Attempts + 1);
            await inbox.RecordFailureAsync(inboxEvent.Id, $"{ex.GetType().Name}: {ex.Message}", _options.MaxAttempts, _options.RetryBaseDelay, CancellationToken.None);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatcher round failed; retrying")]
    private partial void LogRoundFailed(Exception exception);
}
