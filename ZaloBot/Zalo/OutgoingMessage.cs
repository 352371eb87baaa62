using System.Text.Json.Serialization;

namespace ZaloBot.Zalo;

// Request records of the Zalo client. They hold plain strings and lists so the reply outbox can
// store them as JSON; the wire shapes are built in ZaloMessagePayload.

/// <summary>The <c>request_user_info</c> template: asks the user to share name, phone and address.</summary>
public sealed record RequestUserInfo(string Title, string Subtitle, string ImageUrl);

/// <summary>
/// What the bot says. Allowed combinations: text; text with buttons; an image (by <see cref="ImageUrl"/> or
/// <see cref="AttachmentId"/>) with an optional caption in <see cref="Text"/>; or <see cref="RequestUserInfo"/> alone.
/// </summary>
public sealed record OutgoingMessage
{
    public string? Text { get; init; }

    public IReadOnlyList<ZaloButton> Buttons { get; init; } = [];

    /// <summary>How many of the first buttons <see cref="Text"/> already lists by number; numbering the buttons adds only the others.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ButtonsNumberedInText { get; init; }

    public string? ImageUrl { get; init; }

    /// <summary>An id from Zalo's image upload; used instead of <see cref="ImageUrl"/>.</summary>
    public string? AttachmentId { get; init; }

    public RequestUserInfo? RequestUserInfo { get; init; }

    public bool HasImage => !string.IsNullOrEmpty(ImageUrl) || !string.IsNullOrEmpty(AttachmentId);

    public static OutgoingMessage FromText(string text) => new() { Text = text };

    public static OutgoingMessage WithButtons(string text, params IReadOnlyList<ZaloButton> buttons) => new() { Text = text, Buttons = buttons };

    public static OutgoingMessage Image(string url, string? caption = null) => new() { ImageUrl = url, Text = caption };
}

/// <summary>A customer-service (1:1) message: <c>POST /v3.0/oa/message/cs</c>.</summary>
public sealed record CsMessageRequest(string UserId, OutgoingMessage Message);

/// <summary>A group (GMF) message: <c>POST /v3.0/oa/group/message</c>. Text and image only.</summary>
public sealed record GroupMessageRequest(string GroupId, OutgoingMessage Message);
