using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZaloBot.Messaging;

namespace ZaloBot.Health;

/// <summary>The dispatcher is running and neither the backlog nor the dead-letters have piled up.</summary>
internal sealed class InboxHealthCheck(Dispatcher dispatcher, InboxStore inbox, TimeProvider clock, IOptions<MessagingOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var sinceRound = clock.GetUtcNow() - dispatcher.LastRound;
        if (sinceRound > limits.DispatcherStallAfter)
        {
            return HealthCheckResult.Unhealthy($"dispatcher idle for {sinceRound.TotalSeconds:F0} s");
        }

        var counts = await inbox.CountAsync(cancellationToken);
        var summary = $"{counts.Pending} pending, {counts.Dead} dead-letter";
        if (counts.Pending > limits.ReadyMaxBacklog)
        {
            return HealthCheckResult.Unhealthy($"backlog too long: {summary}");
        }

        return counts.Dead > limits.ReadyMaxDeadLetters
            ? HealthCheckResult.Degraded($"too many dead-letters: {summary}")
            : HealthCheckResult.Healthy(summary);
    }
}
