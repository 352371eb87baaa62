using ZaloBot.Contacts;
using ZaloBot.Messaging;
using ZaloBot.Residents;
using ZaloBot.TeamChat;
using ZaloBot.Teams;

namespace ZaloBot.Routing;

/// <summary>Who handles an event: at most one owner each.</summary>
public enum EventOwner
{
    Nobody,
    TeamCommands,
    ResidentConversation,
}

/// <summary>
/// Who handles an event, in one place. Every event first passes the observers, in the order <see cref="RouteAsync"/>
/// lists them; then <see cref="Decide"/>, a table over what the event is, names exactly one owner, or nobody. The
/// text is read for a team command once, before the table, and the owner gets what was read. No owner passes an
/// event on, and the order services are registered in does not matter.
/// </summary>
public sealed class EventRouter(TeamCommands teamCommands, ResidentConversation residents) : IEventRouter
{
    public async Task RouteAsync(EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Observers: every event passes them, in this order.
        await DeliveryReceipts.ObserveAsync(context);
        await ContactTracker.ObserveAsync(context);

        var command = context.Event is IncomingMessage { Kind: IncomingKind.Text, Text: { } text } ? CommandParser.Parse(text) : NotACommand.Instance;
        var senderIsMember = context.Event is IncomingMessage { Conversation.IsGroup: false } message && command.IsTeamCommand
            && (await MemberStore.FindMembershipsAsync(context.Connection, context.Transaction, message.Conversation.Channel, message.SenderId)).Count > 0;
        switch (Decide(context.Event, command, senderIsMember))
        {
            case EventOwner.TeamCommands:
                await teamCommands.HandleAsync(context, command);
                break;
            case EventOwner.ResidentConversation:
                await residents.HandleAsync(context);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The routing table. <paramref name="command"/> is what the text was read as; <paramref name="senderIsMember"/>
    /// says whether a 1:1 sender is in a team (it is only looked up for a 1:1 team command).
    /// </summary>
    public static EventOwner Decide(ChannelEvent channelEvent, ParseResult command, bool senderIsMember) => channelEvent switch
    {
        // The bot's own message coming back: answering it would make the bot talk to itself.
        OwnMessageEcho => EventOwner.Nobody,
        // Receipts and unfollows are bookkeeping, which the observers did.
        DeliveryReceipt or IncomingMessage { Kind: IncomingKind.Unfollow } => EventOwner.Nobody,
        // Stored for the record (anonymous visitors, names the channel's adapter does not know).
        UnsupportedEvent => EventOwner.Nobody,
        // A group: team commands (every one, #nhan/#xong included); anything else is the members' own chatter.
        IncomingMessage { Conversation.IsGroup: true } when command.IsTeamCommand => EventOwner.TeamCommands,
        IncomingMessage { Conversation.IsGroup: true } => EventOwner.Nobody,
        // 1:1: a member's team command, and #ketnoi/#dangky/#xacnhan from anyone (who is told to type the first two in
        // the group, unless #dangky names a member whose group then gets a code for #xacnhan).
        IncomingMessage when command.IsTeamCommand && senderIsMember => EventOwner.TeamCommands,
        IncomingMessage when command.IsNewcomerCommand => EventOwner.TeamCommands,
        // Written as a command, but none the sender may use (a resident's "#thongke", a hashtag): the guides do not read commands.
        IncomingMessage when command is not NotACommand => EventOwner.Nobody,
        // Any other 1:1 event (text, a choice, a follow, shared contact) is the resident's conversation.
        IncomingMessage => EventOwner.ResidentConversation,
        _ => EventOwner.Nobody,
    };
}
