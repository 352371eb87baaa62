using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.Admin.Reports;

/// <summary>Whether the household list shows one row per household or one per report.</summary>
public enum HouseholdView
{
    Households,
    Assists,
}

/// <summary>
/// The filters of the console's reports, read from the query string so a page and its exports (the same query
/// string on the export link) always show the same rows. Dates are Vietnam-local and inclusive.
/// </summary>
public sealed record ReportFilter(
    string? UnitCode = null,
    long? TeamId = null,
    long? MemberId = null,
    DateOnly? From = null,
    DateOnly? To = null,
    AssistCategory? Category = null,
    HouseholdView View = HouseholdView.Households,
    bool ByResidence = false)
{
    /// <summary>What a village unit's households are, as the page and the exports name it.</summary>
    public const string ResidenceName = "Hộ ở thôn/xã này";

    /// <summary>What a team's households are: those it helped, wherever they live (the figures' meaning).</summary>
    public const string TeamOutputName = "Tổ này đã hỗ trợ";

    public static ReportFilter None { get; } = new();

    /// <summary>Reads the filter; what cannot be read is left out and said in <paramref name="problems"/>, in Vietnamese.</summary>
    public static ReportFilter Read(IQueryCollection query, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = new List<string>();
        string? Text(string name) => query[name].ToString() is { Length: > 0 } value ? value.Trim() : null;

        long? Id(string name, string what)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }

            found.Add($"Không hiểu {what} “{text}”.");
            return null;
        }

        DateOnly? Date(string name, string what)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)
                || DateOnly.TryParseExact(text, "d/M/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out iso))
            {
                return iso;
            }

            found.Add($"Không hiểu {what} “{text}”: ghi ngày dạng 28/11/2026.");
            return null;
        }

        AssistCategory? category = null;
        if (Text("category") is { } categoryText)
        {
            if (Enum.TryParse<AssistCategory>(categoryText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                category = parsed;
            }
            else
            {
                found.Add($"Không hiểu nội dung hỗ trợ “{categoryText}”.");
            }
        }

        var view = string.Equals(Text("view"), "assists", StringComparison.OrdinalIgnoreCase) ? HouseholdView.Assists : HouseholdView.Households;
        var filter = new ReportFilter(
            ZaloBot.Text.UnitCode.Normalize(Text("unit")), Id("team", "tổ"), Id("member", "thành viên"), Date("from", "ngày bắt đầu"),
            Date("to", "ngày kết thúc"), category, view, string.Equals(Text("by"), "village", StringComparison.OrdinalIgnoreCase));
        if (filter.From is { } from && filter.To is { } to && from > to)
        {
            found.Add("Ngày bắt đầu sau ngày kết thúc: không có dòng nào.");
        }

        problems = found;
        return filter;
    }

    /// <summary>The query string that reads back as this filter (with an optional page), starting with "?" or empty.</summary>
    public string ToQueryString(int? page = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add(new(name, value));
            }
        }

        Add("unit", UnitCode);
        Add("team", TeamId?.ToString(CultureInfo.InvariantCulture));
        Add("member", MemberId?.ToString(CultureInfo.InvariantCulture));
        Add("from", From is { } from ? VietnamTime.ToIso(from) : null);
        Add("to", To is { } to ? VietnamTime.ToIso(to) : null);
        Add("category", Category?.ToString());
        Add("view", View == HouseholdView.Assists ? "assists" : null);
        Add("by", ByResidence ? "village" : null);
        Add("page", page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null);
        return pairs.Count == 0 ? "" : QueryString.Create(pairs).ToUriComponent();
    }

    /// <summary>Which households a report of this filter counts, as its heading says it.</summary>
    public string Counting => ByResidence ? ResidenceName : TeamOutputName;

    /// <summary>
    /// The filter whose teams and members name the rows: a village's own households may have been helped by any team
    /// of the officer's scope, not only the village's.
    /// </summary>
    public ReportFilter ForNames => this with { TeamId = null, MemberId = null, UnitCode = ByResidence ? null : UnitCode };

    /// <summary>A short Vietnamese description of the filter, written at the top of an export.</summary>
    public string Describe(string? unitName, string? teamName, string? memberName)
    {
        var parts = new StringBuilder();
        void Add(string part) => parts.Append(parts.Length == 0 ? "" : "; ").Append(part);
        if (unitName is not null)
        {
            Add("Đơn vị: " + unitName);
        }

        if (teamName is not null)
        {
            Add("Tổ: " + teamName);
        }

        if (memberName is not null)
        {
            Add("Thành viên: " + memberName);
        }

        if (From is not null || To is not null)
        {
            Add("Thời gian: " + (From is { } f ? VietnamTime.ToDisplay(f) : "…") + " – " + (To is { } t ? VietnamTime.ToDisplay(t) : "…"));
        }

        if (Category is { } category)
        {
            Add("Nội dung: " + category.DisplayName());
        }

        return parts.Length == 0 ? "Tất cả" : parts.ToString();
    }
}
