using System.Globalization;
using System.Text;
using ZaloBot.Messaging;
using ZaloBot.Teams;

namespace ZaloBot.TeamChat;

/// <summary>
/// Everything the team chat says. Plain text (groups take no buttons), short enough for a phone, Vietnamese
/// with full diacritics. Phones only ever appear masked.
/// </summary>
public static class TeamReplies
{
    public const string NotBound =
        "Nhóm này chưa kết nối với tổ công nghệ số nào nên chưa dùng được lệnh.\n"
        + "Để kết nối, gõ #ketnoi và mã kết nối của tổ (cán bộ xã cấp), ví dụ: #ketnoi QT7K2M";

    public const string BindOnlyInGroup =
        "Lệnh #ketnoi dùng trong nhóm Zalo của tổ, không dùng khi nhắn riêng với OA.";

    public const string RegisterInGroup =
        "Để đăng ký thành viên, bạn gõ lệnh này trong nhóm Zalo của tổ mình (nhóm đã kết nối), ví dụ:\n#dangky Nguyễn Văn An | 0912 345 678";

    public const string NotAMember =
        "Bạn chưa đăng ký trong tổ. Gõ: #dangky Họ tên | số điện thoại";

    public const string LeadersOnly = "Chỉ tổ trưởng hoặc tổ phó dùng được lệnh này.";

    public static string Bound(Team team) =>
        $"Đã kết nối nhóm với {team.Name} ({team.UnitName}).\n"
        + "Mọi người đăng ký bằng: #dangky Họ tên | số điện thoại\n"
        + "Gõ #huongdan để xem các lệnh.";

    public static string AlreadyBound(Team team) => $"Nhóm này đã kết nối với {team.Name} rồi.";

    public static string BoundToAnotherTeam(Team team) =>
        $"Nhóm này đã thuộc {team.Name}; mỗi nhóm chỉ gắn với một tổ.";

    public static string BindCodeUsed(Team team) =>
        $"Mã này đã được dùng cho một nhóm khác của {team.Name}. Nếu cần đổi nhóm, nhờ cán bộ xã hỗ trợ.";

    public static string UnknownBindCode(string code) =>
        $"Không có tổ nào có mã “{code}”. Kiểm tra lại mã cán bộ xã gửi (chữ và số, không có dấu cách).";

    public static string Welcome(TeamMember member, Team team, int count) =>
        $"Chào {member.FullName}, bạn đã vào {team.Name} với vai trò {member.Role.DisplayName()} (SĐT {PhoneNumber.Mask(member.Phone)}).\n"
        + PlanSentence(team, count);

    /// <summary>A member registered through one channel typed #dangky with their phone through the other: one member still.</summary>
    public static string Recognised(TeamMember member, Team team) =>
        $"Chào {member.FullName}, bạn đã là {member.Role.DisplayName()} của {team.Name} (SĐT {PhoneNumber.Mask(member.Phone)}), "
        + "nay nhắn được cả qua kênh này. Hỗ trợ đã ghi vẫn tính cho bạn như cũ.";

    /// <summary>
    /// Told 1:1 to whoever typed a member's name and phone on a channel the member does not write on yet. It names no
    /// team, group or member: the name and phone a leader hands out must not buy more than this.
    /// </summary>
    public const string LinkCodePosted =
        "Để chắc đúng là bạn, bot vừa gửi một mã 6 số vào nhóm Zalo của tổ bạn.\n"
        + "Xem mã trong nhóm rồi gửi lại ở đây trong 15 phút: #xacnhan <mã>, ví dụ: #xacnhan 482913";

    /// <summary>
    /// Posted in each of the member's team groups: the code that proves a request comes from someone in the group.
    /// Only here does the code appear.
    /// </summary>
    public static string LinkCodeNotice(TeamMember member, ChannelId via, string code) =>
        $"{member.FullName}: có người vừa xin dùng bot với tên của bạn qua {ChannelName(via)}.\n"
        + $"Nếu đúng là bạn, trong 15 phút hãy nhắn riêng cho bot qua kênh đó: #xacnhan {code}\n"
        + "Nếu không phải bạn, đừng làm gì và báo ngay cán bộ xã.";

    public static string WrongLinkCode(int attemptsLeft) =>
        $"Mã chưa đúng. Xem lại mã 6 số bot gửi trong nhóm Zalo của tổ (còn {attemptsLeft} lần thử).";

    public const string LinkCodeDropped =
        "Mã đã bị nhập sai 5 lần nên yêu cầu bị hủy. Sau 15 phút, muốn làm lại thì nhắn riêng cho bot: #dangky Họ tên | số điện thoại, rồi xem mã mới trong nhóm Zalo của tổ.";

