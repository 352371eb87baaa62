using System.Diagnostics;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

/// <summary>Issue 8: a send that finds the bucket empty waits for one token, not for the next whole second.</summary>
public sealed class ZaloSendRateLimiterTests
{
    [Test]
    public async Task An_empty_bucket_lets_the_next_send_through_within_a_few_tokens_time()
    {
        using var limiter = ZaloSendRateLimiter.Create(new ZaloClientOptions { SendsPerSecond = 100 });
        // Empty the bucket (a tenth of a second's sends).
        while (true)
        {
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                break;
            }
        }

        var watch = Stopwatch.StartNew();
        using var next = await limiter.AcquireAsync();

        Assert.That(next.IsAcquired, Is.True);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(300)), "one token comes every 10 ms at 100 a second");
    }

    [Test]
    public async Task Over_a_second_the_rate_holds()
    {
        using var limiter = ZaloSendRateLimiter.Create(new ZaloClientOptions { SendsPerSecond = 50 });
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 80; i++)
        {
            using var lease = await limiter.AcquireAsync();
        }

        // A bucket of 5, then 50 a second: 75 more take 1.5 s.
        Assert.That(watch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(1.3)));
    }
}
