using ZaloBot.Contacts;
using ZaloBot.Messaging;

namespace ZaloBot.Broadcasts;

public static class BroadcastsExtensions
{
    /// <summary>Announcements: the runner, its options, and the contact tracker that records who may be written to.</summary>
    public static IHostApplicationBuilder AddBroadcasts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BroadcastOptions>().BindConfiguration(BroadcastOptions.Section)
            .Validate(o => o.IsValid, "Broadcasts: page size, outbox window and parallelism must be positive, intervals longer than zero.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BroadcastSignal>();
        builder.Services.AddSingleton<BroadcastRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BroadcastRunner>());

        // The tracker only watches (it returns false), and it goes right after the receipt handler so it sees every
        // user event before a feature handler takes it, wherever AddBroadcasts is called.
        var tracker = ServiceDescriptor.Singleton<IEventHandler, ContactTracker>();
        var services = builder.Services;
        var receipts = -1;
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(IEventHandler) && services[i].ImplementationType == typeof(ReceiptHandler))
            {
                receipts = i;
            }
        }

        if (receipts >= 0)
        {
            services.Insert(receipts + 1, tracker);
        }
        else
        {
            services.Add(tracker);
        }

        return builder;
    }
}
