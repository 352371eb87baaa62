namespace ZaloBot.Tests.Admin;

/// <summary>The dashboard's charts as read on a desktop and on a phone: colours that keep their meaning, text large enough to read.</summary>
public sealed partial class ConsoleBrowserTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task One_colour_means_one_measure_on_every_chart_and_legends_and_axis_labels_stay_at_least_12_px(bool phone)
    {
        var page = await SignedInPageAsync(phone);
        await page.GotoAsync("/admin?" + ConsoleSeed.Period);

        // Every bar and legend swatch: what it counts, its colour, and the chart it is on.
        var drawn = await page.EvaluateAsync<string[][]>("""
            [...document.querySelectorAll("svg.chart [data-measure]")].map(e => [e.dataset.measure, e.getAttribute("fill").toLowerCase(), e.closest("svg").id])
            """);
        Assert.That(drawn, Is.Not.Empty);
        var coloursByMeasure = drawn.GroupBy(d => d[0]).ToDictionary(g => g.Key, g => g.Select(d => d[1]).Distinct().ToList());
        var measuresByColour = drawn.GroupBy(d => d[1]).ToDictionary(g => g.Key, g => g.Select(d => d[0]).Distinct().ToList());
        Assert.That(coloursByMeasure.Where(m => m.Value.Count > 1).Select(m => m.Key), Is.Empty, "a measure drawn in two colours");
        Assert.That(measuresByColour.Where(c => c.Value.Count > 1).Select(c => $"{c.Key}: {string.Join(", ", c.Value)}"), Is.Empty,
            "a colour used for two measures");
        Assert.That(drawn.Where(d => d[0] == "households").Select(d => d[2]).Distinct(), Is.EquivalentTo(new[] { "chart-months", "chart-categories" }),
            "households are on two charts, in the same colour");
        Assert.That(drawn.Where(d => d[0] == "assists").Select(d => d[2]).Distinct(), Is.EquivalentTo(new[] { "chart-months", "chart-categories" }));

        // The size a reader sees: the font size in the drawing's units times the drawing's scale on screen.
        var sizes = await page.EvaluateAsync<double[]>("""
            [...document.querySelectorAll("svg.chart text.legend, svg.chart text.tick, svg.chart text.label, svg.chart text.value")].map(t => {
                const svg = t.closest("svg");
                return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            })
            """);
        Assert.That(sizes, Is.Not.Empty);
        Assert.That(sizes.Min(), Is.GreaterThanOrEqualTo(12), "legends and axis labels stay readable");
    }
}
