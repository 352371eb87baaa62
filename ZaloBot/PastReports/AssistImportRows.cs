using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ZaloBot.TeamChat;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.PastReports;

/// <summary>
/// A team a file may name by its unit's code, with its commune-level unit; <see cref="InScope"/>: the uploader may
/// import into it.
/// </summary>
public sealed record ImportTeam(long Id, long CommuneId, string Name, bool InScope);

/// <summary>
/// A row that passed every check, ready to be written.
/// An import holds many of these while it sorts them, so the keys derived from the fields are computed when asked for.
/// </summary>
public sealed record ImportedReport(
    int Line, ImportTeam Team, DateOnly Day, string Head, string Village, IReadOnlyList<AssistCategory> Categories, long? MemberId, string Note)
{
    public string HouseholdKey => Teams.HouseholdKey.For(Head, Village);

    /// <summary>
    /// The row's identity (team, day, household, categories, note): a second import of the same row finds it and adds
    /// nothing. A hash, so the unique index stays small whatever the note's length.
    /// </summary>
    public string Key => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(
        "\u001f", Team.Id.ToString(CultureInfo.InvariantCulture), VietnamTime.ToIso(Day), HouseholdKey,
        string.Join(',', Categories.Order()), VietnameseText.Fold(Note)))))[..32];
}

/// <summary>
/// Reads and checks the rows of a file of past reports, one by one, against the teams, their members and the uploader's
/// units. The header is <c>unit_code,assisted_on,head_of_household,village,categories,member_phone,note</c> (any order;
/// Vietnamese names such as <c>ma_don_vi</c>, <c>ngay</c>, <c>chu_ho</c>, <c>thon</c>, <c>noi_dung</c>, <c>sdt</c>,
/// <c>ghi_chu</c> too). Problems are said in Vietnamese, for the official who fixes the file.
/// </summary>
public sealed class AssistImportRows
{
    public const string Header = "unit_code,assisted_on,head_of_household,village,categories,member_phone,note";
    private const int MaxTextLength = 200;
    private const int MaxNoteLength = 1000;

    private static readonly Dictionary<string, string> HeaderAliases = new(StringComparer.Ordinal)
    {
        ["unitcode"] = "unit_code", ["madonvi"] = "unit_code", ["ma"] = "unit_code", ["donvi"] = "unit_code",
        ["assistedon"] = "assisted_on", ["ngay"] = "assisted_on", ["ngayhotro"] = "assisted_on", ["date"] = "assisted_on",
        ["headofhousehold"] = "head_of_household", ["chuho"] = "head_of_household", ["head"] = "head_of_household",
        ["village"] = "village", ["thon"] = "village", ["diachi"] = "village", ["thondiachi"] = "village",
        ["categories"] = "categories", ["noidung"] = "categories", ["noidunghotro"] = "categories", ["dahotro"] = "categories",
        ["memberphone"] = "member_phone", ["sdt"] = "member_phone", ["sodienthoai"] = "member_phone", ["sdtthanhvien"] = "member_phone",
        ["note"] = "note", ["ghichu"] = "note",
    };

    private static readonly string[] Required = ["unit_code", "assisted_on", "head_of_household", "village", "categories"];

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy"];

    /// <summary>Category names as officials write them, folded: the console's names, the API's, and "khác".</summary>
    private static readonly Dictionary<string, AssistCategory> CategoryNames = Enum.GetValues<AssistCategory>()
        .SelectMany(c => new[] { (Name: VietnameseText.Fold(c.DisplayName()), Category: c), (Name: VietnameseText.Fold(c.ToString()), Category: c) })
        .Append((Name: VietnameseText.Fold("khác"), Category: AssistCategory.Other))
        .DistinctBy(p => p.Name)
        .ToDictionary(p => p.Name, p => p.Category);

    private readonly Dictionary<string, int> _columns;
    private readonly IReadOnlyDictionary<string, ImportTeam> _teams;
    private readonly IReadOnlySet<string> _unitsWithoutTeam;
    private readonly IReadOnlyDictionary<(long TeamId, string Phone), long> _members;
    private readonly DateOnly _today;
    private readonly Dictionary<string, (IReadOnlyList<AssistCategory>? Categories, string? Problem)> _categoryCells = new(StringComparer.Ordinal);

    private AssistImportRows(
        Dictionary<string, int> columns, IReadOnlyDictionary<string, ImportTeam> teams, IReadOnlySet<string> unitsWithoutTeam,
        IReadOnlyDictionary<(long TeamId, string Phone), long> members, DateOnly today)
    {
        _columns = columns;
        _teams = teams;
        _unitsWithoutTeam = unitsWithoutTeam;
        _members = members;
        _today = today;
    }

    /// <summary>Reads the header; returns the reader, or the problem that refuses the whole file.</summary>
    public static (AssistImportRows? Rows, string? Problem) ForHeader(
        CsvRecord? header, IReadOnlyDictionary<string, ImportTeam> teams, IReadOnlySet<string> unitsWithoutTeam,
        IReadOnlyDictionary<(long TeamId, string Phone), long> members, DateOnly today)
    {
        if (header is null)
        {
            return (null, $"Tệp trống: cần dòng tiêu đề {Header} và các dòng báo cáo.");
        }

        var columns = TableFile.Columns(header, HeaderAliases);

        var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
        return missing.Count > 0
            ? (null, $"Dòng {header.Line}: thiếu cột {string.Join(", ", missing)} ở dòng tiêu đề (cần: {Header}).")
            : (new AssistImportRows(columns, teams, unitsWithoutTeam, members, today), null);
    }

