namespace ZaloBot.Broadcasts;

public enum BroadcastStatus
{
    Draft,
    Scheduled,
    Sending,
    Completed,
    Cancelled,
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
