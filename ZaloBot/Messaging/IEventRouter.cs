namespace ZaloBot.Messaging;

/// <summary>
/// Decides who handles an event and has them handle it, inside the dispatcher's transaction (SQLite's single write
/// lock): handling does database work only and leaves anything slow, such as talking to a channel, to the outbox.
/// </summary>
public interface IEventRouter
{
    Task RouteAsync(EventContext context, CancellationToken cancellationToken);
}
