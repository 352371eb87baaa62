namespace ZaloBot.Messaging;

/// <summary>
/// Whether the outbox sender calls Zalo now. When Zalo's circuit breaker opens (repeated failures: Zalo is down), both
/// lanes stop taking messages until the breaker lets a trial call through, instead of spending sends it would only
/// refuse. Then one message goes as the trial — a reply when one is due, an announcement message only when no reply
/// waits — and the first send Zalo accepts ends the pause and wakes both lanes. Readiness reports the pause.
/// </summary>
public sealed class SendPause(TimeProvider clock, OutboxSignal signal)
{
    private readonly Lock _lock = new();
    private volatile bool _paused;
    private DateTimeOffset _since;
    private DateTimeOffset _until;
    private bool _trialInFlight;

    // Until the reply lane has looked since the pause began, a reply may be due: the announcement lane waits.
    private bool _repliesDue;

    /// <summary>When the pause began; null while sending goes on.</summary>
    public DateTimeOffset? Since
    {
        get
        {
            lock (_lock)
            {
                return _paused ? _since : null;
            }
        }
    }

    /// <summary>The circuit refused a send: no lane takes messages until <paramref name="retryAfter"/> has passed.</summary>
    public void Pause(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (!_paused)
            {
                _since = now;
            }

            _paused = true;
            _until = now + retryAfter;
            _trialInFlight = false;
            _repliesDue = true;
        }
    }

    /// <summary>Zalo accepted a send: a pause ends, and both lanes wake (the reply lane first).</summary>
    public void Resume()
    {
        if (!_paused)
        {
            return;
        }

        lock (_lock)
        {
            _paused = false;
            _trialInFlight = false;
        }

        signal.Notify(OutboxLane.Replies);
        signal.Notify(OutboxLane.Announcements);
    }

    /// <summary>A trial send ended without an answer from Zalo (nor a refusal from the circuit): another may go.</summary>
    public void TrialFailed()
    {
        lock (_lock)
        {
            _trialInFlight = false;
        }
    }

    /// <summary>
    /// How many messages <paramref name="lane"/> may read now: all it wants, one (the trial), or none. The reply lane
    /// says with <paramref name="repliesDue"/>, after it has looked, whether it found any.
    /// </summary>
    public int Allowance(OutboxLane lane, int wanted)
    {
        if (!_paused)
        {
            return wanted;
        }

        lock (_lock)
        {
            if (!_paused)
            {
                return wanted;
            }

            var trialPossible = !_trialInFlight && clock.GetUtcNow() >= _until;
            return trialPossible && (lane == OutboxLane.Replies || !_repliesDue) ? 1 : 0;
        }
    }

    /// <summary>The reply lane's look while paused: whether a reply is due, so the announcement lane lets it go first.</summary>
    public void RepliesLooked(bool due)
    {
        if (!_paused)
        {
            return;
        }

        lock (_lock)
        {
            _repliesDue = due;
        }
    }

    /// <summary>Before each send: true when it may go now; while paused, only the one trial send may.</summary>
    public bool TryBeginSend()
    {
        if (!_paused)
        {
            return true;
        }

        lock (_lock)
        {
            if (!_paused)
            {
                return true;
            }

            if (_trialInFlight || clock.GetUtcNow() < _until)
            {
                return false;
            }

            _trialInFlight = true;
            return true;
        }
    }
}
