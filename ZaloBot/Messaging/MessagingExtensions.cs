namespace ZaloBot.Messaging;

public static class MessagingExtensions
{
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section)
            .Validate(o => o.MaxWebhookBodyBytes > 0 && o.DispatcherMaxTurn > TimeSpan.Zero && o.MaxAttempts > 0 && o.DispatcherBatchSize > 0
                    && o.SenderParallelism > 0 && o.AnnouncementSenderParallelism > 0 && o.SenderBatchSize > 0
                    && o.SenderStopGrace >= TimeSpan.Zero && o.SendRetryBaseDelay > TimeSpan.Zero && o.SendRetryMaxDelay >= o.SendRetryBaseDelay
                    && o.ReplyMaxAge > TimeSpan.Zero && o.MaxReplyParts > 0,
                "Messaging: body limit, parallelism, batch sizes, attempt counts and MaxReplyParts must be positive; SendRetryMaxDelay at least SendRetryBaseDelay; ReplyMaxAge positive.")
            .Validate(o => o.DedupWindow > TimeSpan.Zero && o.DeadLetterRetention > TimeSpan.Zero && o.SentRetention > TimeSpan.Zero
                    && o.RetentionInterval > TimeSpan.Zero,
                "Messaging: DedupWindow, DeadLetterRetention, SentRetention and RetentionInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<InboxStore>();
        builder.Services.AddSingleton<WebhookRejections>();
        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<SendPauses>();
        builder.Services.AddSingleton<ChannelAdapters>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<Dispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        builder.Services.AddSingleton<RetentionSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        // Registered as plain singletons: AddHostedService keeps only one hosted service per implementation type.
        foreach (var lane in Enum.GetValues<OutboxLane>())
        {
            builder.Services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<OutboxSender>(sp, lane));
        }
        return builder;
    }
}
