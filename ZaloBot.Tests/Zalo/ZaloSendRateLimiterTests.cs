using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.RateLimiting;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

/// <summary>
/// A call that finds the bucket empty waits for one step's token, not a whole second, and a reply waiting
/// for a token gets it before the announcement sends waiting with it, or at once from the step's tokens that
/// announcement sends leave in the bucket. The clock is fake and moved by hand: a call is granted exactly when its
/// task completes.
/// </summary>
public sealed class ZaloSendRateLimiterTests
{
    // At 100 calls a second: a token every 10 ms, a bucket of 10.
    private const int Rate = 100;
    private const int Bucket = 10;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly FakeTimeProvider _clock = new();

    private ZaloSendRateLimiter NewLimiter(int sendsPerSecond = Rate, int queueLimit = 10_000) =>
        new(new ZaloClientOptions { SendsPerSecond = sendsPerSecond, SendQueueLimit = queueLimit }, _clock);

    private static void EmptyTheBucket(ZaloSendRateLimiter limiter, int bucket = Bucket)
    {
        for (var i = 0; i < bucket; i++)
        {
            var call = limiter.AcquireAsync(ZaloSendPriority.Urgent);
            Assert.That(call.IsCompletedSuccessfully && call.Result.IsAcquired, Is.True, $"token {i + 1} of a full bucket");
        }
    }

    private static List<Task<RateLimitLease>> Queue(ZaloSendRateLimiter limiter, ZaloSendPriority priority, int count) =>
        Enumerable.Range(0, count).Select(_ => limiter.AcquireAsync(priority).AsTask()).ToList();

    private static int Granted(IEnumerable<Task<RateLimitLease>> calls) => calls.Count(c => c.IsCompletedSuccessfully && c.Result.IsAcquired);

    [Test]
    public void A_call_that_finds_the_bucket_empty_gets_the_next_steps_token()
    {
        using var limiter = NewLimiter();
        EmptyTheBucket(limiter);

        var call = limiter.AcquireAsync(ZaloSendPriority.Urgent).AsTask();
        _clock.Advance(Step - TimeSpan.FromTicks(1));
        Assert.That(call.IsCompleted, Is.False, "the step has not ended");

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(Granted([call]), Is.EqualTo(1));
    }

    [Test]
    public void A_reply_that_arrives_after_waiting_announcement_sends_gets_the_next_token_first()
    {
        using var limiter = NewLimiter();
        EmptyTheBucket(limiter);
        var announcement = Queue(limiter, ZaloSendPriority.Bulk, 3);
        _clock.Advance(Step / 2);

        var reply = limiter.AcquireAsync(ZaloSendPriority.Urgent).AsTask();
        _clock.Advance(Step / 2);

        Assert.That(Granted([reply]), Is.EqualTo(1), "the reply got the step's token");
        Assert.That(announcement.Select(c => c.IsCompleted), Has.All.False);

        _clock.Advance(Step);
        Assert.That(announcement.Select(c => c.IsCompleted), Has.All.False, "the next step's token is kept for replies");
        _clock.Advance(Step);
        Assert.That(announcement.Select(c => c.IsCompleted), Is.EqualTo(new[] { true, false, false }), "then the announcement, oldest first");
    }

