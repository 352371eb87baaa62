namespace ZaloBot.Messaging;

/// <summary>What a button does when tapped.</summary>
public enum ReplyButtonAction
{
    /// <summary>Sends <see cref="ReplyButton.Value"/> back to the bot as the user's message, hidden from the chat.</summary>
    Query,

    /// <summary>Opens the web address in <see cref="ReplyButton.Value"/>.</summary>
    OpenUrl,

    /// <summary>Calls the phone number in <see cref="ReplyButton.Value"/>.</summary>
    Call,
}

public sealed record ReplyButton(string Title, ReplyButtonAction Action, string Value)
{
    public static ReplyButton Query(string title, string payload) => new(title, ReplyButtonAction.Query, payload);
}

/// <summary>
/// A message a feature wants sent: text, optional buttons (rendered as numbered lines in groups, which take no
/// buttons), an optional image, or a request for the user's contact details. Features build these; only the
/// outbox sender turns them into Zalo requests.
/// </summary>
public sealed record Reply(string Text, IReadOnlyList<ReplyButton>? Buttons = null, string? ImageUrl = null, bool AsksForContactInfo = false)
{
    public IReadOnlyList<ReplyButton> ButtonList => Buttons ?? [];
}

public enum ReplyChannel
{
    User,
    Group,
}
