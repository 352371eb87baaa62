using System.Collections.Frozen;
using System.Globalization;

namespace ZaloBot.Zalo;

/// <summary>One row of <see cref="ZaloErrorCodes"/>.</summary>
public sealed record ZaloErrorInfo(int Code, ZaloErrorKind Kind, string Reason);

/// <summary>
/// The error codes the bot knows (zalo-oa-api.md §5.1, §4), each with its handling class and a short Vietnamese
/// reason. Zalo's own codes are negative; positive codes are HTTP statuses or the local codes below.
/// </summary>
public static class ZaloErrorCodes
{
    public const int RateLimited = -32;
    public const int Transient = -100;
    public const int InvalidParameter = -201;
    public const int ParameterTooLong = -210;
    public const int AccessTokenInvalid = -216;
    public const int AccessTokenExpired = -220;
    public const int OutOfWindow = -230;
    public const int RefreshTokenInvalid = -14020;

    /// <summary>Local: no answer within the per-attempt timeout.</summary>
    public const int Timeout = 1001;

    /// <summary>Local: the connection to Zalo failed.</summary>
    public const int Unreachable = 1002;

    /// <summary>Local: the circuit breaker is open after repeated failures.</summary>
    public const int CircuitOpen = 1003;

    /// <summary>Local: our own send rate limiter refused the call (its queue is full).</summary>
    public const int Throttled = 1004;

    /// <summary>Local: Zalo answered with something that is not its JSON envelope.</summary>
    public const int InvalidResponse = 1005;

    /// <summary>Local: no token pair is stored or configured.</summary>
    public const int NoToken = 1006;

    /// <summary>Local: a refreshed token pair could not be saved, so it is not used yet.</summary>
    public const int TokenNotSaved = 1007;

