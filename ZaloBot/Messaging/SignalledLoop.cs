namespace ZaloBot.Messaging;

/// <summary>
/// A background loop that works in rounds: it runs a round when its signal rings or the poll interval has passed,
/// and again at once when the round says more work may be waiting. A round that fails (the database locked, the disk
/// full) is logged and tried again after the poll interval rather than ending the loop.
/// </summary>
public abstract partial class SignalledLoop(WakeSignal signal, TimeSpan pollInterval, TimeProvider clock, ILogger logger) : BackgroundService
{
    private long _lastRoundTicks;

    /// <summary>What wakes the loop: new work, or a worker that ended.</summary>
    protected WakeSignal Signal { get; } = signal;

    protected TimeProvider Clock { get; } = clock;

    protected ILogger Logger { get; } = logger;

    /// <summary>When the loop last looked for work; readiness checks watch it.</summary>
    public DateTimeOffset LastRound => new(Interlocked.Read(ref _lastRoundTicks), TimeSpan.Zero);

    /// <summary>Runs once before the loop starts (crash recovery).</summary>
    protected virtual Task BeforeStartAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <summary>Does one round of work; true when more may be waiting already, so the next round starts at once.</summary>
    protected abstract Task<bool> RunRoundAsync(CancellationToken stoppingToken);

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
                    if (!await RunRoundAsync(stoppingToken))
                    {
                        await Signal.WaitAsync(pollInterval, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // Whatever the round had not committed stays queued for the next one.
                    LogRoundFailed(Logger, ex);
                    await Task.Delay(pollInterval, Clock, CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background worker could not read or update its queue; retrying")]
    protected static partial void LogRoundFailed(ILogger logger, Exception exception);
}
