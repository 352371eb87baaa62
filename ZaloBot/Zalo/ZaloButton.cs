namespace ZaloBot.Zalo;

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
