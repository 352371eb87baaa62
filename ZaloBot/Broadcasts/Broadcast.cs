using ZaloBot.Teams;

namespace ZaloBot.Broadcasts;

/// <summary>Who an announcement goes to. Chosen units narrow each audience; see <see cref="BroadcastAudiences"/>.</summary>
public enum BroadcastAudience
{
    /// <summary>Team groups (group messages): every team's, or those of teams within the chosen units.</summary>
    Groups,

    /// <summary>Members of the teams within the chosen units, 1:1 (customer-service messages). Units are required.</summary>
    Members,

    /// <summary>Residents who follow the OA, 1:1; with units, only those whose village lies within them.</summary>
    Residents,
}

public enum BroadcastStatus
{
    Draft,
    Scheduled,
    Sending,
    Completed,
    Cancelled,
}

public static class BroadcastAudiences
{
    public static string Code(this BroadcastAudience audience) => audience switch
    {
        BroadcastAudience.Groups => "groups",
        BroadcastAudience.Members => "members",
        BroadcastAudience.Residents => "residents",
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    public static string DisplayName(this BroadcastAudience audience) => audience switch
    {
        BroadcastAudience.Groups => "nhóm Zalo của các tổ",
        BroadcastAudience.Members => "thành viên các tổ (nhắn riêng)",
        BroadcastAudience.Residents => "người dân quan tâm OA (nhắn riêng)",
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    /// <summary>Reads an audience as written in a request; null when it is none of them.</summary>
    public static BroadcastAudience? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "GROUPS" => BroadcastAudience.Groups,
        "MEMBERS" => BroadcastAudience.Members,
        "RESIDENTS" => BroadcastAudience.Residents,
        _ => null,
    };

    /// <summary>Group messages go out 24/7; 1:1 messages need the 7-day window.</summary>
    public static bool IsOneToOne(this BroadcastAudience audience) => audience != BroadcastAudience.Groups;

    internal static BroadcastAudience FromCode(string code) =>
        Parse(code) ?? throw new InvalidOperationException($"Unknown broadcast audience '{code}' in the database.");
}

public static class BroadcastStatuses
{
    public static string Code(this BroadcastStatus status) => status.ToString().ToLowerInvariant();

    public static string DisplayName(this BroadcastStatus status) => status switch
    {
        BroadcastStatus.Draft => "Bản nháp, chưa gửi",
        BroadcastStatus.Scheduled => "Đã hẹn giờ gửi",
        BroadcastStatus.Sending => "Đang gửi",
        BroadcastStatus.Completed => "Đã gửi xong",
        BroadcastStatus.Cancelled => "Đã hủy",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    internal static BroadcastStatus FromCode(string code) =>
        Enum.TryParse<BroadcastStatus>(code, ignoreCase: true, out var status)
            ? status
            : throw new InvalidOperationException($"Unknown broadcast status '{code}' in the database.");
}

/// <summary>Why a recipient was left out; stored codes with the Vietnamese a person reads.</summary>
public static class SkipReasons
{
    /// <summary>A 1:1 recipient who has not interacted with the OA in the last 7 days: Zalo would refuse (-230).</summary>
    public const string OutOfWindow = "out_of_window";

    /// <summary>A team whose Zalo group is not bound yet (#ketnoi).</summary>
    public const string NoGroup = "no_group";

    /// <summary>A resident who unfollowed the OA after the announcement started.</summary>
    public const string Unfollowed = "unfollowed";

    public static string DisplayName(string? reason) => reason switch
    {
        OutOfWindow => "ngoài thời hạn 7 ngày",
        NoGroup => "tổ chưa kết nối nhóm Zalo",
        Unfollowed => "đã bỏ quan tâm OA",
        _ => "không rõ lý do",
    };
}

/// <summary>
/// The night rule for residents: no announcement reaches them between 22:00 and 06:00 Vietnam time unless it is
/// urgent; it waits until 06:00. Team groups and team members are working channels and are not held.
/// </summary>
public static class QuietHours
{
    public static readonly TimeSpan Start = TimeSpan.FromHours(22);
    public static readonly TimeSpan End = TimeSpan.FromHours(6);

    /// <summary>The next 06:00 Vietnam time when <paramref name="now"/> falls in the quiet hours, else null.</summary>
    public static DateTimeOffset? HeldUntil(DateTimeOffset now)
    {
        var local = now.ToOffset(VietnamTime.Offset);
        var time = local.TimeOfDay;
        if (time >= End && time < Start)
        {
            return null;
        }

        var day = time >= Start ? local.Date.AddDays(1) : local.Date;
        return new DateTimeOffset(day + End, VietnamTime.Offset);
    }

    /// <summary>Whether this announcement must wait now: residents, not urgent, inside the quiet hours.</summary>
    public static DateTimeOffset? HeldUntil(BroadcastAudience audience, bool urgent, DateTimeOffset now) =>
        audience == BroadcastAudience.Residents && !urgent ? HeldUntil(now) : null;
}
