namespace ZaloBot.Messaging;

/// <summary>
/// One option the bot offers. Where the channel has buttons (OA 1:1) it is a button; elsewhere (groups) a numbered
/// line, and typing its number chooses it. <see cref="Action"/> is what the feature gets back when it is chosen.
/// </summary>
public sealed record Choice(string Title, string Action);

/// <summary>A request that the person share their name and phone; <see cref="ImageUrl"/> is the picture the card shows.</summary>
public sealed record ContactRequest(string Title, string Subtitle, string ImageUrl);

/// <summary>
/// What the bot says, whatever the channel. Allowed shapes: text; text with choices; an image with an optional
/// caption in <see cref="Text"/>; or a <see cref="ContactRequest"/> alone. The channel's adapter turns it into the
/// channel's own messages, split to the channel's length limit.
/// </summary>
public sealed record BotMessage
{
    public string? Text { get; init; }

    public IReadOnlyList<Choice> Choices { get; init; } = [];

    /// <summary>
    /// How many of the first choices the text already lists by number ("1. …"), so a typed number can choose them
    /// even next to buttons; where choices become numbered lines, only the others are added.
    /// </summary>
    public int ChoicesNumberedInText { get; init; }

    public string? ImageUrl { get; init; }

    public ContactRequest? ContactRequest { get; init; }

    /// <summary>In a group, the member this message answers: the channel names them first, the way it mentions people.</summary>
    public string? Addressee { get; init; }

    /// <summary>The addressee's name as their channel shows it, for a channel without mentions to name them in text.</summary>
    public string? AddresseeName { get; init; }

    public static BotMessage Say(string text) => new() { Text = text };

    public static BotMessage WithChoices(string text, params IReadOnlyList<Choice> choices) => new() { Text = text, Choices = choices };

    public static BotMessage Image(string url, string? caption = null) => new() { ImageUrl = url, Text = caption };

    public static BotMessage AskContact(ContactRequest request) => new() { ContactRequest = request };
}
