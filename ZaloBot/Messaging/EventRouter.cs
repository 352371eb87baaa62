using Microsoft.Data.Sqlite;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// What a handler gets: the parsed event, the dispatcher's open transaction, and the way to reply. Whatever the
/// handler writes through <see cref="Connection"/> and every reply it queues commit together with the inbox row
/// turning "done", or not at all.
/// </summary>
public sealed class EventContext(
    ZaloEvent zaloEvent, long inboxId, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, int maxReplyParts)
{
    private int _replySequence;

    public ZaloEvent Event { get; } = zaloEvent;
    public long InboxId { get; } = inboxId;
    public SqliteConnection Connection { get; } = connection;
    public SqliteTransaction Transaction { get; } = transaction;
    public DateTimeOffset Now { get; } = now;

    /// <summary>How many outbox rows this event has queued so far.</summary>
    public int RepliesQueued => _replySequence;

    /// <summary>How many of its replies were too long for <c>Messaging:MaxReplyParts</c> messages and were cut.</summary>
    public int RepliesCut { get; private set; }

    /// <summary>Replies where the event came from: the group for a group message, else the user 1:1.</summary>
    public Task ReplyAsync(OutgoingMessage reply) => Event switch
    {
        GroupMessageEvent group => SendAsync(ReplyChannel.Group, group.GroupId, reply),
        UserMessageEvent user => SendAsync(ReplyChannel.User, user.UserId, reply),
        FollowEvent follow => SendAsync(ReplyChannel.User, follow.UserId, reply),
        UserSubmitInfoEvent info => SendAsync(ReplyChannel.User, info.UserId, reply),
        _ => throw new InvalidOperationException($"{Event.EventName} has no one to reply to."),
    };

    /// <summary>
    /// Queues a message for a user (1:1) or a group. Groups take no buttons, so buttons become numbered lines;
    /// text over Zalo's 2000-character limit becomes several messages, in order, buttons and image on the last, and
    /// never more than the configured most (the rest is cut). The sender's reply lane sends them (announcements are
    /// queued by the broadcast runner, not by handlers).
    /// </summary>
    public async Task SendAsync(ReplyChannel channel, string recipientId, OutgoingMessage message)
    {
        var fitted = channel == ReplyChannel.Group ? ZaloText.WithNumberedButtons(message) : message;
        var pieces = ZaloText.SplitMessage(fitted, maxReplyParts, out var cut);
        if (cut)
        {
            RepliesCut++;
        }

        // One row per piece, so a resend after a crash repeats at most one piece.
        foreach (var piece in pieces)
        {
            await OutboxStore.EnqueueAsync(Connection, Transaction, $"inbox:{InboxId}:{++_replySequence}", channel, recipientId, piece, OutboxPriority.Reply, Now);
        }
    }
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
