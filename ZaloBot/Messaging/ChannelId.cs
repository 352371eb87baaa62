namespace ZaloBot.Messaging;

/// <summary>
/// A way people reach the bot. Each has an adapter (<see cref="IChannelAdapter"/>) that alone knows its event names,
/// what it can show (buttons or numbered lines) and its limits; features never look at it. Rows that outlive one
/// event (outbox messages, conversations) keep it in their <c>via</c> column, so an answer goes back the way the
/// conversation came.
/// </summary>
public enum ChannelId
{
    /// <summary>The Zalo Official Account: 1:1 customer-service messages and the OA's GMF groups.</summary>
    ZaloOa,

    /// <summary>The Zalo Bot Platform: a bot account's private chats and the ordinary Zalo groups it was invited to.</summary>
    ZaloBot,
}

/// <summary>How a channel is written in the database's <c>via</c> columns.</summary>
public static class ChannelIdCodes
{
    public const string ZaloOa = "zalo_oa";
    public const string ZaloBot = "zalo_bot";

    public static string Code(this ChannelId channel) => channel switch
    {
        ChannelId.ZaloOa => ZaloOa,
        ChannelId.ZaloBot => ZaloBot,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    public static ChannelId Parse(string code) => code switch
    {
        ZaloOa => ChannelId.ZaloOa,
        ZaloBot => ChannelId.ZaloBot,
        _ => throw new InvalidOperationException($"Unknown channel '{code}' in the database."),
    };
}
