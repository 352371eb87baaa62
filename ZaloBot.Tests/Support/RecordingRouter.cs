using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZaloBot.Messaging;

namespace ZaloBot.Tests.Support;

/// <summary>A router for tests, in place of the app's: records what the dispatcher handed it and can be told to fail or to wait.</summary>
public sealed class RecordingRouter : IEventRouter
{
    private readonly ConcurrentQueue<ChannelEvent> _handled = new();

    public IReadOnlyList<ChannelEvent> Handled => [.. _handled];

    /// <summary>Called before an event counts as handled; may throw or wait.</summary>
    public Func<ChannelEvent, CancellationToken, Task>? Before { get; set; }

    public async Task RouteAsync(EventContext context, CancellationToken cancellationToken)
    {
        if (Before is not null)
        {
            await Before(context.Event, cancellationToken);
        }

        _handled.Enqueue(context.Event);
    }

    /// <summary>The texts of the messages handled in one conversation ("user:…" or "group:…"), in order.</summary>
    public IEnumerable<string> TextsOf(string conversationKey) =>
        Handled.OfType<IncomingMessage>().Where(m => KeyOf(m) == conversationKey).Select(m => m.Text ?? m.Name);

    /// <summary>"user:…" or "group:…", as the emulator names conversations.</summary>
    public static string KeyOf(ChannelEvent channelEvent) => channelEvent is IncomingMessage { Conversation: var c }
        ? (c.IsGroup ? "group:" : "user:") + c.Id
        : channelEvent.Name;

    /// <summary>The text of a handled person's message.</summary>
    public static string TextOf(ChannelEvent channelEvent) => ((IncomingMessage)channelEvent).Text ?? "";
}

public static class TestRouterRegistration
{
    /// <summary>Puts a test router in place of the app's, so it gets every event the dispatcher hands on.</summary>
    public static IServiceCollection UseRouter(this IServiceCollection services, IEventRouter router)
    {
        services.RemoveAll<IEventRouter>();
        services.AddSingleton(router);
        return services;
    }
}
