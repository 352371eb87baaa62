using Dapper;
using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.Contacts;

/// <summary>
/// Keeps <c>oa_contacts</c> up to date from the events that open Zalo's messaging window (a 1:1 message, a follow,
/// shared info) and from unfollows. It only watches: it returns false so the feature handlers after it still
/// get the event (the welcome, the guides, team commands). Group messages are not counted as interactions with
/// the OA: Zalo does not say they open the 1:1 window, and a skipped send is better than a refused one.
/// </summary>
public sealed class ContactTracker : IEventHandler
{
    public async Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken)
    {
        var userId = context.Event switch
        {
            UserMessageEvent message => message.UserId,
            FollowEvent follow => follow.UserId,
            UnfollowEvent unfollow => unfollow.UserId,
            UserSubmitInfoEvent info => info.UserId,
            _ => null,
        };
        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        // When the webhook arrived, by our clock: an event retried later still dates from then, and the
        // timestamp in Zalo's body is not ours to trust for a window that Zalo enforces.
        var receivedAt = await context.Connection.ExecuteScalarAsync<long?>(
            "SELECT received_at FROM inbox_events WHERE id = @Id", new { Id = context.InboxId }, context.Transaction);
        var at = receivedAt is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : context.Now;

        switch (context.Event)
        {
            case FollowEvent:
                await ContactStore.RecordFollowAsync(context.Connection, context.Transaction, userId, following: true, at);
                break;
            case UnfollowEvent:
                await ContactStore.RecordFollowAsync(context.Connection, context.Transaction, userId, following: false, at);
                break;
            default:
                await ContactStore.RecordInteractionAsync(context.Connection, context.Transaction, userId, at);
                break;
        }

        return false;
    }
}
