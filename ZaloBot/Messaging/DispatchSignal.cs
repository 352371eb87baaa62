namespace ZaloBot.Messaging;

/// <summary>Wakes the dispatcher as soon as the webhook stores an event, instead of waiting for its next poll.</summary>
public sealed class DispatchSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // One pending wake-up is enough: the dispatcher drains everything that is due when it runs.
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
