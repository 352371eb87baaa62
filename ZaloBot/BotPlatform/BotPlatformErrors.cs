using ZaloBot.Zalo;

namespace ZaloBot.BotPlatform;

/// <summary>
/// The Bot Platform's <c>error_code</c>s and what each means for whoever sent the call. Zalo sends most of them inside
/// HTTP 200 answers (<c>{"ok":false,"error_code":…}</c>); an HTTP error status is read the same way.
/// </summary>
public static class BotPlatformErrors
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int Forbidden = 403;
    public const int NotFound = 404;

    /// <summary>For <c>getUpdates</c>: no update came within the poll's timeout. For any other call: a timeout.</summary>
    public const int RequestTimeout = 408;

    public const int QuotaExceeded = 429;

    /// <summary>
    /// 401: the token was reset or mistyped, nothing works until it is replaced. 403/404: the chat is gone for the bot
    /// (it left the group, the person blocked it, an unknown id), so the message fails for that recipient only.
    /// 400: the request itself is wrong. 408, 429, 5xx: try again later.
    /// </summary>
    public static ZaloErrorKind Classify(int code) => code switch
    {
        Unauthorized => ZaloErrorKind.Token,
        Forbidden or NotFound => ZaloErrorKind.PermanentRecipient,
        BadRequest => ZaloErrorKind.PermanentPayload,
        RequestTimeout or QuotaExceeded or (>= 500 and <= 599) => ZaloErrorKind.Retryable,
        _ => ZaloErrorKind.Unknown,
    };

    public static ZaloApiException Exception(int code, string method, string? description) =>
        new(code, $"{method}: {(string.IsNullOrWhiteSpace(description) ? "error " + code : description)}", Classify(code));
}
