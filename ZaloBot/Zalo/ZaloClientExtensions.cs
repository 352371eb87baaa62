using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZaloBot.Monitoring;

namespace ZaloBot.Zalo;

public static class ZaloClientExtensions
{
    /// <summary>The health-check name; tagged "ready".</summary>
    public const string HealthCheckName = "zalo-token";

    /// <summary>
    /// The Zalo API client with its resilience pipeline, the OAuth client, the SQLite token store, the token
    /// provider and the "zalo-token" health check. Needs <c>AddStorage()</c>; binds <c>Zalo</c> and <c>Zalo:Client</c>.
    /// </summary>
    public static IHostApplicationBuilder AddZaloClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ZaloOptions>().BindConfiguration(ZaloOptions.Section);
        services.AddOptions<ZaloClientOptions>().BindConfiguration(ZaloClientOptions.Section)
            .Validate(o => o.IsValid,
                "Zalo:Client: AttemptTimeout, RefreshTimeout and SendsPerSecond must be positive, MaxRetries and delays not negative, CircuitFailureRatio in (0, 1].")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddZaloBotMetrics();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<TokenHealth>();
        services.AddSingleton<TokenProvider>();
        services.AddSingleton<ZaloOAuthClient>();
        // The rate is about seconds that really pass at Zalo, so the limiter keeps the system clock where the app's
        // calendar clock is replaced (tests set that to a given night and hold it there, which would stop the refill).
        services.AddSingleton(sp => new ZaloSendRateLimiter(sp.GetRequiredService<IOptions<ZaloClientOptions>>().Value, TimeProvider.System));

        // No resilience handler here on purpose: a retried refresh could spend the single-use refresh token twice.
        services.AddHttpClient(ZaloOAuthClient.HttpClientName, (sp, http) =>
            http.Timeout = sp.GetRequiredService<IOptions<ZaloClientOptions>>().Value.RefreshTimeout);

        // The typed client may be held by singletons (the outbox sender), so the handler is never rotated and the
        // connection pool recycles connections itself to notice DNS changes. Its request logging is left out: it
        // logs below the level the app logs at, yet opened a logging scope and timed each of the sends.
        services.AddHttpClient<ZaloClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler(ZaloResilience.PipelineName, ZaloResilience.Configure);
        services.AddTransient<IZaloClient>(sp => sp.GetRequiredService<ZaloClient>());

        services.AddHealthChecks().AddCheck<ZaloTokenHealthCheck>(HealthCheckName, tags: ["ready"]);
        return builder;
    }
}
