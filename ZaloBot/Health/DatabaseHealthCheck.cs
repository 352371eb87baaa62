using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZaloBot.Storage;

namespace ZaloBot.Health;

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
