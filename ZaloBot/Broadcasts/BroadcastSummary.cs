using System.Globalization;
using ZaloBot.Teams;

namespace ZaloBot.Broadcasts;

/// <summary>The Vietnamese an official reads about an announcement: its state, its audit actions, one-line summaries.</summary>
public static class BroadcastSummary
{
    /// <summary>"Đã gửi 12/15 người nhận (đã nhận 10, đã xem 4); 3 ngoài thời hạn 7 ngày." and the like.</summary>
    public static string Of(Broadcast broadcast, BroadcastTotals totals, IReadOnlyList<ReasonCount> skippedBy, PreviewItem? preview, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(skippedBy);
        if (preview is not null)
        {
            return $"{StatusText(broadcast, now)}. {preview.Summary}";
        }

        if (broadcast.Status == BroadcastStatus.Cancelled && broadcast.StartedAt is null)
        {
            return $"{StatusText(broadcast, now)}, trước khi gửi: không ai nhận được.";
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

        return $"{StatusText(broadcast, now)}. {string.Join("; ", parts)}.";
    }

    /// <summary>
    /// A scheduled announcement whose time has come, as it is right after «Gửi ngay»: the runner is about to start it,
    /// so it is no longer open to change and every page already calls it sending.
    /// </summary>
    public static bool IsDue(Broadcast broadcast, DateTimeOffset now) =>
        broadcast is { Status: BroadcastStatus.Scheduled, ScheduledAt: { } at } && at <= now;

    /// <summary>The state every page and the API show: a due announcement is already sending.</summary>
    public static BroadcastStatus Status(Broadcast broadcast, DateTimeOffset now) =>
        IsDue(broadcast, now) ? BroadcastStatus.Sending : broadcast.Status;

    /// <summary>The one wording of an announcement's state, wherever it is shown: "Đang gửi", "Đã hẹn giờ gửi lúc 08:00 28/11/2026"…</summary>
    public static string StatusText(Broadcast broadcast, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        // A due announcement for residents at night will be held as soon as the runner starts it.
        var heldUntil = IsDue(broadcast, now) ? QuietHours.HeldUntil(broadcast.Audience, broadcast.Urgent, now) : broadcast.HeldUntil;
        return (Status(broadcast, now), broadcast) switch
        {
            (BroadcastStatus.Sending, _) when heldUntil is { } until => $"Tạm dừng ban đêm, gửi tiếp lúc {Display(until)}",
            (BroadcastStatus.Scheduled, { ScheduledAt: { } at }) => $"Đã hẹn giờ gửi lúc {Display(at)}",
            (BroadcastStatus.Cancelled, { CancelledAt: { } at }) => $"Đã hủy lúc {Display(at)}",
            (BroadcastStatus.Completed, { CompletedAt: { } at }) => $"Đã gửi xong lúc {Display(at)}",
            var (status, _) => status.DisplayName(),
        };
    }

    public static string ActionText(string action) => action switch
    {
        "created" => "Tạo thông báo",
        "edited" => "Sửa",
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

        return new PreviewItem(
            preview.Recipients, preview.Reachable, preview.OutOfWindow, preview.NoGroup, preview.HeldUntil, string.Join("; ", parts) + ".", preview.Unconnected);
    }

    /// <summary>Why an audience nobody can be reached in is not sent: "0/2 người nhận: cả 2 ngoài thời hạn 7 ngày."</summary>
    public static string Unreachable(PreviewItem preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        if (preview.Recipients == 0)
        {
            return "Không gửi được: chưa có ai trong đối tượng nhận này.";
        }

        string Count(long count) => count == preview.Recipients && count > 1 ? $"cả {count}" : count.ToString(CultureInfo.InvariantCulture);
        var reasons = new List<string>();
        if (preview.OutOfWindow > 0)
        {
            reasons.Add($"{Count(preview.OutOfWindow)} ngoài thời hạn 7 ngày (chưa nhắn OA trong 7 ngày qua)");
        }

        if (preview.NoGroup > 0)
        {
            reasons.Add($"{Count(preview.NoGroup)} tổ chưa kết nối nhóm Zalo");
        }

        return $"Không gửi được: {preview.WillSend}/{preview.Recipients} người nhận: {string.Join("; ", reasons)}.";
    }

    /// <summary>" thuộc Xã Tân Lập, Xã Hướng Hiệp" or " (toàn tỉnh)", for the audit trail.</summary>
    public static string Units(IReadOnlyList<AdminUnit> units) =>
        units.Count == 0 ? " (toàn tỉnh)" : " thuộc " + string.Join(", ", units.Select(u => u.Name));

    /// <summary>"08:00 28/11/2026", Vietnam time.</summary>
    public static string Display(DateTimeOffset at) => at.ToOffset(VietnamTime.Offset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
