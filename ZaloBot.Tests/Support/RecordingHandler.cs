using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Support;

/// <summary>A feature handler for tests: records what it handled and can be told to fail or to wait.</summary>
public sealed class RecordingHandler : IEventHandler
{
    private readonly ConcurrentQueue<ZaloEvent> _handled = new();

    public IReadOnlyList<ZaloEvent> Handled => [.. _handled];

    /// <summary>Called before an event counts as handled; may throw or wait.</summary>
    public Func<ZaloEvent, CancellationToken, Task>? Before { get; set; }

    public async Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken)
    {
        if (Before is not null)
        {
            await Before(context.Event, cancellationToken);
        }

        _handled.Enqueue(context.Event);
        return true;
    }

    public IEnumerable<string> TextsOf(string conversationKey) =>
        Handled.Where(e => e.ConversationKey == conversationKey).Select(e => e switch
        {
            UserMessageEvent u => u.Message.Text ?? "",
            GroupMessageEvent g => g.Message.Text ?? "",
            _ => e.EventName,
        });
}

public static class TestHandlerRegistration
{
    /// <summary>
    /// Puts a test handler before the app's own feature handlers (the guides take every 1:1 text), so it sees
    /// every event the router hands out.
    /// </summary>
    public static IServiceCollection AddEventHandlerFirst(this IServiceCollection services, IEventHandler handler)
    {
        services.Insert(0, ServiceDescriptor.Singleton(handler));
        return services;
    }
}