    // Announcement sends leave one step's tokens for replies when the bucket holds more than that: 1 at 100/s, 10 at
    // 1000/s; at 10/s the bucket holds only one step's token, and none is kept.
    [TestCase(10, 20)]
    [TestCase(100, 199)]
    [TestCase(1000, 1990)]
    public void Announcement_sends_alone_get_the_whole_rate_but_the_tokens_kept_for_replies(int sendsPerSecond, int grantedInTwoSeconds)
    {
        using var limiter = NewLimiter(sendsPerSecond);
        EmptyTheBucket(limiter, Math.Max(1, sendsPerSecond / 10));
        var announcement = Queue(limiter, ZaloSendPriority.Bulk, 3 * sendsPerSecond);

        for (var ms = 0; ms < 2000; ms++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.That(Granted(announcement), Is.EqualTo(grantedInTwoSeconds), "two seconds' tokens");
        Assert.That(Granted(announcement.Take(grantedInTwoSeconds)), Is.EqualTo(grantedInTwoSeconds), "oldest first");
    }

    [Test]
    public void With_replies_arriving_during_an_announcement_the_rate_is_used_but_never_exceeded_and_replies_rarely_wait()
    {
        using var limiter = NewLimiter();
        EmptyTheBucket(limiter);
        var announcement = Queue(limiter, ZaloSendPriority.Bulk, 300);
        var replies = new List<(Task<RateLimitLease> Call, int ArrivedAt)>();
        var repliesGrantedAt = new Dictionary<Task<RateLimitLease>, int>();

        for (var ms = 1; ms <= 2000; ms++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            if (ms % 15 == 0)
            {
                replies.Add((limiter.AcquireAsync(ZaloSendPriority.Urgent).AsTask(), ms));
            }

            foreach (var (call, _) in replies.Where(r => r.Call.IsCompleted && !repliesGrantedAt.ContainsKey(r.Call)))
            {
                repliesGrantedAt[call] = ms;
            }

            var granted = Granted(announcement) + Granted(replies.Select(r => r.Call));
            Assert.That(granted, Is.LessThanOrEqualTo(ms / 10), $"tokens handed out by {ms} ms");
        }

        Assert.That(Granted(announcement) + Granted(replies.Select(r => r.Call)), Is.GreaterThanOrEqualTo((2 * Rate) - 1),
            "no token went unused but the one kept for replies");
        Assert.That(replies.Select(r => repliesGrantedAt[r.Call] - r.ArrivedAt), Has.All.EqualTo(0),
            "every reply took the token kept for it at once");
    }

    [Test]
    public void A_full_queue_refuses_a_call_at_once_whatever_its_priority()
    {
        using var limiter = NewLimiter(queueLimit: 2);
        EmptyTheBucket(limiter);
        var waiting = Queue(limiter, ZaloSendPriority.Bulk, 2);

        var refused = new[] { limiter.AcquireAsync(ZaloSendPriority.Bulk).AsTask(), limiter.AcquireAsync(ZaloSendPriority.Urgent).AsTask() };

        Assert.That(refused.Select(c => c.IsCompletedSuccessfully && !c.Result.IsAcquired), Has.All.True, "refused at once, not queued");
        _clock.Advance(3 * Step);
        Assert.That(Granted(waiting), Is.EqualTo(2), "the refused calls took no place in the queue (after the step kept for replies)");
    }

    [Test]
    public async Task A_cancelled_call_leaves_the_queue_and_its_token_goes_to_the_next_call()
    {
        using var limiter = NewLimiter(queueLimit: 2);
        EmptyTheBucket(limiter);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(ZaloSendPriority.Urgent, cancel.Token).AsTask();
        var next = limiter.AcquireAsync(ZaloSendPriority.Urgent).AsTask();

        await cancel.CancelAsync();
        var last = limiter.AcquireAsync(ZaloSendPriority.Urgent).AsTask();
        _clock.Advance(Step);

        Assert.That(cancelled.IsCanceled, Is.True);
        Assert.That(Granted([next]), Is.EqualTo(1), "the step's token went to the next call");
        Assert.That(last.IsCompleted, Is.False, "the call queued in the cancelled call's place waits for the next step");
        _clock.Advance(Step);
        Assert.That(Granted([last]), Is.EqualTo(1));
    }

    [Test]
    public void A_request_the_client_marked_bulk_waits_behind_a_later_request_with_no_mark()
    {
        using var limiter = NewLimiter();
        using var bulkRequest = new HttpRequestMessage();
        bulkRequest.Options.Set(ZaloSendRateLimiter.PriorityOption, ZaloSendPriority.Bulk);
        using var otherRequest = new HttpRequestMessage();
        var bulkContext = ResilienceContextPool.Shared.Get();
        bulkContext.SetRequestMessage(bulkRequest);
        var otherContext = ResilienceContextPool.Shared.Get();
        otherContext.SetRequestMessage(otherRequest);
        EmptyTheBucket(limiter);

        var bulk = limiter.AcquireAsync(new RateLimiterArguments(bulkContext)).AsTask();
        var other = limiter.AcquireAsync(new RateLimiterArguments(otherContext)).AsTask();
        _clock.Advance(Step);

        Assert.That(Granted([other]), Is.EqualTo(1), "a call with no mark (user detail, OA info, quota) is urgent");
        Assert.That(bulk.IsCompleted, Is.False);
        ResilienceContextPool.Shared.Return(bulkContext);
        ResilienceContextPool.Shared.Return(otherContext);
    }
}
