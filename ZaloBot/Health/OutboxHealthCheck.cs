using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZaloBot.Messaging;

namespace ZaloBot.Health;

/// <summary>Degraded while sends to Zalo are paused (its circuit is open), with how long the oldest message has waited.</summary>
internal sealed class OutboxHealthCheck(SendPause pause, OutboxStore outbox, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (pause.Since is not { } since)
        {
            return HealthCheckResult.Healthy("sending");
        }

        var now = clock.GetUtcNow();
        var oldest = await outbox.OldestWaitingAsync(cancellationToken);
        var waited = oldest is { } queuedAt ? $"; oldest waiting message queued {(now - queuedAt).TotalSeconds:F0} s ago" : "";
        return HealthCheckResult.Degraded($"sends to Zalo paused for {(now - since).TotalSeconds:F0} s (circuit open){waited}");
    }
}
