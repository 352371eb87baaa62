namespace ZaloBot.Messaging;

/// <summary>
/// Callers waiting on a background loop's rounds (tests that must see that nothing more happens, without waiting a
/// while): a round takes those waiting when it starts, then completes them, or hands them back to a later round when
/// it cannot answer for everything that was due.
/// </summary>
internal sealed class RoundWaiters
{
    private readonly Lock _lock = new();
    private List<TaskCompletionSource> _waiting = [];

    public Task Add()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiting.Add(waiter);
        }

        return waiter.Task;
    }

    /// <summary>Those waiting now, for the round that starts.</summary>
    public List<TaskCompletionSource> TakeAll()
    {
        lock (_lock)
        {
            var taken = _waiting;
            _waiting = [];
            return taken;
        }
    }

    /// <summary>Back to waiting, for the next round.</summary>
    public void HandBack(List<TaskCompletionSource> waiters)
    {
        lock (_lock)
        {
            _waiting.AddRange(waiters);
        }
    }
}
