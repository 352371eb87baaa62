using ZaloBot.Messaging;

namespace ZaloBot.Routing;

public static class RoutingExtensions
{
    /// <summary>The event router, the one place that decides who handles what the dispatcher hands on.</summary>
    public static IHostApplicationBuilder AddRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IEventRouter, EventRouter>();
        return builder;
    }
}
