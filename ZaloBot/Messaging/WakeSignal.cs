namespace ZaloBot.Messaging;

/// <summary>Wakes a background worker as soon as there is work, instead of waiting for its next poll.</summary>
public class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // One pending wake-up is enough: the worker takes everything that is due when it runs. Looking first spares
        // the exception a full semaphore throws, which costs more than the rest of a wake-up (there are hundreds a
        // second); the race with another Notify is settled by catching it.
        if (_signal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Rung by the webhook when it stores an event.</summary>
public sealed class DispatchSignal : WakeSignal;

/// <summary>Rung when outbox rows are queued; wakes the sender of the lane they go by.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly WakeSignal _replies = new();
    private readonly WakeSignal _announcements = new();

    public WakeSignal Of(OutboxLane lane) => lane == OutboxLane.Replies ? _replies : _announcements;

    public void Notify(OutboxLane lane) => Of(lane).Notify();

    /// <summary>For rows of either lane (failed messages put back to be sent again).</summary>
    public void NotifyAll()
    {
        _replies.Notify();
        _announcements.Notify();
    }

    public void Dispose()
    {
        _replies.Dispose();
        _announcements.Dispose();
    }
}
