using OpenTelemetry.Metrics;
using ZaloBot.AdminAuth;
using ZaloBot.Monitoring;

namespace ZaloBot.Health;

/// <summary>
/// Metrics with OpenTelemetry: the <see cref="ZaloBotMetrics"/> instruments and the <see cref="MetricsSampler"/> that
/// feeds their gauges, a Prometheus scrape endpoint at <see cref="Path"/> for province admin keys only, and OTLP export
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class MetricsEndpoint
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

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        // The figures tell an outsider how busy the OA is and how it fails: province admins only (the admin scope rule's
        // default for a route that does not open itself to officers).
        endpoints.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(AdminExtensions.Policy);
        return endpoints;
    }
}
