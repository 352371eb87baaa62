using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace ZaloBot.Zalo;

/// <summary>Sending through a Zalo client's resilience pipeline, with what it throws turned into <see cref="ZaloApiException"/>.</summary>
internal static class ZaloTransport
{
    /// <summary>
    /// <paramref name="label"/> names the call in messages. When <paramref name="addressIsSecret"/> (the Bot Platform
    /// puts its token in the address), a transport error's own message, which may quote the address, is left out.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpRequestMessage request, string label, bool addressIsSecret, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ZaloApiException(ZaloErrorCodes.Timeout, $"{label}: no answer within the attempt timeout", ZaloErrorKind.Retryable, ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new ZaloApiException(ZaloErrorCodes.CircuitOpen, $"{label}: circuit open after repeated failures", ZaloErrorKind.Retryable, ex)
            {
                RetryAfter = ex.RetryAfter,
            };
        }
        catch (RateLimiterRejectedException ex)
        {
            throw new ZaloApiException(ZaloErrorCodes.Throttled, $"{label}: send queue full", ZaloErrorKind.Retryable, ex);
        }
        catch (HttpRequestException ex)
        {
            var code = ex.StatusCode is { } status ? (int)status : ZaloErrorCodes.Unreachable;
            throw addressIsSecret
                ? new ZaloApiException(code, $"{label}: could not be reached ({ex.HttpRequestError})", ZaloErrorKind.Retryable)
                : new ZaloApiException(code, $"{label}: {ex.Message}", ZaloErrorKind.Retryable, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout (the whole call, queue and retries included) rather than the caller's token.
            throw new ZaloApiException(ZaloErrorCodes.Timeout, $"{label}: the call timed out", ZaloErrorKind.Retryable, ex);
        }
    }
}