    public const string LinkRequestsPaused =
        "Mã vừa bị nhập sai 5 lần nên tạm thời chưa gửi được mã mới. Hãy thử lại sau 15 phút.";

    public const string LinkCodeExpired =
        "Mã đã hết hạn (mã chỉ dùng được trong 15 phút). Muốn làm lại, nhắn riêng cho bot: #dangky Họ tên | số điện thoại, rồi xem mã mới trong nhóm Zalo của tổ.";

    public const string NoPendingLink =
        "Bạn chưa có yêu cầu nào đang chờ xác nhận, hoặc yêu cầu đã hết hạn. Nhắn riêng cho bot: #dangky Họ tên | số điện thoại, "
        + "bot sẽ gửi mã vào nhóm Zalo của tổ.";

    public const string ConfirmLinkOnlyPrivate =
        "Lệnh #xacnhan chỉ dùng khi nhắn riêng với bot, không gõ trong nhóm.";

    public const string AlreadyLinked = "Bạn đã nhắn được với bot qua kênh này rồi, không cần #xacnhan nữa.";

    /// <summary>Told to a member's team group when their identity on another channel was attached to them.</summary>
    public static string NowAlsoOn(TeamMember member, ChannelId via) =>
        $"{member.FullName} (SĐT {PhoneNumber.Mask(member.Phone)}) nay nhắn riêng được với bot qua {ChannelName(via)}. "
        + "Nếu không phải bạn ấy tự đăng ký, báo ngay cán bộ xã.";

    /// <summary>A channel as members know it.</summary>
    public static string ChannelName(ChannelId via) => via == ChannelId.ZaloBot ? "tài khoản Bot trên Zalo" : "Zalo OA";

    public static string Updated(TeamMember member) =>
        $"Đã cập nhật thông tin của bạn: {member.FullName}, SĐT {PhoneNumber.Mask(member.Phone)}, vai trò {member.Role.DisplayName()}.";

    public static string PhoneTaken(string phone) =>
        $"Số {PhoneNumber.Mask(phone)} đã có thành viên khác của tổ đăng ký. Kiểm tra lại số; nếu đó là số cũ của bạn, nhờ tổ trưởng gõ #xoa số đó trước.";

    /// <summary>The member count against the plan: below, within or above it, said plainly.</summary>
    public static string PlanSentence(Team team, int count)
    {
        var plan = team.Plan;
        var level = team.Level.DisplayName();
        if (count < plan.Min)
        {
            return $"Tổ có {count} thành viên; kế hoạch tổ {level} là {plan.Range} người, còn thiếu {plan.Min - count} người.";
        }

        return count > plan.Max
            ? $"Tổ có {count} thành viên, nhiều hơn kế hoạch tổ {level} ({plan.Range} người) {count - plan.Max} người."
            : $"Tổ có {count} thành viên, đủ theo kế hoạch tổ {level} ({plan.Range} người).";
    }

    public static string Recorded(HouseholdAssist assist, int timesForHousehold)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Đã ghi {assist.Code}: hộ {assist.HeadOfHousehold}, {assist.Village}.\n")
            .Append("Đã hỗ trợ: ").Append(Categories(assist.Categories)).Append('.');
        if (timesForHousehold > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nHộ này đã được tổ hỗ trợ {timesForHousehold} lần (vẫn tính là 1 hộ).");
        }

