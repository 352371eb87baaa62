using System.Collections.Concurrent;

namespace ZaloBot.Messaging;

/// <summary>
/// Runs work for many keys (conversations, recipients) with at most one worker per key and a limit on workers
/// overall: one key's items stay in order, different keys go in parallel, and a slow key never blocks the rest.
/// </summary>
public sealed class KeyedWorkers<T>(int parallelism, Action workerFinished) : IDisposable
{
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly SemaphoreSlim _slots = new(parallelism);

    /// <summary>
    /// Starts a worker for each key in <paramref name="items"/> that has none yet; the worker gets that key's items
    /// in the order given. Returns how many workers started. Waits for a free slot when all are busy.
    /// </summary>
    public async Task<int> StartAsync(IEnumerable<T> items, Func<T, string> keyOf, Func<IReadOnlyList<T>, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var group in items.GroupBy(keyOf))
        {
            if (_running.ContainsKey(group.Key))
            {
                continue;
            }

            await _slots.WaitAsync(cancellationToken);
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running[group.Key] = finished.Task;
            var batch = group.ToList();
            _ = Task.Run(async () =>
            {
                try
                {
                    await work(batch, cancellationToken);
                }
                finally
                {
                    _running.TryRemove(group.Key, out _);
                    _slots.Release();
                    finished.SetResult();
                    workerFinished();
                }
            }, CancellationToken.None);
            started++;
        }

        return started;
    }

    /// <summary>Waits for the workers that are running now (at shutdown).</summary>
    public Task WhenAllAsync() => Task.WhenAll(_running.Values);

    public void Dispose() => _slots.Dispose();
}
