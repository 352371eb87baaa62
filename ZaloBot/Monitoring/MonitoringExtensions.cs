using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ZaloBot.Monitoring;

public static class MonitoringExtensions
{
    /// <summary>The instruments alone, for the features that record into them (also without the exporters).</summary>
    public static IServiceCollection AddZaloBotMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<ZaloBotMetrics>();
        return services;
    }
}
