namespace ZaloBot.Messaging;

/// <summary>
/// An event as the router reads it, whatever channel it came through. <see cref="Name"/> is the channel's own name
/// for it, for logs only: nothing decides by it.
/// </summary>
public abstract record ChannelEvent(string Name);

/// <summary>The channel confirms that people received (or read) messages the bot sent; <see cref="MessageIds"/> are the channel's ids.</summary>
public sealed record DeliveryReceipt(string Name, IReadOnlyList<string> MessageIds, bool Seen) : ChannelEvent(Name);

/// <summary>The channel shows the bot a message the bot itself sent. Answering it would make the bot talk to itself.</summary>
public sealed record OwnMessageEcho(string Name) : ChannelEvent(Name);

/// <summary>An event the bot does nothing with (a visitor who has not shared their id, a name the adapter does not know).</summary>
public sealed record UnsupportedEvent(string Name) : ChannelEvent(Name);