    private static readonly FrozenDictionary<int, ZaloErrorInfo> Table = new ZaloErrorInfo[]
    {
        new(RateLimited, ZaloErrorKind.Retryable, "OA đã vượt giới hạn số lần gọi API, cần chờ rồi thử lại"),
        new(Transient, ZaloErrorKind.Retryable, "Lỗi tạm thời từ Zalo hoặc tệp đính kèm đã hết hạn"),
        new(InvalidParameter, ZaloErrorKind.PermanentPayload, "Tham số gửi lên không hợp lệ"),
        new(-204, ZaloErrorKind.PermanentRecipient, "OA đã bị vô hiệu hóa"),
        new(-205, ZaloErrorKind.PermanentRecipient, "OA không tồn tại"),
        new(-209, ZaloErrorKind.PermanentRecipient, "Ứng dụng chưa được kích hoạt để dùng API này"),
        new(ParameterTooLong, ZaloErrorKind.PermanentPayload, "Tham số vượt quá giới hạn cho phép"),
        new(-211, ZaloErrorKind.PermanentRecipient, "OA đã hết hạn mức gửi tin"),
        new(-212, ZaloErrorKind.PermanentRecipient, "Ứng dụng chưa đăng ký API này"),
        new(-213, ZaloErrorKind.PermanentRecipient, "Người nhận chưa quan tâm OA"),
        new(AccessTokenInvalid, ZaloErrorKind.Token, "Access token không hợp lệ"),
        new(-217, ZaloErrorKind.PermanentRecipient, "Người nhận đã chặn lời mời từ OA"),
        new(AccessTokenExpired, ZaloErrorKind.Token, "Access token đã hết hạn hoặc bị thu hồi"),
        new(-221, ZaloErrorKind.PermanentRecipient, "OA cần được xác thực"),
        new(-223, ZaloErrorKind.PermanentRecipient, "OA chưa cấp quyền cho API này"),
        new(-224, ZaloErrorKind.PermanentRecipient, "OA cần nâng cấp gói dịch vụ"),
        new(-227, ZaloErrorKind.PermanentRecipient, "Người nhận bị khóa hoặc không dùng Zalo quá 45 ngày"),
        new(OutOfWindow, ZaloErrorKind.PermanentRecipient, "Người nhận chưa tương tác với OA trong 7 ngày qua"),
        new(-232, ZaloErrorKind.PermanentRecipient, "Người nhận chưa tương tác hoặc lượt tương tác đã hết hạn"),
        new(-234, ZaloErrorKind.PermanentRecipient, "Loại tin này không được gửi vào ban đêm (22:00–06:00)"),
        new(-237, ZaloErrorKind.PermanentRecipient, "Nhóm đã bị vô hiệu hóa (gói GMF hết hạn)"),
        new(-240, ZaloErrorKind.PermanentRecipient, "API gửi tin phiên bản 2 đã ngừng hoạt động"),
        new(-242, ZaloErrorKind.PermanentRecipient, "appsecret_proof không hợp lệ"),
        new(-244, ZaloErrorKind.PermanentRecipient, "Người nhận đã chặn loại tin này từ OA"),
        new(-248, ZaloErrorKind.PermanentRecipient, "Tin nhắn vi phạm tiêu chuẩn của nền tảng"),
        new(-403, ZaloErrorKind.PermanentRecipient, "OA không có trong nhóm"),
        new(-14002, ZaloErrorKind.Token, "Ứng dụng Zalo chưa được kích hoạt"),
        new(-14003, ZaloErrorKind.Token, "Địa chỉ chuyển hướng (redirect uri) không hợp lệ"),
        new(RefreshTokenInvalid, ZaloErrorKind.Token, "Refresh token đã được dùng hoặc đã hết hạn, cần cấp quyền lại cho OA"),
        new(Timeout, ZaloErrorKind.Retryable, "Zalo không phản hồi kịp thời gian chờ"),
        new(Unreachable, ZaloErrorKind.Retryable, "Không kết nối được tới Zalo"),
        new(CircuitOpen, ZaloErrorKind.Retryable, "Tạm ngừng gọi Zalo vì lỗi liên tiếp"),
        new(Throttled, ZaloErrorKind.Retryable, "Hàng đợi gửi tin đang đầy"),
        new(InvalidResponse, ZaloErrorKind.Unknown, "Zalo trả về dữ liệu không đọc được"),
        new(NoToken, ZaloErrorKind.Token, "Chưa có token Zalo, cần cấp quyền cho OA"),
        new(TokenNotSaved, ZaloErrorKind.Token, "Không lưu được token Zalo mới vào cơ sở dữ liệu"),
    }.ToFrozenDictionary(e => e.Code);

    /// <summary>All known codes, for documentation and tests.</summary>
    public static IEnumerable<ZaloErrorInfo> Known => Table.Values.OrderBy(e => e.Code);

    public static ZaloErrorInfo Describe(int code) =>
        Table.TryGetValue(code, out var info) ? info : new ZaloErrorInfo(code, ClassifyUnlisted(code), UnlistedReason(code));

    public static ZaloErrorKind Classify(int code) => Describe(code).Kind;

    public static string Reason(int code) => Describe(code).Reason;

    private static ZaloErrorKind ClassifyUnlisted(int code) => code switch
    {
        408 or 429 or (>= 500 and <= 599) => ZaloErrorKind.Retryable,
        // -14xxx are OAuth errors: the token pair is unusable until the OA is authorized again.
        <= -14000 and > -15000 => ZaloErrorKind.Token,
        _ => ZaloErrorKind.Unknown,
    };

    private static string UnlistedReason(int code) => code switch
    {
        >= 500 and <= 599 => "Máy chủ Zalo gặp lỗi (HTTP " + code.ToString(CultureInfo.InvariantCulture) + ")",
        >= 100 and <= 499 => "Zalo từ chối yêu cầu (HTTP " + code.ToString(CultureInfo.InvariantCulture) + ")",
        <= -14000 and > -15000 => "Làm mới token Zalo thất bại (mã " + code.ToString(CultureInfo.InvariantCulture) + ")",
        _ => "Lỗi Zalo chưa xác định (mã " + code.ToString(CultureInfo.InvariantCulture) + ")",
    };
}
