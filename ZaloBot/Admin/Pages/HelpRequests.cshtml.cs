using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;

namespace ZaloBot.Admin.Pages;

/// <summary>Yêu cầu hỗ trợ: residents' requests for a person, waiting (open or taken) or finished, by village, with their age.</summary>
[OpenToOfficers(Units = ["unit"])]
public sealed class HelpRequestsModel(Db db, TimeProvider clock) : ConsolePageModel
{
    public const int PageSize = 50;

    public static IReadOnlyList<(string? Code, string Name)> Statuses { get; } =
    [
        (HelpRequestReport.Waiting, "Đang chờ (mới và đã nhận)"),
        ("open", "Mới, chưa ai nhận"),
        ("claimed", "Đã có người nhận"),
        ("done", "Đã xong"),
        ("cancelled", "Người dân đã hủy"),
        (null, "Tất cả"),
    ];

    public ReportFilter Filter { get; private set; } = ReportFilter.None;

    public string? Status { get; private set; } = HelpRequestReport.Waiting;

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<HelpRequestRow> Requests { get; private set; } = [];

    public IReadOnlyList<HelpRequestPlace> Places { get; private set; } = [];

    public int Total { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(string? status, int? page)
    {
        ViewData["Section"] = "help-requests";
        Filter = ReportFilter.Read(Request.Query, out _) with { TeamId = null, MemberId = null, Category = null, From = null, To = null };
        Status = status switch
        {
            null => HelpRequestReport.Waiting,
            "all" => null,
            _ when Statuses.Any(s => s.Code == status) => status,
            _ => HelpRequestReport.Waiting,
        };
        Now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        Units = await UnitTree.ListAsync(connection, Scope, includeVillages: true);
        Total = await HelpRequestReport.CountAsync(connection, Scope, Filter, Status);
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(page ?? 1, 1, PageCount);
        Requests = await HelpRequestReport.ListAsync(connection, Scope, Filter, Status, PageSize, (PageNumber - 1) * PageSize);
        Places = await HelpRequestReport.ByPlaceAsync(connection, Scope, Filter);
    }

    public string PageLink(int page) =>
        "/admin/help-requests" + QueryString.Create(new Dictionary<string, string?>
        {
            ["unit"] = Filter.UnitCode,
            ["status"] = Status ?? "all",
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToUriComponent();
}
