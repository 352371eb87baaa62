namespace ZaloBot.Messaging;

/// <summary>What a person did, as <see cref="IncomingMessage.Kind"/> says.</summary>
public enum IncomingKind
{
    /// <summary>Typed text (or a photo's caption) in <see cref="IncomingMessage.Text"/>.</summary>
    Text,

    /// <summary>A choice the bot offered, picked by a tap: its action in <see cref="IncomingMessage.Choice"/>.</summary>
    Choice,

    /// <summary>A tap on a choice this conversation cannot take (an old install's button, another person's, or typed to look like one).</summary>
    StaleChoice,

    /// <summary>A sticker, photo or file without text.</summary>
    NonText,

    /// <summary>The person started following the bot (1:1).</summary>
    Follow,

    /// <summary>The person stopped following the bot (1:1).</summary>
    Unfollow,

    /// <summary>The person shared their name and phone, in <see cref="IncomingMessage.Contact"/>, in answer to a contact request.</summary>
    ContactShared,
}

/// <summary>A name and a phone a person chose to share, as the channel gave them (not yet checked).</summary>
public sealed record SharedContact(string? Name, string? Phone);

/// <summary>
/// Something a person did in a conversation, in the form every feature reads. The adapter has already taken out what
/// only its channel knows: the text carries no mention syntax, and a tapped choice arrives as the action it was
/// offered with, verified, never as text that could have been typed. <see cref="MessageId"/> is the channel's id of
/// the message, when it has one; <see cref="SenderName"/> the name the channel showed for the sender, when it gives one
/// with the message.
/// </summary>
public sealed record IncomingMessage(
    string Name,
    IncomingKind Kind,
    Conversation Conversation,
    string SenderId,
    string? MessageId = null,
    string? Text = null,
    string? Choice = null,
    SharedContact? Contact = null,
    string? SenderName = null) : ChannelEvent(Name);
