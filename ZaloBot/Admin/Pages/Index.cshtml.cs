using ZaloBot.Admin.Charts;
using ZaloBot.AdminAuth;
using ZaloBot.Broadcasts;
using ZaloBot.Admin.Reports;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Pages;

/// <summary>Tổng quan: the programme at a glance for the officer's units, optionally one unit and a period.</summary>
[OpenToOfficers(Units = ["unit"])]
public sealed class IndexModel(Db db, TimeProvider clock, InboxStore inbox, OutboxStore outbox, BroadcastOperations broadcasts) : ConsolePageModel
{
    public ReportFilter Filter { get; private set; } = ReportFilter.None;

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public ProgrammeOverview Overview { get; private set; } = null!;

    public long DeadLetters { get; private set; }

    public long FailedMessages { get; private set; }

    public HelpRequestSummary HelpRequests { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    /// <summary>The last announcements the officer may see, with their one-line status.</summary>
    public IReadOnlyList<BroadcastLine> LastBroadcasts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        ViewData["Section"] = "overview";
        var filter = ReportFilter.Read(Request.Query, out var problems);
        // The dashboard is about units and periods; team, member and category filters belong to the lists.
        Filter = filter with { TeamId = null, MemberId = null, Category = null, View = HouseholdView.Households };
        Problems = problems;
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        Units = await UnitTree.ListAsync(connection, Scope, includeVillages: false);
        Now = clock.GetUtcNow();
        Overview = await ProgrammeReport.BuildAsync(connection, Scope, Filter, VietnamTime.Today(Now));
        HelpRequests = await HelpRequestReport.SummaryAsync(connection, Scope, Filter, Now);
        LastBroadcasts = await broadcasts.LatestAsync(Officer, 5);

        if (Officer.IsProvinceAdmin)
        {
            DeadLetters = (await inbox.CountAsync(HttpContext.RequestAborted)).Dead;
            FailedMessages = (await outbox.CountUndeliveredAsync(HttpContext.RequestAborted)).Total;
        }
    }

    public string MonthsChart() => SvgChart.Columns(
        "chart-months", "Hộ mới được hỗ trợ và lượt hỗ trợ theo tháng",
        Overview.Months.Select(m => ConsoleText.Month(m.Month)).ToList(),
        [
            new ChartSeries("Hộ mới được hỗ trợ", ChartMeasure.Households, Overview.Months.Select(m => (double)m.NewHouseholds).ToList()),
            new ChartSeries("Lượt hỗ trợ", ChartMeasure.Assists, Overview.Months.Select(m => (double)m.Assists).ToList()),
        ],
        stacked: false);

    public string CategoryMonthsChart() => SvgChart.Columns(
        "chart-categories-months", "Lượt hỗ trợ theo nội dung, theo tháng",
        Overview.Months.Select(m => ConsoleText.Month(m.Month)).ToList(),
        Enum.GetValues<AssistCategory>().Select(category => new ChartSeries(
            category.DisplayName(), ChartMeasure.Category(category),
            Overview.Months.Select(m => (double)m.AssistsByCategory.GetValueOrDefault(category)).ToList())).ToList(),
        stacked: true);

    public string CategoriesChart() => SvgChart.Bars(
        "chart-categories", "Hộ và lượt hỗ trợ theo nội dung",
        Overview.ByCategory.Select(c => c.Category.DisplayName()).ToList(),
        [
            new ChartSeries("Hộ được hỗ trợ", ChartMeasure.Households, Overview.ByCategory.Select(c => (double)c.Households).ToList()),
            new ChartSeries("Lượt hỗ trợ", ChartMeasure.Assists, Overview.ByCategory.Select(c => (double)c.Assists).ToList()),
        ]);

    public string HelpRequestsChart() => SvgChart.Bars(
        "chart-help-requests", "Yêu cầu hỗ trợ chưa ai nhận, theo thời gian chờ",
        HelpRequestSummary.AgeBuckets,
        [new ChartSeries("Yêu cầu chưa ai nhận", ChartMeasure.OpenHelpRequests, HelpRequests.OpenByAge.Select(n => (double)n).ToList())]);

    public string SizeChart()
    {
        var teams = Overview.Teams.ToList();
        double Count(TeamLevel level, SizeCompliance compliance) => teams.Count(t => t.Level == level && t.Compliance == compliance);
        return SvgChart.Bars(
            "chart-sizes", "Quy mô tổ so với kế hoạch",
            [$"Tổ cấp xã ({PlanSize.For(TeamLevel.Commune).Range} người)", $"Tổ cấp thôn ({PlanSize.For(TeamLevel.Village).Range} người)"],
            [
                new ChartSeries(ConsoleText.Compliance(SizeCompliance.Under), ChartMeasure.Size(SizeCompliance.Under), [Count(TeamLevel.Commune, SizeCompliance.Under), Count(TeamLevel.Village, SizeCompliance.Under)]),
                new ChartSeries(ConsoleText.Compliance(SizeCompliance.Within), ChartMeasure.Size(SizeCompliance.Within), [Count(TeamLevel.Commune, SizeCompliance.Within), Count(TeamLevel.Village, SizeCompliance.Within)]),
                new ChartSeries(ConsoleText.Compliance(SizeCompliance.Over), ChartMeasure.Size(SizeCompliance.Over), [Count(TeamLevel.Commune, SizeCompliance.Over), Count(TeamLevel.Village, SizeCompliance.Over)]),
            ]);
    }
}
