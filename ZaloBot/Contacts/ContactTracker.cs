using Dapper;
using ZaloBot.Messaging;
using ZaloBot.Teams;

namespace ZaloBot.Contacts;

/// <summary>
/// An observer of every event: keeps <c>oa_contacts</c> up to date from what opens Zalo's messaging window (a 1:1
/// message, a follow, shared contact) and from unfollows, for the announcements to know who may be written to, and
/// notes on which channel a member last wrote 1:1. It only watches; the router then gives the event to its owner.
/// Group messages are not counted as interactions: Zalo does not say they open the 1:1 window, and a skipped send is
/// better than a refused one.
/// </summary>
public static class ContactTracker
{
    public static async Task ObserveAsync(EventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Event is not IncomingMessage { Conversation.IsGroup: false } message)
        {
            return;
        }

        // When the webhook arrived, by our clock: an event retried later still dates from then, and the
        // timestamp in Zalo's body is not ours to trust for a window that Zalo enforces.
        var receivedAt = await context.Connection.ExecuteScalarAsync<long?>(
            "SELECT received_at FROM inbox_events WHERE id = @Id", new { Id = context.InboxId }, context.Transaction);
        var at = receivedAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : context.Now;
        var userId = message.Conversation.Id;
        if (message.Kind != IncomingKind.Unfollow)
        {
            await MemberStore.RecordPrivateMessageAsync(context.Connection, context.Transaction, message.Conversation.Channel, userId, at);
        }

        // oa_contacts are the OA's: its 7-day window and its followers. The bot's private chats have neither.
        if (message.Conversation.Channel != ChannelId.ZaloOa)
        {
            return;
        }

        switch (message.Kind)
        {
            case IncomingKind.Follow:
                await ContactStore.RecordFollowAsync(context.Connection, context.Transaction, userId, following: true, at);
                break;
            case IncomingKind.Unfollow:
                await ContactStore.RecordFollowAsync(context.Connection, context.Transaction, userId, following: false, at);
                break;
            default:
                await ContactStore.RecordInteractionAsync(context.Connection, context.Transaction, userId, at);
                break;
        }
    }
}
