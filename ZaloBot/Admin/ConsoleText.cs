using System.Globalization;
using ZaloBot.Admin.Reports;
using ZaloBot.Teams;

namespace ZaloBot.Admin;

/// <summary>How the console and its exports write numbers, dates and states in Vietnamese.</summary>
public static class ConsoleText
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>"1.234".</summary>
    public static string Number(long value) => value.ToString("#,0", Culture);

    public static string Date(DateOnly date) => VietnamTime.ToDisplay(date);

    /// <summary>"28/11/2026 14:05", Vietnam time.</summary>
    public static string DateTime(DateTimeOffset moment) =>
        moment.ToOffset(VietnamTime.Offset).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"5 phút", "3 giờ", "2 ngày": how long something has waited.</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "chưa tới 1 phút",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} phút",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} giờ",
        _ => $"{(int)age.TotalDays} ngày",
    };

    /// <summary>"vừa xong", "5 phút trước", "2 ngày trước".</summary>
    public static string Ago(TimeSpan age) => age.TotalMinutes < 1 ? "vừa xong" : Age(age) + " trước";

    /// <summary>
    /// How long a help request has been in its state: "Chờ 2 giờ"; a taken one since it was taken and since it was asked
    /// ("Nhận 1 giờ trước · gửi 3 giờ trước"); a closed one how long it took.
    /// </summary>
    public static string RequestAge(HelpRequestRow request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Status switch
        {
            "open" => "Chờ " + Age(now - request.CreatedAt),
            "claimed" => "Nhận " + Ago(now - (request.ClaimedAt ?? now)) + " · gửi " + Ago(now - request.CreatedAt),
            "done" => "Xong sau " + Age((request.CompletedAt ?? now) - request.CreatedAt),
            _ => "Hủy sau " + Age((request.CancelledAt ?? now) - request.CreatedAt),
        };
    }

    public static string RequestStatus(string status) => status switch
    {
        "open" => "Mới",
        "claimed" => "Đã nhận",
        "done" => "Đã xong",
        _ => "Đã hủy",
    };

    /// <summary>The badge colour of a request's status: waiting for someone is the one that needs a look.</summary>
    public static string RequestBadge(string status) => status switch
    {
        "open" => "under",
        "claimed" => "over",
        _ => "within",
    };

    /// <summary>
    /// A phone number whole, grouped for reading aloud ("0912 345 678"). Only for the pages that record the view in the
    /// <see cref="AuditTrail"/>; everywhere else use <see cref="Phone"/>.
    /// </summary>
    public static string FullPhone(string phone) =>
        PhoneNumber.Normalize(phone) is { } national ? $"{national[..4]} {national[4..7]} {national[7..]}" : "—";

    /// <summary>"11/2026".</summary>
    public static string Month(DateOnly month) => month.ToString("MM/yyyy", CultureInfo.InvariantCulture);

    public static string Compliance(SizeCompliance compliance) => compliance switch
    {
        SizeCompliance.Under => "Thiếu người",
        SizeCompliance.Within => "Đủ theo kế hoạch",
        _ => "Vượt kế hoạch",
    };

    public static string Status(AssistStatus status) => status switch
    {
        AssistStatus.Recorded => "Đã ghi",
        AssistStatus.Corrected => "Đã sửa",
        _ => "Đã hủy",
    };

    /// <summary>"Tổ trưởng".</summary>
    public static string Role(MemberRole role)
    {
        var name = role.DisplayName();
        return char.ToUpper(name[0], Culture) + name[1..];
    }

    public static string ImportStatus(PastReports.AssistImport import) => import.Status switch
    {
        PastReports.AssistImportStatus.Queued => "Đang chờ",
        PastReports.AssistImportStatus.Running => $"Đang nhập ({import.Percent}%)",
        PastReports.AssistImportStatus.Done => "Đã xong",
        _ => "Không xong",
    };

    /// <summary>Who a past report imported without a member is shown as.</summary>
    public const string Imported = "Nhập từ báo cáo cũ";

    public static string TeamLevel(TeamLevel level) => level == Teams.TeamLevel.Commune ? "Cấp xã" : "Cấp thôn";

    /// <summary>Which kind of Zalo group a team's group is: the OA's (GMF) or an ordinary group the bot was invited to.</summary>
    public static string GroupChannel(Messaging.ChannelId channel) =>
        channel == Messaging.ChannelId.ZaloBot ? "Nhóm Zalo thường (Bot)" : "Nhóm OA";

    public static string Categories(IEnumerable<AssistCategory> categories) => string.Join("; ", categories.Select(c => c.DisplayName()));

    /// <summary>A masked phone, or the text as stored when it is not a mobile number (never shown in full either way).</summary>
    public static string Phone(string phone) => PhoneNumber.IsValid(phone) ? PhoneNumber.Mask(phone) : "—";
}
