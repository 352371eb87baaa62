using ZaloBot.Admin.Charts;
using ZaloBot.Admin.Reports;
using ZaloBot.Teams;

namespace ZaloBot.Tests.Admin;

public sealed class ChartMeasureTests
{
    [Test]
    public void Every_measure_the_console_draws_has_a_colour_of_its_own()
    {
        Assert.That(ChartMeasure.All.Select(m => m.Key), Is.Unique);
        Assert.That(ChartMeasure.All.Select(m => m.Color.ToLowerInvariant()), Is.Unique, "no colour means two things");
        Assert.That(ChartMeasure.All, Is.SupersetOf(Enum.GetValues<AssistCategory>().Select(ChartMeasure.Category))
            .And.SupersetOf(Enum.GetValues<SizeCompliance>().Select(ChartMeasure.Size)));
    }
}
