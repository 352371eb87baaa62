using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZaloBot.Messaging;
using ZaloBot.Storage;

namespace ZaloBot.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (it can do its work).</summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<InboxHealthCheck>("inbox", tags: [ReadyTag])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>The database answers and every migration this build knows is applied.</summary>
internal sealed class DatabaseHealthCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await migrator.CurrentVersionAsync(cancellationToken);
            return version == Migrator.LatestVersion
                ? HealthCheckResult.Healthy($"schema version {version}")
                : HealthCheckResult.Unhealthy($"schema version {version}, expected {Migrator.LatestVersion}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + ex.Message);
        }
    }
}

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
