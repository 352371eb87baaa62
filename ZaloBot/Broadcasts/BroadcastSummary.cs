using System.Globalization;
using ZaloBot.Teams;

namespace ZaloBot.Broadcasts;

/// <summary>The Vietnamese an official reads about an announcement: its state, its audit actions, one-line summaries.</summary>
public static class BroadcastSummary
{
    /// <summary>"Đã gửi 12/15 người nhận (đã nhận 10, đã xem 4); 3 ngoài thời hạn 7 ngày." and the like.</summary>
    public static string Of(Broadcast broadcast, BroadcastTotals totals, IReadOnlyList<ReasonCount> skippedBy, PreviewItem? preview)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(skippedBy);
        if (preview is not null)
        {
            return broadcast.Status == BroadcastStatus.Scheduled
                ? $"Đã hẹn gửi lúc {Display(broadcast.ScheduledAt!.Value)}. {preview.Summary}"
                : $"Bản nháp, chưa gửi. {preview.Summary}";
        }

        if (broadcast.Status == BroadcastStatus.Cancelled && broadcast.StartedAt is null)
        {
            return $"{StatusText(broadcast)}, trước khi gửi: không ai nhận được.";
        }

        var parts = new List<string>();
        var reached = $"Đã gửi {totals.Sent}/{totals.Recipients} người nhận";
        if (totals.Delivered > 0)
        {
            reached += $" (đã nhận {totals.Delivered}, đã xem {totals.Seen})";
        }

        parts.Add(reached);
        if (totals.Queued > 0)
        {
            parts.Add($"{totals.Queued} đang chờ gửi");
        }

        parts.AddRange(skippedBy.Select(r => $"{r.Count} {r.Text}"));
        if (totals.Failed > 0)
        {
            parts.Add($"{totals.Failed} gửi lỗi");
        }

        if (totals.Cancelled > 0)
        {
            parts.Add($"{totals.Cancelled} đã hủy, không gửi");
        }

        return $"{StatusText(broadcast)}. {string.Join("; ", parts)}.";
    }

    /// <summary>A draft or scheduled announcement in a list, where its reach is not counted: its state alone.</summary>
    public static string NotSentYet(Broadcast broadcast)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        return broadcast.Status == BroadcastStatus.Scheduled ? $"Đã hẹn gửi lúc {Display(broadcast.ScheduledAt!.Value)}." : "Bản nháp, chưa gửi.";
    }

    public static string StatusText(Broadcast broadcast)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        return broadcast switch
        {
            { Status: BroadcastStatus.Sending, HeldUntil: { } until } => $"Tạm dừng ban đêm, gửi tiếp lúc {Display(until)}",
            { Status: BroadcastStatus.Scheduled, ScheduledAt: { } at } => $"Đã hẹn giờ gửi lúc {Display(at)}",
            { Status: BroadcastStatus.Cancelled, CancelledAt: { } at } => $"Đã hủy lúc {Display(at)}",
            { Status: BroadcastStatus.Completed, CompletedAt: { } at } => $"Đã gửi xong lúc {Display(at)}",
            _ => broadcast.Status.DisplayName(),
        };
    }

    public static string ActionText(string action) => action switch
    {
        "created" => "Tạo thông báo",
        "scheduled" => "Hẹn giờ gửi",
        "sent" => "Gửi ngay",
        "cancelled" => "Hủy",
        "started" => "Bắt đầu gửi",
        "held" => "Tạm dừng ban đêm",
        "resumed" => "Gửi tiếp",
        "completed" => "Gửi xong",
        _ => action,
    };

    public static PreviewItem Preview(AudiencePreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var parts = new List<string> { $"Sẽ gửi tới {preview.Reachable}/{preview.Recipients} người nhận" };
        if (preview.OutOfWindow > 0)
        {
            parts.Add($"{preview.OutOfWindow} ngoài thời hạn 7 ngày (quá 7 ngày chưa nhắn với OA nên Zalo không cho gửi)");
        }

        if (preview.NoGroup > 0)
        {
            parts.Add($"{preview.NoGroup} tổ chưa kết nối nhóm Zalo");
        }

        if (preview.HeldUntil is { } until)
        {
            parts.Add($"người dân không nhận tin từ 22:00 đến 06:00, nên nếu gửi bây giờ tin sẽ chờ đến {Display(until)}");
        }

        return new PreviewItem(preview.Recipients, preview.Reachable, preview.OutOfWindow, preview.NoGroup, preview.HeldUntil, string.Join("; ", parts) + ".");
    }

    /// <summary>" thuộc Xã Tân Lập, Xã Hướng Hiệp" or " (toàn tỉnh)", for the audit trail.</summary>
    public static string Units(IReadOnlyList<AdminUnit> units) =>
        units.Count == 0 ? " (toàn tỉnh)" : " thuộc " + string.Join(", ", units.Select(u => u.Name));

    /// <summary>"08:00 28/11/2026", Vietnam time.</summary>
    public static string Display(DateTimeOffset at) => at.ToOffset(VietnamTime.Offset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
