using System.Text;
using ZaloBot.Admin.Charts;
using ZaloBot.Admin.Exports;

namespace ZaloBot.Tests.Admin;

public sealed class TableExportTests
{
    [TestCase("Nguyễn Văn An", "Nguyễn Văn An")]
    [TestCase("Tổ dân phố 1, khu 2", "\"Tổ dân phố 1, khu 2\"")]
    [TestCase("nói \"cảm ơn\"", "\"nói \"\"cảm ơn\"\"\"")]
    [TestCase("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [TestCase("+84 912", "'+84 912")]
    [TestCase("-1", "'-1")]
    [TestCase("@cmd", "'@cmd")]
    public void A_csv_field_is_quoted_when_needed_and_never_runs_as_a_formula(string text, string expected) =>
        Assert.That(TableExport.Field(text), Is.EqualTo(expected));

    [Test]
    public void Numbers_and_dates_are_written_invariantly()
    {
        Assert.That(TableExport.Field(1234), Is.EqualTo("1234"));
        Assert.That(TableExport.Field(-3), Is.EqualTo("-3"), "a number is not text: nothing to defuse");
        Assert.That(TableExport.Field(new DateOnly(2026, 11, 28)), Is.EqualTo("2026-11-28"));
        Assert.That(TableExport.Field(null), Is.Empty);
    }

    [Test]
    public async Task A_csv_starts_with_a_bom_and_ends_lines_with_crlf()
    {
        await using var stream = new MemoryStream();
        await TableExport.WriteCsvAsync(stream, [new ExportColumn<(string Name, int N)>("Họ tên", r => r.Name), new ExportColumn<(string Name, int N)>("Số", r => r.N)],
            [("Lê Thị Hoa", 2)], CancellationToken.None);
        var bytes = stream.ToArray();
        Assert.That(bytes.Take(3), Is.EqualTo(Encoding.UTF8.Preamble.ToArray()));
        Assert.That(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), Is.EqualTo("Họ tên,Số\r\nLê Thị Hoa,2\r\n"));
    }

    [TestCase(0, 5, 1)]
    [TestCase(4, 4, 1)]
    [TestCase(9, 10, 2)]
    [TestCase(23, 25, 5)]
    [TestCase(480, 500, 100)]
    [TestCase(1234, 1500, 500)]
    public void Chart_axes_end_on_a_round_number(double max, double axisMax, double step) =>
        Assert.That(SvgChart.NiceScale(max), Is.EqualTo((axisMax, step)));

    [Test]
    public void Chart_labels_are_escaped_but_stay_readable()
    {
        var svg = SvgChart.Columns("c", "Tổ <b>\"A\"</b> & B", ["Thôn 1"], [new ChartSeries("Lượt", ChartMeasure.Assists, [3])], stacked: false);
        Assert.That(svg, Does.Contain("Tổ &lt;b&gt;&quot;A&quot;&lt;/b&gt; &amp; B").And.Not.Contain("<b>"));
        Assert.That(svg, Does.Contain("data-series=\"Lượt\" data-label=\"Thôn 1\" data-value=\"3\""));
        Assert.That(svg, Does.StartWith("<h2 class=\"chart-title\" id=\"c-heading\">Tổ &lt;b&gt;"), "the title is a visible heading too");
    }
}
