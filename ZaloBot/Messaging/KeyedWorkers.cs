using System.Collections.Concurrent;

namespace ZaloBot.Messaging;

/// <summary>
/// A background loop over a durable queue whose items belong to keys (conversations, recipients): one worker at a
/// time per key keeps that key's items in order, workers of different keys run in parallel up to a limit, and a
/// slow key never holds up the others. The loop wakes on its signal or after the poll interval.
/// </summary>
public abstract partial class KeyedBackgroundWorker<T>(WakeSignal signal, int parallelism, TimeSpan pollInterval, TimeProvider clock, ILogger logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly SemaphoreSlim _slots = new(parallelism);
    private long _lastRoundTicks;

    protected TimeProvider Clock { get; } = clock;

    protected ILogger Logger { get; } = logger;

    /// <summary>When the loop last looked for work; readiness checks watch it.</summary>
    public DateTimeOffset LastRound => new(Interlocked.Read(ref _lastRoundTicks), TimeSpan.Zero);

    /// <summary>Items due now, in the order each key's items must be handled.</summary>
    protected abstract Task<IReadOnlyList<T>> FetchDueAsync(CancellationToken cancellationToken);

    protected abstract string KeyOf(T item);

    /// <summary>The most items <see cref="FetchDueAsync"/> returns; a round that got this many looks again at once.</summary>
    protected virtual int FetchLimit => int.MaxValue;

    /// <summary>Handles one key's items in order; stops early when one must wait for a retry.</summary>
    protected abstract Task ProcessAsync(IReadOnlyList<T> items, CancellationToken stoppingToken);

    /// <summary>Runs once before the loop starts (crash recovery).</summary>
    protected virtual Task BeforeStartAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await BeforeStartAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                Interlocked.Exchange(ref _lastRoundTicks, Clock.GetUtcNow().UtcTicks);
                try
                {
                    var due = await FetchDueAsync(stoppingToken);
                    var started = await StartWorkersAsync(due, stoppingToken);
                    // Only a full batch can have more behind it. Otherwise every due item has a worker now, or waits
                    // for its key's running worker, which rings the signal when it ends, as new items do; looking
                    // again at once would read the items just started, once more per item (issue 8).
                    if (started == 0 || due.Count < FetchLimit)
                    {
                        await signal.WaitAsync(pollInterval, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // The database itself failed (locked, disk full): wait and try again rather than die.
                    LogRoundFailed(Logger, ex);
                    await Task.Delay(pollInterval, Clock, CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Workers see the same cancellation; whatever they had not finished stays in the queue.
            await Task.WhenAll(_running.Values);
        }
    }

    private async Task<int> StartWorkersAsync(IReadOnlyList<T> items, CancellationToken stoppingToken)
    {
        var started = 0;
        foreach (var group in items.GroupBy(KeyOf))
        {
            if (_running.ContainsKey(group.Key))
            {
                continue;
            }

            await _slots.WaitAsync(stoppingToken);

            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running[group.Key] = finished.Task;
            var batch = group.ToList();
            _ = Task.Run(async () =>
            {
                try
                {
                    await ProcessAsync(batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRoundFailed(Logger, ex);
                }
                finally
                {
                    _running.TryRemove(group.Key, out _);
                    _slots.Release();
                    finished.SetResult();
                    // Wake the loop: this key may have more items waiting.
                    signal.Notify();
                }
            }, CancellationToken.None);
            started++;
        }

        return started;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background worker could not read or update its queue; retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
