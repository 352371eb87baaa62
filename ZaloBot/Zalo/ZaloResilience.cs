using System.Net;
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
        AddStrategies(pipeline, options, limiter, AnswerIsTransientAsync);
    }

    /// <summary>
    /// The strategies, for any Zalo API whose answers say "try again" in their own way:
    /// <paramref name="answerIsTransient"/> reads a successful HTTP answer's body for it.
    /// </summary>
    public static void AddStrategies(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ZaloClientOptions options, ZaloSendRateLimiter limiter,
        Func<HttpResponseMessage, CancellationToken, ValueTask<bool>> answerIsTransient)
    {
        ValueTask<bool> IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) =>
            IsTransientAsync(outcome, answerIsTransient, cancellationToken);

        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => IsTransient(args.Outcome, args.Context.CancellationToken),
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            ShouldHandle = args => IsTransient(args.Outcome, args.Context.CancellationToken),
        });

        pipeline.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = limiter.AcquireAsync,
        });

        pipeline.AddTimeout(options.AttemptTimeout);
    }

    private static async ValueTask<bool> IsTransientAsync(
        Outcome<HttpResponseMessage> outcome, Func<HttpResponseMessage, CancellationToken, ValueTask<bool>> answerIsTransient,
        CancellationToken cancellationToken)
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

        return await answerIsTransient(response, cancellationToken);
    }

    private static async ValueTask<bool> AnswerIsTransientAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = await ZaloEnvelope.PeekErrorCodeAsync(response, cancellationToken);
        return code is { } c && c != 0 && ZaloErrorCodes.Classify(c) == ZaloErrorKind.Retryable;
    }
}
