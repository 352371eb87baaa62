using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using ZaloBot.Admin;

namespace ZaloBot.Monitoring;

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Metrics";

    /// <summary>How often the gauges (backlogs, dead-letters, failures, token expiry, announcements) are read from the database.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Metrics with OpenTelemetry: the <see cref="ZaloBotMetrics"/> instruments, a Prometheus scrape endpoint at
/// <see cref="Path"/> for province admin keys only, and OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class MonitoringExtensions
{
    public const string Path = "/metrics";

    public static IHostApplicationBuilder AddMonitoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section)
            .Validate(o => o.SampleInterval > TimeSpan.Zero, "Metrics: SampleInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddZaloBotMetrics();
        builder.Services.AddHostedService<MetricsSampler>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(ZaloBotMetrics.MeterName).AddPrometheusExporter();
            if (otlp)
            {
                // Reads the endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* variables.
                metrics.AddOtlpExporter();
            }
        });

        return builder;
    }

    /// <summary>The instruments alone, for the features that record into them (also without the exporters).</summary>
    public static IServiceCollection AddZaloBotMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<ZaloBotMetrics>();
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        // The figures tell an outsider how busy the OA is and how it fails: province admins only (the admin scope rule's
        // default for a route that does not open itself to officers).
        endpoints.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(AdminExtensions.Policy);
        return endpoints;
    }
}
