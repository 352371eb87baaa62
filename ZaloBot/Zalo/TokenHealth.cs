using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ZaloBot.Zalo;

/// <summary>The outcome of the latest token refresh, for the health check and for telling the admins.</summary>
public sealed class TokenHealth
{
    private readonly Lock _lock = new();
    private volatile State _state = new(null, null, null, null);

    /// <summary>The code of the last failed refresh, when the last refresh failed.</summary>
    public int? LastRefreshErrorCode => _state.ErrorCode;

    /// <summary>Why the last refresh failed (Vietnamese reason and Zalo's message), when it failed.</summary>
    public string? LastRefreshError => _state.Error;

    public DateTimeOffset? LastRefreshErrorAt => _state.ErrorAt;

    public DateTimeOffset? LastRefreshAt => _state.RefreshedAt;

    /// <summary>True while the most recent refresh attempt failed.</summary>
    public bool IsDegraded => _state.Error is not null;

    public void RecordSuccess(DateTimeOffset at)
    {
        lock (_lock)
        {
            _state = new State(at, null, null, null);
        }
    }

    public void RecordFailure(int code, string error, DateTimeOffset at)
    {
        lock (_lock)
        {
            _state = _state with { ErrorCode = code, Error = error, ErrorAt = at };
        }
    }

    private sealed record State(DateTimeOffset? RefreshedAt, int? ErrorCode, string? Error, DateTimeOffset? ErrorAt);
}

/// <summary>"zalo-token": degraded while the last token refresh failed (the OA may need to be authorized again).</summary>
internal sealed class ZaloTokenHealthCheck(TokenHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (health.LastRefreshError is { } error)
        {
            var at = health.LastRefreshErrorAt?.ToString("O", CultureInfo.InvariantCulture);
            return Task.FromResult(HealthCheckResult.Degraded($"token refresh failed at {at}: {error}"));
        }

        var refreshed = health.LastRefreshAt?.ToString("O", CultureInfo.InvariantCulture) ?? "not yet this run";
        return Task.FromResult(HealthCheckResult.Healthy($"last refresh {refreshed}"));
    }
}
