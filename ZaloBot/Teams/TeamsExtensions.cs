namespace ZaloBot.Teams;

public static class TeamsExtensions
{
    /// <summary>The registry: stores are static over the caller's connection, so only the Sandbox seed is registered.</summary>
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<SandboxSeeder>();
        return builder;
    }
}
