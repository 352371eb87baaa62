namespace ZaloBot.Messaging;

/// <summary>
/// Where a message comes from and where its answer goes: one person 1:1, or one group, on one channel.
/// <see cref="Id"/> is the channel's own id for the person or the group.
/// </summary>
public sealed record Conversation(ChannelId Channel, string Id, bool IsGroup)
{
    public static Conversation User(ChannelId channel, string id) => new(channel, id, IsGroup: false);

    public static Conversation Group(ChannelId channel, string id) => new(channel, id, IsGroup: true);

    /// <summary>
    /// True where every choice is shown as a numbered line, not a button (groups, and the Bot Platform, which has no
    /// buttons): there a number typed in answer to a question with choices can only mean one of them.
    /// </summary>
    public bool ChoicesAreNumbered => IsGroup || Channel == ChannelId.ZaloBot;
}