        return text.Append(CultureInfo.InvariantCulture, $"\nSai thì gõ #sua {assist.Code} | hỗ trợ: … hoặc #huy {assist.Code}").ToString();
    }

    public static string Corrected(HouseholdAssist assist) =>
        $"Đã sửa {assist.Code}: hộ {assist.HeadOfHousehold}, {assist.Village}.\nĐã hỗ trợ: {Categories(assist.Categories)}.";

    public static string Cancelled(HouseholdAssist assist) =>
        $"Đã hủy {assist.Code} (hộ {assist.HeadOfHousehold}, {assist.Village}); báo cáo này không còn được tính.";

    public static string ReportNotFound(string code) => $"Không tìm thấy báo cáo {code} của tổ. Mã có trong tin trả lời khi báo #hotro.";

    public static string ReportAlreadyCancelled(string code) => $"Báo cáo {code} đã hủy rồi; muốn báo lại thì dùng #hotro.";

    public static string ReportTooOld(string code) =>
        $"{code} đã quá 48 giờ nên bạn không tự sửa hay hủy được nữa; nhờ tổ trưởng hoặc tổ phó giúp.";

    public static string ReportNotYours(string code) =>
        $"Chỉ người báo {code} (trong 48 giờ) hoặc tổ trưởng, tổ phó mới sửa hay hủy được.";

    /// <summary>
    /// The team's figures. Over a period (<paramref name="sinceStart"/> false) households count when first helped in it,
    /// so the periods add up; the households since the start follow.
    /// </summary>
    public static string Stats(Team team, TeamStats stats, string period, bool sinceStart)
    {
        if (stats.Assists == 0)
        {
            return $"{team.Name} chưa báo hộ nào {period}.\nBáo hộ đã hỗ trợ bằng: #hotro Chủ hộ | Thôn | đã hỗ trợ gì";
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Số liệu {period} của {team.Name}:\n");
        if (sinceStart)
        {
            text.Append(CultureInfo.InvariantCulture, $"Hộ được hỗ trợ: {stats.Households} hộ ({stats.Assists} lượt)\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Hộ mới được hỗ trợ: {stats.Households} hộ ({stats.Assists} lượt); từ trước đến nay: {stats.HouseholdsEver} hộ\n");
        }

        text.Append("Theo nội dung (lượt):");
        foreach (var (category, assists) in stats.ByCategory)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {category.DisplayName()}: {assists}");
        }

        text.Append("\nTheo thành viên:");
        foreach (var (member, assists, households) in stats.ByMember)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {member}: {households} hộ{(sinceStart ? "" : " mới")}, {assists} lượt");
        }

        // The figures are the team's output; the console also shows households by the village they live in.
        text.Append("\nCách tính: Tổ này đã hỗ trợ (cả hộ ở thôn khác).");
        return text.ToString();
    }

    /// <summary>"tuần này (từ 23/11)", "tháng 11/2026", "năm 2026", "từ trước đến nay".</summary>
    public static string Period(StatsPeriod period, DateOnly today, DateOnly? from) => period switch
    {
        StatsPeriod.Week => $"tuần này (từ {from!.Value.ToString("dd/MM", CultureInfo.InvariantCulture)})",
        StatsPeriod.Month => $"tháng {today.Month}/{today.Year}",
        StatsPeriod.Year => $"năm {today.Year}",
        _ => "từ trước đến nay",
    };

    public static string Roster(Team team, IReadOnlyList<TeamMember> members)
    {
        if (members.Count == 0)
        {
            return $"{team.Name} chưa có thành viên nào. Đăng ký bằng: #dangky Họ tên | số điện thoại";
        }

        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{team.Name}: {members.Count} thành viên (kế hoạch {team.Plan.Range} người)");
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            text.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. {member.FullName} – {member.Role.DisplayName()} – {PhoneNumber.Mask(member.Phone)}");
        }

        return text.ToString();
    }

    public static string MemberNotFound(MemberRef target) =>
        $"Không tìm thấy thành viên “{Describe(target)}” trong tổ. Gõ #thanhvien để xem danh sách.";

    public static string MemberAmbiguous(MemberRef target, int count) =>
        $"Có {count} thành viên tên “{Describe(target)}”. Hãy ghi số điện thoại thay cho tên.";

    public static string Removed(TeamMember member, Team team, int count) =>
        $"Đã xóa {member.FullName} khỏi tổ.\n{PlanSentence(team, count)}";

    public const string CannotRemoveSelf = "Bạn không tự xóa mình được; nhờ tổ trưởng hoặc tổ phó khác làm giúp.";

    public const string DeputyCannotTouchLeader = "Tổ phó không xóa hay đổi vai trò của tổ trưởng được.";

    public const string OnlyLeaderAppointsLeaders = "Chỉ tổ trưởng mới giao được vai trò tổ trưởng.";

    public const string TeamNeedsLeader = "Tổ cần ít nhất một tổ trưởng; hãy giao vai trò tổ trưởng cho người khác trước.";

    public static string RoleUnchanged(TeamMember member) => $"{member.FullName} đã là {member.Role.DisplayName()} rồi.";

    public static string RoleChanged(TeamMember member, MemberRole role) => $"Đã đổi vai trò: {member.FullName} giờ là {role.DisplayName()}.";

    private static string Categories(IReadOnlyList<AssistCategory> categories) =>
        categories is [AssistCategory.Other]
            ? "Khác (chưa nhận ra nội dung; có thể ghi rõ hơn, ví dụ: cài VNeID, mở ví, nộp hồ sơ)"
            : string.Join(", ", categories.Select(c => c.DisplayName()));

    private static string Describe(MemberRef target) =>
        target.Phone is { } phone ? PhoneNumber.Mask(phone) : target.Name ?? "";
}
