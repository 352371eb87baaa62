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

    /// <summary>
    /// True when a worker's first steps, up to its first wait, are short (a claim, a request handed to the socket):
    /// then it starts on the round's own thread, sparing a hand-off to another thread per key, which costs more than
    /// those steps. Otherwise each worker starts on a thread-pool thread, so long steps of different keys run in parallel.
    /// </summary>
    protected virtual bool StartsWorkersOnRoundThread => false;

    /// <summary>One key's worker: handles its items, then frees its key and slot.</summary>
    private async Task RunWorkerAsync(string key, List<T> batch, CancellationToken stoppingToken)
    {
        try
        {
            if (!StartsWorkersOnRoundThread)
            {
                await Task.Yield();
            }

            await ProcessAsync(batch, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRoundFailed(Logger, ex);
        }
        finally
        {
            _running.TryRemove(key, out _);
            _slots.Release();
            if (_waiting.TryRemove(key, out _) || LooksAgainAfterEachWorker)
            {
                Signal.Notify();
            }
        }
    }

    /// <summary>
    /// Called in the round with the first item of each key it is about to start a worker for, before any of them
    /// starts; returns those whose workers may start (the others' keys wait for a later round). The outbox sender
    /// claims them here, all in one transaction, instead of each worker in a transaction of its own.
    /// </summary>
    protected virtual Task<IReadOnlyList<T>> BeginAsync(IReadOnlyList<T> firsts, CancellationToken stoppingToken) => Task.FromResult(firsts);

    /// <summary>Starts a worker for each free key (added to <paramref name="workers"/>); false when a key was busy.</summary>
    private async Task<bool> StartWorkersAsync(IReadOnlyList<T> items, List<Task> workers, CancellationToken stoppingToken)
    {
        var whole = true;
        // Keys given a slot, started together once no slot is free or every key has one.
        var starting = new List<List<T>>();
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

            if (!_slots.Wait(0, CancellationToken.None))
            {
                await StartAsync(starting, workers, stoppingToken);
                starting.Clear();
                await _slots.WaitAsync(stoppingToken);
            }

            starting.Add(group.ToList());
        }

        await StartAsync(starting, workers, stoppingToken);
        return whole;
    }

    /// <summary>Starts the workers of keys that hold a slot each, once <see cref="BeginAsync"/> has let them.</summary>
    private async Task StartAsync(List<List<T>> batches, List<Task> workers, CancellationToken stoppingToken)
    {
        if (batches.Count == 0)
        {
            return;
        }

        IReadOnlyList<T> begun;
        try
        {
            begun = await BeginAsync([.. batches.Select(batch => batch[0])], stoppingToken);
        }
        catch
        {
            _slots.Release(batches.Count);
            throw;
        }

        var mayStart = begun.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            var key = KeyOf(batch[0]);
            if (!mayStart.Contains(key))
            {
                _slots.Release();
                continue;
            }

            _running[key] = Task.CompletedTask;
            var worker = RunWorkerAsync(key, batch, stoppingToken);
            _running.TryUpdate(key, worker, Task.CompletedTask);
            workers.Add(worker);
        }
    }
}
