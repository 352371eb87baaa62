using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.BotPlatform;

public static class BotPlatformExtensions
{
    /// <summary>The health-check name; tagged "ready".</summary>
    public const string HealthCheckName = "zalo-bot";

    private const string RateLimiterKey = "zalo-bot";

    /// <summary>
    /// The Bot Platform client (the OA client's pipeline, timeouts and retries from <c>Zalo:Client</c>, a send rate limit
    /// of its own), its health check, and polling when <c>ZaloBotPlatform:Mode</c> is Polling. Binds <c>ZaloBotPlatform</c>.
    /// </summary>
    public static IHostApplicationBuilder AddBotPlatform(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BotPlatformOptions>().BindConfiguration(BotPlatformOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotPlatformOptions>, ExplainedValidation>();
        services.AddSingleton<BotPlatformHealth>();
        services.AddKeyedSingleton(RateLimiterKey, (sp, _) =>
            new ZaloSendRateLimiter(sp.GetRequiredService<IOptions<ZaloClientOptions>>().Value, TimeProvider.System));

        // As the OA's client (see AddZaloClient): never rotated, and without its request logging.
        services.AddHttpClient<BotPlatformClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler("zalo-bot-api", (pipeline, context) => ZaloResilience.AddStrategies(
                pipeline,
                context.ServiceProvider.GetRequiredService<IOptions<ZaloClientOptions>>().Value,
                context.ServiceProvider.GetRequiredKeyedService<ZaloSendRateLimiter>(RateLimiterKey),
                BotPlatformClient.AnswerIsTransientAsync));
        services.AddHttpClient(BotPlatformClient.PollingClientName);

        services.AddHostedService<BotPolling>();
        services.AddHealthChecks().AddCheck<BotPlatformHealthCheck>(HealthCheckName, tags: ["ready"]);
        return builder;
    }

    /// <summary>Says which rule the section breaks, so the operator reads it at start.</summary>
    private sealed class ExplainedValidation : IValidateOptions<BotPlatformOptions>
    {
        public ValidateOptionsResult Validate(string? name, BotPlatformOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
