using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;

namespace ZaloBot.Admin.Pages;

/// <summary>Hộ đã hỗ trợ: unique households (or every report) by unit, team, member, period and category, paged.</summary>
[OpenToOfficers(Units = ["unit"], Teams = ["team"], Members = ["member"])]
public sealed class HouseholdsModel(Db db) : ConsolePageModel
{
    public const int PageSize = 50;

    public ReportFilter Filter { get; private set; } = ReportFilter.None;

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<TeamNode> Teams { get; private set; } = [];

    public IReadOnlyDictionary<long, string> TeamNames { get; private set; } = new Dictionary<long, string>();

    public IReadOnlyList<RosterRow> Members { get; private set; } = [];

    public IReadOnlyDictionary<long, string> MemberNames { get; private set; } = new Dictionary<long, string>();

    public Figures Totals { get; private set; } = Figures.Zero;

    public IReadOnlyList<HouseholdRow> Households { get; private set; } = [];

    public IReadOnlyList<AssistRow> Assists { get; private set; } = [];

    /// <summary>Village texts of the filter's communes that name no village of the unit tree.</summary>
    public IReadOnlyList<UnmatchedVillage> Unmatched { get; private set; } = [];

    /// <summary>Whether the filter is a village, where its own households and its team's can differ.</summary>
    public bool VillageChosen => Units.Any(u => u.Code == Filter.UnitCode && u.Level == ZaloBot.Teams.UnitLevel.Village);

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    /// <summary>Where the next (older) and previous (newer) pages start; null when there is none.</summary>
    public ListCursor? Next { get; private set; }

    public ListCursor? Previous { get; private set; }

    public async Task OnGetAsync(string? after, string? before)
    {
        ViewData["Section"] = "households";
        Filter = ReportFilter.Read(Request.Query, out var problems);
        Problems = problems;
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        Units = await UnitTree.ListAsync(connection, Scope, includeVillages: true);
        var unitOnly = Filter with { TeamId = null, MemberId = null };
        Teams = await ProgrammeReport.TeamsAsync(connection, ReportSql.Parameters(Scope, unitOnly));
        TeamNames = (Filter.ByResidence ? await ProgrammeReport.TeamsAsync(connection, ReportSql.Parameters(Scope, Filter.ForNames)) : Teams)
            .ToDictionary(t => t.Id, t => t.Name);
        if (Filter.TeamId is { } teamId && TeamNames.ContainsKey(teamId))
        {
            Members = await RosterReport.ListAsync(connection, Scope, ReportFilter.None with { TeamId = teamId }, includeLeft: true);
        }

        MemberNames = await HouseholdReport.MemberNamesAsync(connection, Scope, Filter.ForNames);
        Unmatched = await HouseholdReport.UnmatchedVillagesAsync(connection, Scope, Filter, 20);
        Totals = await HouseholdReport.CountAsync(connection, Scope, Filter);
        var rows = Filter.View == HouseholdView.Households ? Totals.Households : Totals.Assists;
        PageCount = Math.Max(1, (rows + PageSize - 1) / PageSize);
        // The page number only labels the page: the cursor says where it starts, so no page reads the rows before it.
        var listPage = new ListPage(PageSize, ListCursor.Parse(after), ListCursor.Parse(before));
        // Read by hand: "page" is also the route value that names the Razor page.
        var page = int.TryParse(Request.Query["page"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : 1;
        PageNumber = listPage.After is null && listPage.Before is null ? 1 : Math.Clamp(page, 1, PageCount);
        if (Filter.View == HouseholdView.Households)
        {
            var result = await HouseholdReport.HouseholdsAsync(connection, Scope, Filter, listPage);
            (Households, Next, Previous) = (result.Rows, result.Next, result.Previous);
        }
        else
        {
            var result = await HouseholdReport.AssistsAsync(connection, Scope, Filter, listPage);
            (Assists, Next, Previous) = (result.Rows, result.Next, result.Previous);
        }
    }

    public string NextLink() => PageLink("after", Next!, PageNumber + 1);

    public string PreviousLink() => PageLink("before", Previous!, PageNumber - 1);

    private string PageLink(string direction, ListCursor cursor, int page) =>
        "/admin/households" + QueryString.FromUriComponent(Filter.ToQueryString(page))
            .Add(direction, cursor.ToString()).ToUriComponent();

    public string ViewLink(HouseholdView view) => "/admin/households" + (Filter with { View = view }).ToQueryString();

    public string CountingLink(bool byResidence) => "/admin/households" + (Filter with { ByResidence = byResidence }).ToQueryString();
}
