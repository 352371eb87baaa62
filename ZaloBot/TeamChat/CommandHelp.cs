using System.Text;
using ZaloBot.Text;

namespace ZaloBot.TeamChat;

/// <summary>
/// The command table: keyword, aliases, and the Vietnamese texts people read (purpose, usage, one real example).
/// The parser takes its keywords from here, so help and grammar cannot drift apart. Texts are short: they are
/// read on phone screens in a busy group.
/// </summary>
public static class CommandHelp
{
    private sealed record Entry(CommandKind Kind, string Keyword, string[] Aliases, string Purpose, string Usage, string Example);

    private static readonly Entry[] Entries =
    [
        new(CommandKind.Bind, "ketnoi", ["kn"], "gắn nhóm Zalo này với tổ",
            "#ketnoi <mã kết nối>", "#ketnoi QT7K2M"),
        new(CommandKind.Register, "dangky", ["dk"], "đăng ký làm thành viên tổ",
            "#dangky <họ tên> | <số điện thoại>", "#dangky Nguyễn Văn An | 0912 345 678"),
        new(CommandKind.ReportAssist, "hotro", ["ht"], "báo một hộ đã được hỗ trợ",
            "#hotro <chủ hộ> | <thôn hoặc địa chỉ> | <đã hỗ trợ gì>",
            "#hotro Nguyễn Văn An | Thôn Tân Lập | cài VNeID, kích hoạt định danh mức 2"),
        new(CommandKind.CorrectReport, "sua", [], "sửa một báo cáo (ghi trường cần sửa)",
            "#sua <mã> | chủ hộ: … | thôn: … | hỗ trợ: …", "#sua HT-0012 | hỗ trợ: cài VNeID, mở ví VNPT Money"),
        new(CommandKind.CancelReport, "huy", [], "hủy một báo cáo gửi nhầm",
            "#huy <mã>", "#huy HT-0012"),
        new(CommandKind.Stats, "thongke", ["tk"], "số liệu của tổ (không ghi gì: tháng này)",
            "#thongke [tuần/tháng/năm/tất cả]", "#thongke tuần"),
        new(CommandKind.ListMembers, "thanhvien", ["tv"], "danh sách thành viên và vai trò",
            "#thanhvien", "#thanhvien"),
        new(CommandKind.RemoveMember, "xoa", [], "xóa thành viên khỏi tổ (tổ trưởng, tổ phó)",
            "#xoa <họ tên hoặc số điện thoại>", "#xoa Trần Thị Bình"),
        new(CommandKind.SetRole, "vaitro", [], "đổi vai trò thành viên (tổ trưởng, tổ phó)",
            "#vaitro <họ tên> | <tổ trưởng/tổ phó/thành viên>", "#vaitro Trần Thị Bình | tổ phó"),
        new(CommandKind.Help, "huongdan", ["hd", "help", "?"], "xem hướng dẫn các lệnh",
            "#huongdan [tên lệnh]", "#huongdan hotro"),
        new(CommandKind.ClaimRequest, "nhan", [], "nhận yêu cầu hỗ trợ của người dân",
            "#nhan <mã yêu cầu>", "#nhan YC-0007"),
        new(CommandKind.CompleteRequest, "xong", [], "báo đã xong một yêu cầu",
            "#xong <mã yêu cầu> | [ghi chú]", "#xong YC-0007 | đã hướng dẫn nộp hồ sơ khai sinh trực tuyến"),
        new(CommandKind.ConfirmLink, "xacnhan", [], "dùng bot qua kênh thứ hai (nhắn riêng, mã 6 số gửi trong nhóm tổ)",
            "#xacnhan <mã 6 số>", "#xacnhan 482913"),
    ];

    private static readonly Dictionary<string, CommandKind> ByKeyword = Entries
        .SelectMany(entry => entry.Aliases.Prepend(entry.Keyword).Select(word => (word, entry.Kind)))
        .ToDictionary(pair => pair.word, pair => pair.Kind, StringComparer.Ordinal);

    /// <summary>Every command, in the order the help lists them.</summary>
    public static IReadOnlyList<CommandKind> Commands { get; } = Entries.Select(entry => entry.Kind).ToArray();

    /// <summary>The keyword as people should type it, with its <c>#</c> ("#dangky").</summary>
    public static string Keyword(CommandKind kind) => "#" + Get(kind).Keyword;

    /// <summary>The short forms ("#dk"), possibly none.</summary>
    public static IReadOnlyList<string> Aliases(CommandKind kind) => Get(kind).Aliases.Select(alias => "#" + alias).ToArray();

    public static string Purpose(CommandKind kind) => Get(kind).Purpose;

    public static string Usage(CommandKind kind) => Get(kind).Usage;

    /// <summary>One real example that parses to the command itself.</summary>
    public static string Example(CommandKind kind) => Get(kind).Example;

    /// <summary>The reply to <c>#huongdan</c>: every command with its short forms and one example.</summary>
    public static string Overview { get; } = BuildOverview();

    /// <summary>The reply to <c>#huongdan &lt;lệnh&gt;</c>: one command in full.</summary>
    public static string Topic(CommandKind kind) =>
        $"{Title(kind)}: {Purpose(kind)}\nCách gõ: {Usage(kind)}\nVí dụ: {Example(kind)}";

    /// <summary>The reply to a malformed command: what is wrong, then the right form and an example.</summary>
    public static string Reply(MalformedCommand malformed)
    {
        ArgumentNullException.ThrowIfNull(malformed);
        return $"{malformed.Problem}\nCách gõ: {malformed.Usage}\nVí dụ: {malformed.Example}";
    }

    /// <summary>The reply to a <c>#</c> word that is no command: "Có phải bạn muốn …?" when one is close.</summary>
    public static string Reply(UnknownCommand unknown)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        return unknown.Suggestion is { } kind
            ? $"Có phải bạn muốn {Keyword(kind)}?\nCách gõ: {Usage(kind)}\nGõ #huongdan để xem các lệnh."
            : $"Không có lệnh “#{unknown.Word}”. Gõ #huongdan để xem các lệnh.";
    }

    /// <summary>Looks up a folded, space-free keyword or alias ("dangky", "dk", "?").</summary>
    internal static bool TryFindKeyword(string foldedCompact, out CommandKind kind) =>
        ByKeyword.TryGetValue(foldedCompact, out kind);

    /// <summary>The words a typo is compared with: full keywords only, since short aliases are too easy to hit.</summary>
    internal static IEnumerable<(CommandKind Kind, string Keyword)> SuggestionKeywords { get; } = Entries
        .Select(entry => (entry.Kind, entry.Keyword))
        .Append((CommandKind.Help, "help"))
        .ToArray();

    private static Entry Get(CommandKind kind) =>
        Array.Find(Entries, entry => entry.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, null);

    private static string Title(CommandKind kind)
    {
        var aliases = Aliases(kind);
        return aliases.Count == 0 ? Keyword(kind) : $"{Keyword(kind)} ({string.Join(", ", aliases)})";
    }

    private static string BuildOverview()
    {
        var text = new StringBuilder("Các lệnh của tổ (gõ # hoặc /, có dấu hay không dấu đều được):");
        foreach (var entry in Entries)
        {
            text.Append("\n\n").Append(Title(entry.Kind)).Append(": ").Append(entry.Purpose)
                .Append("\nVD: ").Append(entry.Example);
        }

        text.Append("\n\nCác phần cách nhau bằng dấu | hoặc xuống dòng. Không gửi số CCCD vào nhóm.");
        return VietnameseText.Nfc(text.ToString());
    }
}
