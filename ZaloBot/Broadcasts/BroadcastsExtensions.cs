namespace ZaloBot.Broadcasts;

public static class BroadcastsExtensions
{
    /// <summary>Announcements: the operations officials use, the runner and its options.</summary>
    public static IHostApplicationBuilder AddBroadcasts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BroadcastOptions>().BindConfiguration(BroadcastOptions.Section)
            .Validate(o => o.IsValid, "Broadcasts: page size, outbox window and parallelism must be positive, intervals longer than zero.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BroadcastSignal>();
        builder.Services.AddSingleton<BroadcastOperations>();
        builder.Services.AddSingleton<BroadcastRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BroadcastRunner>());
        return builder;
    }
}
