using Microsoft.Data.Sqlite;

namespace ZaloBot.Messaging;

/// <summary>
/// What handling one event works with: the event, the dispatcher's open transaction, and the way to answer. Whatever
/// is written through <see cref="Connection"/> and every message queued commit together with the inbox row turning
/// "done", or not at all.
/// </summary>
public sealed class EventContext(
    ChannelEvent channelEvent, long inboxId, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, OutboxWriter outbox)
{
    public ChannelEvent Event { get; } = channelEvent;

    /// <summary>The event as a person's message; only the router hands other events around, and only to observers.</summary>
    public IncomingMessage Message => Event as IncomingMessage
        ?? throw new InvalidOperationException($"{Event.Name} is not a person's message.");

    public long InboxId { get; } = inboxId;
    public SqliteConnection Connection { get; } = connection;
    public SqliteTransaction Transaction { get; } = transaction;
    public DateTimeOffset Now { get; } = now;

    /// <summary>How many outbox rows this event has queued so far.</summary>
    public int RepliesQueued { get; private set; }

    /// <summary>How many of its messages were too long for <c>Messaging:MaxReplyParts</c> parts and were cut.</summary>
    public int RepliesCut { get; private set; }

    /// <summary>Answers in the conversation the message came from.</summary>
    public Task ReplyAsync(BotMessage reply) => SendAsync(Message.Conversation, reply);

    /// <summary>Queues a message for any conversation (a team's group, a resident), on the reply lane.</summary>
    public async Task SendAsync(Conversation to, BotMessage message)
    {
        var queued = await outbox.EnqueueAsync(Connection, Transaction, $"inbox:{InboxId}", RepliesQueued + 1, to, message, OutboxPriority.Reply, Now);
        RepliesQueued += queued.Rows;
        if (queued.Cut)
        {
            RepliesCut++;
        }
    }
}