    /// <summary>The row as a report to write, or why it cannot be one.</summary>
    public (ImportedReport? Report, string? Problem) Check(CsvRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string Field(string column) =>
            _columns.TryGetValue(column, out var index) && index < record.Fields.Count ? VietnameseText.Tidy(record.Fields[index]) : "";

        var code = UnitCode.Normalize(Field("unit_code"));
        if (code is null)
        {
            return (null, "Thiếu mã đơn vị của tổ (cột unit_code).");
        }

        if (!_teams.TryGetValue(code, out var team))
        {
            return (null, _unitsWithoutTeam.Contains(code)
                ? $"Đơn vị “{code}” chưa có tổ: lập tổ trước rồi nhập lại."
                : $"Không có đơn vị mã “{code}”.");
        }

        if (!team.InScope)
        {
            return (null, $"Đơn vị “{code}” không thuộc đơn vị bạn quản lý: không nhập vào đó được.");
        }

        var dayText = Field("assisted_on");
        if (ReadDay(dayText) is not { } day)
        {
            return (null, dayText.Length == 0
                ? "Thiếu ngày hỗ trợ (cột assisted_on)."
                : $"Không hiểu ngày “{dayText}”: ghi dạng 2025-03-28 hoặc 28/03/2025.");
        }

        if (day > _today)
        {
            return (null, $"Ngày {VietnamTime.ToDisplay(day)} chưa tới: báo cáo cũ phải có ngày đã qua.");
        }

        if (day.Year < 2020)
        {
            return (null, $"Ngày {VietnamTime.ToDisplay(day)} quá xa: kiểm tra lại năm.");
        }

        var head = Field("head_of_household");
        var village = Field("village");
        var note = Field("note");
        if (head.Length == 0 || village.Length == 0)
        {
            return (null, head.Length == 0 ? "Thiếu tên chủ hộ (cột head_of_household)." : "Thiếu thôn/địa chỉ (cột village).");
        }

        if (head.Length > MaxTextLength || village.Length > MaxTextLength || note.Length > MaxNoteLength)
        {
            return (null, $"Chủ hộ, thôn dài quá {MaxTextLength} ký tự hoặc ghi chú dài quá {MaxNoteLength} ký tự.");
        }

        if (PhoneNumber.ContainsCitizenIdLike(head + " " + village + " " + note))
        {
            return (null, "Dòng có số giống số căn cước (12 chữ số): không lưu số căn cước của người dân, xoá số đó rồi nhập lại.");
        }

        var (categories, categoryProblem) = Categories(Field("categories"));
        if (categoryProblem is not null)
        {
            return (null, categoryProblem);
        }

        long? memberId = null;
        var phoneText = Field("member_phone");
        if (phoneText.Length > 0)
        {
            if (PhoneNumber.Normalize(phoneText) is not { } phone)
            {
                return (null, $"Số điện thoại thành viên “{phoneText}” không đúng.");
            }

            if (!_members.TryGetValue((team.Id, phone), out var member))
            {
                return (null, $"Số {PhoneNumber.Mask(phone)} không phải thành viên của {team.Name}: để trống cột member_phone nếu không rõ ai hỗ trợ.");
            }

            memberId = member;
        }

        return (new ImportedReport(record.Line, team, day, head, village, categories!, memberId, note), null);
    }

    /// <summary>yyyy-MM-dd or dd/MM/yyyy; a workbook's date cell comes as yyyy-MM-dd, with the time when it has one.</summary>
    private static DateOnly? ReadDay(string text) =>
        DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment) ? DateOnly.FromDateTime(moment)
        : null;

    /// <summary>A categories cell: names separated by ';' (or ','), each one a category, with or without diacritics.</summary>
    private (IReadOnlyList<AssistCategory>? Categories, string? Problem) Categories(string cell)
    {
        if (_categoryCells.TryGetValue(cell, out var known))
        {
            return known;
        }

        var found = new SortedSet<AssistCategory>();
        string? problem = null;
        foreach (var item in cell.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (CategoryNames.TryGetValue(VietnameseText.Fold(item), out var named))
            {
                found.Add(named);
                continue;
            }

            var detected = CategoryDetector.Detect(item);
            if (detected is [AssistCategory.Other])
            {
                problem = $"Không rõ nội dung hỗ trợ “{item}”: dùng VNeID, dịch vụ công, thương mại điện tử, thanh toán điện tử, y tế, giáo dục, kỹ năng số hoặc khác.";
                break;
            }

            found.UnionWith(detected);
        }

        if (problem is null && found.Count == 0)
        {
            problem = "Thiếu nội dung hỗ trợ (cột categories), ví dụ: VNeID; thanh toán điện tử.";
        }

        var result = problem is null ? ((IReadOnlyList<AssistCategory>?)found.ToList(), (string?)null) : (null, problem);
        _categoryCells[cell] = result;
        return result;
    }
}
