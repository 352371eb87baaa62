using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ZaloBot.BotPlatform;

/// <summary>Whether the Bot Platform last took the bot's token: a rejected token stops the whole channel until it is replaced.</summary>
public sealed class BotPlatformHealth
{
    private volatile string? _tokenProblem;

    public string? TokenProblem => _tokenProblem;

    public void TokenRejected(string reason) => _tokenProblem = reason;

    public void TokenAccepted() => _tokenProblem = null;
}

/// <summary>"zalo-bot": degraded while the platform rejects the bot's token, with the reason.</summary>
internal sealed class BotPlatformHealthCheck(BotPlatformHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(health.TokenProblem is { } problem
            ? HealthCheckResult.Degraded("the Bot Platform rejects the bot token (replace ZaloBotPlatform__BotToken): " + problem)
            : HealthCheckResult.Healthy("bot token not rejected"));
}
