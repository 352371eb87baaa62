using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZaloBot.Messaging;

namespace ZaloBot.Health;

/// <summary>
/// Degraded while a channel's sends are paused (its circuit is open), naming the channel, with how long the oldest
/// message has waited.
/// </summary>
internal sealed class OutboxHealthCheck(SendPauses pauses, OutboxStore outbox, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var paused = pauses.All.Where(p => p.Pause.Since is not null).Select(p => (p.Channel, Since: p.Pause.Since!.Value)).ToList();
        if (paused.Count == 0)
        {
            return HealthCheckResult.Healthy("sending");
        }

        var now = clock.GetUtcNow();
        var oldest = await outbox.OldestWaitingAsync(cancellationToken);
        var waited = oldest is { } queuedAt ? $"; oldest waiting message queued {(now - queuedAt).TotalSeconds:F0} s ago" : "";
        var which = string.Join(", ", paused.Select(p => $"{p.Channel.Code()} for {(now - p.Since).TotalSeconds:F0} s"));
        return HealthCheckResult.Degraded($"sends to Zalo paused (circuit open): {which}{waited}");
    }
}
