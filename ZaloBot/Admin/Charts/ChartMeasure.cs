using ZaloBot.Admin.Reports;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Charts;

/// <summary>
/// What a chart series counts, and its colour: one colour means one thing on every chart and legend of the console,
/// so a reader who learns that blue is households never meets blue meaning VNeID on the next chart. The key is what
/// the drawing carries (<c>data-measure</c>), so the rule can be checked on the rendered page.
/// </summary>
public sealed record ChartMeasure(string Key, string Color)
{
    public static ChartMeasure Households { get; } = new("households", "#1b6ca8");

    public static ChartMeasure Assists { get; } = new("assists", "#e07b00");

    public static ChartMeasure OpenHelpRequests { get; } = new("open-help-requests", "#c0392b");

    /// <summary>Every measure the console draws; no two share a colour.</summary>
    public static IReadOnlyList<ChartMeasure> All { get; } =
    [
        Households, Assists, OpenHelpRequests,
        .. Enum.GetValues<SizeCompliance>().Select(Size),
        .. Enum.GetValues<AssistCategory>().Select(Category),
    ];

    /// <summary>Teams below, within or above the plan's size: pale red, green, slate.</summary>
    public static ChartMeasure Size(SizeCompliance compliance) => new(
        "size-" + compliance.ToString().ToLowerInvariant(),
        compliance switch
        {
            SizeCompliance.Under => "#f1948a",
            SizeCompliance.Within => "#2a9d5b",
            SizeCompliance.Over => "#34495e",
            _ => throw new ArgumentOutOfRangeException(nameof(compliance), compliance, null),
        });

    /// <summary>Assists of one kind, in colours none of the measures above use.</summary>
    public static ChartMeasure Category(AssistCategory category) => new(
        "category-" + category.ToString().ToLowerInvariant(),
        category switch
        {
            AssistCategory.ElectronicId => "#7d4fb3",
            AssistCategory.OnlinePublicServices => "#17a2b8",
            AssistCategory.ECommerce => "#d64f9a",
            AssistCategory.EPayment => "#8c6239",
            AssistCategory.Health => "#9acd32",
            AssistCategory.Education => "#f2c200",
            AssistCategory.DigitalSkills => "#0b3d91",
            AssistCategory.Other => "#95a5a6",
            _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
        });
}
