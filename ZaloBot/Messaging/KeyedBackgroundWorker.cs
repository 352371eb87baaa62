using System.Collections.Concurrent;

namespace ZaloBot.Messaging;

/// <summary>
/// A background loop over a durable queue whose items belong to keys (conversations, recipients): one worker at a
/// time per key keeps that key's items in order, workers of different keys run in parallel up to a limit, and a
/// slow key never holds up the others. The loop wakes on its signal or after the poll interval, and when a worker ends
/// whose key has items that a round had to leave waiting for it.
/// </summary>
public abstract class KeyedBackgroundWorker<T>(WakeSignal signal, int parallelism, TimeSpan pollInterval, TimeProvider clock, ILogger logger)
    : SignalledLoop(signal, pollInterval, clock, logger)
{
    private readonly ConcurrentDictionary<string, Task> _running = new();

    // Keys a round found running while it had items for them: the worker rings the signal when it ends.
    private readonly ConcurrentDictionary<string, bool> _waiting = new();
    private readonly SemaphoreSlim _slots = new(parallelism);
    private readonly RoundWaiters _roundWaiters = new();

    /// <summary>Items due now, in the order each key's items must be handled.</summary>
    protected abstract Task<IReadOnlyList<T>> FetchDueAsync(CancellationToken cancellationToken);

    protected abstract string KeyOf(T item);

    /// <summary>The most items <see cref="FetchDueAsync"/> returns; a round that got this many looks again at once.</summary>
    protected virtual int FetchLimit => int.MaxValue;

    /// <summary>Handles one key's items in order; stops early when one must wait for a retry.</summary>
    protected abstract Task ProcessAsync(IReadOnlyList<T> items, CancellationToken stoppingToken);

    /// <summary>
    /// True to look for work again as soon as any worker ends (a worker that paces itself). Otherwise only a worker
    /// whose key had items left waiting does: ringing after every worker cost a needless round (a query) per item.
    /// </summary>
    protected virtual bool LooksAgainAfterEachWorker => false;

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
            await base.ExecuteAsync(stoppingToken);
        }
        finally
        {
            // Workers see the same cancellation; whatever they had not finished stays in the queue.
            await Task.WhenAll(_running.Values);
        }
    }

    /// <summary>
    /// Completes once a round that started after the call has found no due key busy and every worker it started has
    /// ended: whatever was due by then has had a whole turn of its own. Lets a test see that nothing more happens
    /// without waiting a while.
    /// </summary>
    public Task WhenRoundDoneAsync()
    {
        var done = _roundWaiters.Add();
        Signal.Notify();
        return done;
    }

    protected override async Task<bool> RunRoundAsync(CancellationToken stoppingToken)
    {
        var waiters = _roundWaiters.TakeAll();
        var whole = false;
        var workers = new List<Task>();
        try
        {
            var due = await FetchDueAsync(stoppingToken);
            whole = await StartWorkersAsync(due, workers, stoppingToken);
            // Only a full batch can have more behind it. Otherwise every due item has a worker now, or waits for its
            // key's running worker, which rings the signal when it ends, as new items do; looking again at once would
            // read the items just started, once more per item.
            return workers.Count > 0 && due.Count >= FetchLimit;
        }
        finally
        {
            SettleRoundWaiters(waiters, whole, workers);
        }
    }

    /// <summary>
    /// Completes the waiters when the round's workers end. When a due key was busy (or the round failed) they wait for the
    /// next round, which that worker's end rings for (or the poll interval brings).
    /// </summary>
    private void SettleRoundWaiters(List<TaskCompletionSource> waiters, bool whole, List<Task> workers)
    {
        if (waiters.Count == 0)
        {
            return;
        }

        if (whole)
        {
            _ = Task.WhenAll(workers).ContinueWith(_ => waiters.ForEach(w => w.TrySetResult()), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }

        _roundWaiters.HandBack(waiters);
    }

    /// <summary>Starts a worker for each free key (added to <paramref name="workers"/>); false when a key was busy.</summary>
    private async Task<bool> StartWorkersAsync(IReadOnlyList<T> items, List<Task> workers, CancellationToken stoppingToken)
    {
        var whole = true;
        foreach (var group in items.GroupBy(KeyOf))
        {
            if (_running.ContainsKey(group.Key))
            {
                whole = false;
                _waiting[group.Key] = true;
                // The worker may have ended between the two looks without seeing the mark: then look again at once.
                if (!_running.ContainsKey(group.Key) && _waiting.TryRemove(group.Key, out _))
                {
                    Signal.Notify();
                }

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
                    if (_waiting.TryRemove(group.Key, out _) || LooksAgainAfterEachWorker)
                    {
                        Signal.Notify();
                    }
                }
            }, CancellationToken.None);
            workers.Add(finished.Task);
        }

        return whole;
    }
}
