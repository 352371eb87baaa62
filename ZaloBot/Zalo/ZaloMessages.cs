using System.Text.Json.Serialization;

namespace ZaloBot.Zalo;

// Request and response records of the Zalo client. They hold plain strings and lists so the reply outbox can
// store them as JSON; the wire shapes are built in ZaloMessagePayload.

/// <summary>Button type names as Zalo spells them (zalo-oa-api.md §2.1).</summary>
public static class ZaloButtonTypes
{
    /// <summary>The payload is sent back as a visible message from the user.</summary>
    public const string QueryShow = "oa.query.show";

    /// <summary>The payload is sent back without showing it in the chat.</summary>
    public const string QueryHide = "oa.query.hide";

    public const string OpenUrl = "oa.open.url";
    public const string OpenPhone = "oa.open.phone";
    public const string OpenSms = "oa.open.sms";
}

/// <summary>
/// One button. <see cref="Payload"/> is the query text (query buttons), the URL (<c>oa.open.url</c>) or the phone
/// number (<c>oa.open.phone</c>, <c>oa.open.sms</c>); <see cref="SmsContent"/> is the prefilled SMS text.
/// Use the factory methods rather than spelling the type.
/// </summary>
public sealed record ZaloButton(string Title, string ButtonType, string Payload, string? SmsContent = null)
{
    public static ZaloButton QueryShow(string title, string payload) => new(title, ZaloButtonTypes.QueryShow, payload);

    public static ZaloButton QueryHide(string title, string payload) => new(title, ZaloButtonTypes.QueryHide, payload);

    public static ZaloButton OpenUrl(string title, string url) => new(title, ZaloButtonTypes.OpenUrl, url);

    public static ZaloButton OpenPhone(string title, string phoneCode) => new(title, ZaloButtonTypes.OpenPhone, phoneCode);

    public static ZaloButton OpenSms(string title, string phoneCode, string content) => new(title, ZaloButtonTypes.OpenSms, phoneCode, content);
}

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

public sealed record ZaloSharedInfo(string? Name, string? Phone, string? Address, string? City, string? District);

/// <summary>The answer of <c>GET /v3.0/oa/user/detail</c>, the fields the bot uses.</summary>
public sealed record ZaloUserDetail(
    string UserId,
    string? DisplayName,
    string? Avatar,
    bool IsFollower,
    string? UserIdByApp,
    string? LastInteractionDate,
    ZaloSharedInfo? SharedInfo);

/// <summary>The answer of <c>GET /v2.0/oa/getoa</c>; the id arrives as <c>oa_id</c> or <c>oaid</c>.</summary>
public sealed record ZaloOaInfo(string OaId, string? Name, bool? IsVerified, long? FollowerCount);

/// <summary>The answer of <c>POST /v3.0/oa/quota/message</c> for one user.</summary>
public sealed record ZaloMessageQuota(DateTimeOffset? LastInteraction, int? CsRemaining, int? CsTotal);
