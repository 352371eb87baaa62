using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;
using Polly.Timeout;

namespace ZaloBot.Zalo;

/// <summary>
/// The resilience pipeline of the Zalo API client, outermost first: retry (jittered exponential), circuit breaker,
/// send rate limiter, per-attempt timeout. Each retry is a new attempt through the limiter and the timeout.
/// What counts as transient: HTTP 5xx/408/429, transport errors, attempt timeouts, and -32/-100, which Zalo
/// sends inside HTTP 200 answers, so the predicate reads the body.
/// </summary>
internal static class ZaloResilience
{
    public const string PipelineName = "zalo-api";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<ZaloClientOptions>>().Value;
        var limiter = context.ServiceProvider.GetRequiredService<ZaloSendRateLimiter>();

        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => IsTransientAsync(args.Outcome, args.Context.CancellationToken),
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            ShouldHandle = args => IsTransientAsync(args.Outcome, args.Context.CancellationToken),
        });

        pipeline.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = args => limiter.Limiter.AcquireAsync(1, args.Context.CancellationToken),
        });

        pipeline.AddTimeout(options.AttemptTimeout);
    }

    public static async ValueTask<bool> IsTransientAsync(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        var code = await ZaloEnvelope.PeekErrorCodeAsync(response, cancellationToken);
        return code is { } c && c != 0 && ZaloErrorCodes.Classify(c) == ZaloErrorKind.Retryable;
    }
}

/// <summary>
/// The token bucket behind the send rate limit: <c>SendsPerSecond</c> calls a second, the rest queue. It is refilled
/// in small steps (a token at a time, or every 10 ms at high rates), not once a second: with a one-second refill, a
/// call that found the bucket empty waited for the next second, so while an announcement kept the bucket empty a
/// resident's reply waited 400 ms on average and up to a second (issue 8). The bucket holds a tenth of a second's
/// calls, so no second sees much more than the rate.
/// </summary>
internal sealed class ZaloSendRateLimiter(IOptions<ZaloClientOptions> options) : IDisposable
{
    public RateLimiter Limiter { get; } = Create(options.Value);

    public void Dispose() => Limiter.Dispose();

    internal static TokenBucketRateLimiter Create(ZaloClientOptions options)
    {
        var perSecond = options.SendsPerSecond;
        var tokensPerStep = (perSecond + 99) / 100;
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(tokensPerStep, perSecond / 10),
            TokensPerPeriod = tokensPerStep,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerStep / (double)perSecond),
            QueueLimit = options.SendQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
