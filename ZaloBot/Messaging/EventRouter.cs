using Microsoft.Data.Sqlite;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// What a handler gets: the parsed event and the dispatcher's open transaction. Whatever the handler writes
/// through <see cref="Connection"/> commits together with the inbox row turning "done", or not at all.
/// </summary>
public sealed class EventContext(ZaloEvent zaloEvent, long inboxId, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
{
    public ZaloEvent Event { get; } = zaloEvent;
    public long InboxId { get; } = inboxId;
    public SqliteConnection Connection { get; } = connection;
    public SqliteTransaction Transaction { get; } = transaction;
    public DateTimeOffset Now { get; } = now;
}

/// <summary>
/// A feature's entry point for events. Handlers are asked in registration order; the first that returns
/// true has handled the event and the rest are not asked. A handler runs inside a write transaction, which in
/// SQLite holds the database's single write lock: it does database work only and hands anything slow, such as
/// talking to Zalo, to the reply outbox.
/// </summary>
public interface IEventHandler
{
    Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken);
}

/// <summary>Hands each event to the first feature handler that takes it.</summary>
public sealed partial class EventRouter(IEnumerable<IEventHandler> handlers, ILogger<EventRouter> logger)
{
    private readonly IEventHandler[] _handlers = handlers.ToArray();

    public async Task RouteAsync(EventContext context, CancellationToken cancellationToken)
    {
        foreach (var handler in _handlers)
        {
            if (await handler.TryHandleAsync(context, cancellationToken))
            {
                return;
            }
        }

        LogUnhandled(context.Event.EventName, context.InboxId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No handler took {EventName} (inbox {InboxId})")]
    private partial void LogUnhandled(string eventName, long inboxId);
}

public static class EventHandlerRegistration
{
    /// <summary>Registers a feature's handler; handlers are asked in the order they are added.</summary>
    public static IServiceCollection AddEventHandler<THandler>(this IServiceCollection services)
        where THandler : class, IEventHandler =>
        services.AddSingleton<IEventHandler, THandler>();
}
