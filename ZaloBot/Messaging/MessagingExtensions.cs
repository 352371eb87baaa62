namespace ZaloBot.Messaging;

public static class MessagingExtensions
{
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section)
            .Validate(o => o.MaxWebhookBodyBytes > 0 && o.DispatcherParallelism > 0 && o.MaxAttempts > 0 && o.DispatcherBatchSize > 0,
                "Messaging: MaxWebhookBodyBytes, DispatcherParallelism, DispatcherBatchSize and MaxAttempts must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<InboxStore>();
        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.AddSingleton<EventRouter>();
        builder.Services.AddSingleton<Dispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        return builder;
    }
}
