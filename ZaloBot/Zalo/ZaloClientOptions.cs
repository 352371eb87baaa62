namespace ZaloBot.Zalo;

/// <summary>The <c>Zalo:Client</c> section: timeouts, retries, rate and token timing of the Zalo API client.</summary>
public sealed class ZaloClientOptions
{
    public const string Section = "Zalo:Client";

    /// <summary>How long one HTTP attempt may take before it is abandoned (and retried).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt, for 5xx, timeouts, -32 and -100.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Calls to the Zalo API per second; calls beyond it wait in a queue.</summary>
    public int SendsPerSecond { get; set; } = 10;

    /// <summary>Calls that may wait for the rate limiter before new ones are refused.</summary>
    public int SendQueueLimit { get; set; } = 10_000;

    /// <summary>Refresh the access token this long before it expires (access tokens last about 25 h).</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The whole OAuth refresh call; never retried, because the refresh token is single-use.</summary>
    public TimeSpan RefreshTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a failed refresh, calls fail at once for this long instead of asking Zalo again.</summary>
    public TimeSpan RefreshRetryAfterFailure { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The circuit opens when this share of calls fails within <see cref="CircuitSamplingDuration"/>.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the circuit may open.</summary>
    public int CircuitMinimumThroughput { get; set; } = 20;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the circuit stays open before one trial call.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    internal bool IsValid =>
        AttemptTimeout > TimeSpan.Zero && MaxRetries >= 0 && RetryBaseDelay >= TimeSpan.Zero && SendsPerSecond > 0
        && SendQueueLimit >= 0 && TokenRefreshMargin >= TimeSpan.Zero && RefreshTimeout > TimeSpan.Zero
        && RefreshRetryAfterFailure >= TimeSpan.Zero && CircuitFailureRatio is > 0 and <= 1 && CircuitMinimumThroughput >= 2
        && CircuitSamplingDuration >= TimeSpan.FromMilliseconds(500) && CircuitBreakDuration >= TimeSpan.FromMilliseconds(500);
}
