using System.Threading.RateLimiting;
using Polly;
using Polly.RateLimiting;

namespace ZaloBot.Zalo;

/// <summary>Where a Zalo call waits when the send rate limit has no token for it.</summary>
public enum ZaloSendPriority
{
    /// <summary>A reply to a person, and every call that is not an announcement send: waits only behind other urgent calls.</summary>
    Urgent,

    /// <summary>An announcement send: gets a token only when no urgent call is waiting for one.</summary>
    Bulk,
}

/// <summary>
/// The token bucket behind the send rate limit: <c>SendsPerSecond</c> calls a second, the rest queue, urgent calls
/// ahead of bulk ones and each kind oldest first. It is refilled in small steps (a token at a time, or every 10 ms at
/// high rates), not once a second: with a one-second refill, a call that found the bucket empty waited for the next
/// second, so while an announcement kept the bucket empty a resident's reply could wait up to a second. The bucket
/// holds a tenth of a second's calls, so no second sees much more than the rate. There are two queues because in one
/// a reply would also wait for every announcement send queued before it.
/// </summary>
/// <remarks>
/// Tokens are counted from the clock, in whole steps since the limiter was made, whenever a call comes or a step
/// ends; a one-shot timer set to the next step's end runs only while calls wait, and is set again at each step, so a
/// late or early tick costs no token and no step. Every change happens under one lock: a cancelled call leaves the
/// queue before a token could be given to it, and a token is only taken by a call that gets it.
/// </remarks>
internal sealed class ZaloSendRateLimiter : IDisposable
{
    /// <summary>The request option <see cref="ZaloClient"/> sets; a request without it is urgent.</summary>
    public static readonly HttpRequestOptionsKey<ZaloSendPriority> PriorityOption = new("ZaloBot.Zalo.SendPriority");

    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _urgent = new();
    private readonly LinkedList<Waiter> _bulk = new();
    private readonly TimeProvider _clock;
    private readonly long _startedAt;
    private readonly ITimer _timer;
    private readonly TimeSpan _step;
    private readonly int _tokensPerStep;
    private readonly int _bucketSize;
    private readonly int _urgentReserve;
    private readonly int _queueLimit;
    private int _tokens;
    private long _stepsCounted;
    private bool _disposed;

    public ZaloSendRateLimiter(ZaloClientOptions options, TimeProvider clock)
    {
        var perSecond = options.SendsPerSecond;
        _tokensPerStep = (perSecond + 99) / 100;
        _bucketSize = Math.Max(_tokensPerStep, perSecond / 10);
        // Bulk calls leave a step's tokens in the bucket when it holds more than that (100/s and above): a reply that
        // comes while an announcement keeps the bucket low takes one at once instead of waiting for the next step,
        // and the announcement still gets every token the replies do not use.
        _urgentReserve = _bucketSize > _tokensPerStep ? _tokensPerStep : 0;
        // Rounded up, so that the steps never add up to more than the rate.
        _step = TimeSpan.FromTicks(((TimeSpan.TicksPerSecond * _tokensPerStep) + perSecond - 1) / perSecond);
        _queueLimit = options.SendQueueLimit;
        _tokens = _bucketSize;
        _clock = clock;
        _startedAt = clock.GetTimestamp();
        _timer = clock.CreateTimer(_ => OnStepEnd(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The resilience pipeline's way in: the priority is the one the client set on the request.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(RateLimiterArguments args)
    {
        var priority = args.Context.GetRequestMessage()?.Options.TryGetValue(PriorityOption, out var marked) == true
            ? marked
            : ZaloSendPriority.Urgent;
        return AcquireAsync(priority, args.Context.CancellationToken);
    }

    /// <summary>A token now, or when one comes for this call; a lease that is not acquired when the queue is full.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(ZaloSendPriority priority, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        LinkedListNode<Waiter> waiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            RefillAndGrant();
            if (_tokens > ReserveFor(priority))
            {
                _tokens--;
                return ValueTask.FromResult<RateLimitLease>(Lease.Granted);
            }

            if (_urgent.Count + _bulk.Count >= _queueLimit)
            {
                return ValueTask.FromResult<RateLimitLease>(Lease.Refused);
            }

            waiter = (priority == ZaloSendPriority.Bulk ? _bulk : _urgent).AddLast(new Waiter());
            SetTimerToStepEnd();
        }

        // Registered once queued, outside the lock (an already cancelled token runs Cancel at once, which takes it).
        var registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        lock (_lock)
        {
            if (waiter.List is null)
            {
                // Granted meanwhile, or cancelled by Register itself: nothing is left to cancel.
                registration.Unregister();
            }
            else
            {
                waiter.Value.Cancellation = registration;
            }
        }

        return new ValueTask<RateLimitLease>(waiter.Value.Task);
    }

    /// <summary>Calls still waiting are refused rather than left hanging, as <see cref="TokenBucketRateLimiter"/> does.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            foreach (var waiter in _urgent.Concat(_bulk))
            {
                waiter.Cancellation.Unregister();
                waiter.TrySetResult(Lease.Refused);
            }

            _urgent.Clear();
            _bulk.Clear();
        }
    }

    /// <summary>Adds the tokens of the steps ended since the last count, up to the bucket, and hands them out.</summary>
    private void RefillAndGrant()
    {
        var steps = _clock.GetElapsedTime(_startedAt).Ticks / _step.Ticks;
        _tokens = (int)Math.Min(_bucketSize, _tokens + ((steps - _stepsCounted) * _tokensPerStep));
        _stepsCounted = steps;
        while ((_urgent.First is { } urgent && _tokens > 0 ? urgent : _tokens > _urgentReserve ? _bulk.First : null) is { } next)
        {
            next.List!.Remove(next);
            _tokens--;
            // Unregister, not Dispose: Dispose would wait for a Cancel that is waiting for this lock.
            next.Value.Cancellation.Unregister();
            next.Value.TrySetResult(Lease.Granted);
        }
    }

    private int ReserveFor(ZaloSendPriority priority) => priority == ZaloSendPriority.Bulk ? _urgentReserve : 0;

    private void OnStepEnd()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            RefillAndGrant();
            if (_urgent.Count + _bulk.Count > 0)
            {
                SetTimerToStepEnd();
            }
        }
    }

    private void SetTimerToStepEnd()
    {
        var intoStep = _clock.GetElapsedTime(_startedAt).Ticks % _step.Ticks;
        _timer.Change(TimeSpan.FromTicks(_step.Ticks - intoStep), Timeout.InfiniteTimeSpan);
    }

    private void Cancel(LinkedListNode<Waiter> waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Not in a queue any more: it has its lease.
            if (waiter.List is null)
            {
                return;
            }

            waiter.List.Remove(waiter);
            waiter.Value.TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>A queued call. Its continuations run elsewhere, so completing it under the lock runs no caller code.</summary>
    private sealed class Waiter() : TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CancellationTokenRegistration Cancellation { get; set; }
    }

    private sealed class Lease(bool isAcquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(isAcquired: true);
        public static readonly Lease Refused = new(isAcquired: false);

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
