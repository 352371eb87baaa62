namespace ZaloBot.Zalo;

/// <summary>How a failed Zalo call should be treated by whoever sent it.</summary>
public enum ZaloErrorKind
{
    /// <summary>Not classified; treat as permanent unless you know better.</summary>
    Unknown,

    /// <summary>Try again later: rate limit (-32), transient error (-100), HTTP 5xx, timeout, circuit open.</summary>
    Retryable,

    /// <summary>The access token was rejected (-216/-220) or could not be refreshed (OAuth errors).</summary>
    Token,

    /// <summary>
    /// This recipient cannot be reached now or ever, or the OA lacks the permission:
    /// window errors (-230…), blocked or banned users, OA/app configuration (-204, -209, -223…).
    /// </summary>
    PermanentRecipient,

    /// <summary>The request itself is wrong (-201, -210): resending it unchanged will fail again.</summary>
    PermanentPayload,
}

/// <summary>
/// Every failure of a Zalo call: an <c>error != 0</c> answer, an OAuth error, an HTTP error or a transport failure.
/// <see cref="Code"/> is Zalo's code (negative), an HTTP status (100–599) or one of the local codes in
/// <see cref="ZaloErrorCodes"/> (1001–1005).
/// </summary>
public sealed class ZaloApiException : Exception
{
    public ZaloApiException(int code, string message)
        : this(code, message, ZaloErrorCodes.Classify(code))
    {
    }

    public ZaloApiException(int code, string message, ZaloErrorKind kind, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Kind = kind;
    }

    public ZaloApiException()
        : this(0, "Zalo call failed")
    {
    }

    public ZaloApiException(string message)
        : this(0, message)
    {
    }

    public ZaloApiException(string message, Exception innerException)
        : this(0, message, ZaloErrorKind.Unknown, innerException)
    {
    }

    /// <summary>Zalo's error code, an HTTP status, or a local code.</summary>
    public int Code { get; }

    public ZaloErrorKind Kind { get; }

    /// <summary>A short Vietnamese explanation of <see cref="Code"/>, fit to show an admin.</summary>
    public string Reason => ZaloErrorCodes.Reason(Code);

    /// <summary>For an open circuit: how long until it lets a trial call through, when Polly knows.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when resending the same request will not help.</summary>
    public bool IsPermanent => Kind is ZaloErrorKind.PermanentRecipient or ZaloErrorKind.PermanentPayload;
}
