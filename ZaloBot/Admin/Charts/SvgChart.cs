using System.Globalization;
using System.Text;

namespace ZaloBot.Admin.Charts;

/// <summary>One series of a chart: a name for the legend, what it counts (which gives its colour), and one value per label.</summary>
public sealed record ChartSeries(string Name, ChartMeasure Measure, IReadOnlyList<double> Values);

/// <summary>
/// Bar charts drawn on the server as inline SVG: no script, no library, nothing fetched, and they scale with the
/// screen (viewBox). Every bar carries its series, label and value in <c>data-</c> attributes and a tooltip
/// (<c>&lt;title&gt;</c>), so what is drawn can be read back and checked.
/// </summary>
public static class SvgChart
{
    private const double Width = 520;
    private const double LegendRowHeight = 20;
    private const double LegendItemWidth = 185;
    private const double AxisWidth = 40;
    private const double LabelHeight = 36;
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Vertical bars, one slot per label: the series side by side, or stacked.</summary>
    public static string Columns(string id, string title, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, bool stacked)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        const double plotHeight = 200;
        var legendHeight = LegendHeight(series.Count);
        var top = legendHeight + 14;
        var height = top + plotHeight + LabelHeight;
        var left = AxisWidth;
        var plotWidth = Width - left - 12;
        var max = stacked
            ? Enumerable.Range(0, labels.Count).Select(i => series.Sum(s => s.Values[i])).DefaultIfEmpty(0).Max()
            : series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        var (axisMax, step) = NiceScale(max);

        var svg = Open(id, title, height, series, labels.Count);
        for (var tick = 0.0; tick <= axisMax + step / 2; tick += step)
        {
            var y = top + plotHeight - tick / axisMax * plotHeight;
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{left}\" x2=\"{left + plotWidth}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">")).Append(Number(tick)).Append("</text>");
        }

        var slot = labels.Count == 0 ? plotWidth : plotWidth / labels.Count;
        var every = Math.Max(1, (int)Math.Ceiling(labels.Count / Math.Max(1, plotWidth / 52)));
        for (var i = 0; i < labels.Count; i++)
        {
            var x0 = left + i * slot;
            if (stacked)
            {
                var barWidth = slot * 0.62;
                var baseline = top + plotHeight;
                foreach (var s in series)
                {
                    var h = s.Values[i] / axisMax * plotHeight;
                    baseline -= h;
                    Bar(svg, x0 + (slot - barWidth) / 2, baseline, barWidth, h, s, labels[i], s.Values[i]);
                }
            }
            else
            {
                var groupWidth = slot * 0.8;
                var barWidth = groupWidth / Math.Max(1, series.Count);
                for (var k = 0; k < series.Count; k++)
                {
                    var h = series[k].Values[i] / axisMax * plotHeight;
                    Bar(svg, x0 + (slot - groupWidth) / 2 + k * barWidth, top + plotHeight - h, barWidth, h, series[k], labels[i], series[k].Values[i]);
                }
            }

            if (i % every == 0)
            {
                svg.Append(Invariant($"<text class=\"label\" x=\"{x0 + slot / 2:0.#}\" y=\"{top + plotHeight + 18:0.#}\" text-anchor=\"middle\">"))
                    .Append(Escape(labels[i])).Append("</text>");
            }
        }

        svg.Append(Invariant($"<line class=\"axis\" x1=\"{left}\" x2=\"{left + plotWidth}\" y1=\"{top + plotHeight}\" y2=\"{top + plotHeight}\"/>"));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars, one row per label, the series side by side within a row; the value is written at the end.</summary>
    public static string Bars(string id, string title, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        const double labelWidth = 158;
        const double barHeight = 14;
        var rowHeight = barHeight * series.Count + 12;
        var legendHeight = LegendHeight(series.Count);
        var top = legendHeight + 10;
        var height = top + rowHeight * labels.Count + 8;
        var plotWidth = Width - labelWidth - 36;
        var max = series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        var (axisMax, _) = NiceScale(max);

        var svg = Open(id, title, height, series, labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            var y0 = top + i * rowHeight;
            svg.Append(Invariant($"<text class=\"label\" x=\"{labelWidth - 8}\" y=\"{y0 + rowHeight / 2 + 4:0.#}\" text-anchor=\"end\">"))
                .Append(Escape(labels[i])).Append("</text>");
            for (var k = 0; k < series.Count; k++)
            {
                var value = series[k].Values[i];
                var w = value / axisMax * plotWidth;
                var y = y0 + 6 + k * barHeight;
                Bar(svg, labelWidth, y, w, barHeight - 2, series[k], labels[i], value);
                svg.Append(Invariant($"<text class=\"value\" x=\"{labelWidth + w + 4:0.#}\" y=\"{y + barHeight - 4:0.#}\">")).Append(Number(value)).Append("</text>");
            }
        }

        svg.Append(Invariant($"<line class=\"axis\" x1=\"{labelWidth}\" x2=\"{labelWidth}\" y1=\"{top}\" y2=\"{height - 8}\"/>"));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>An axis maximum and tick step of 1, 2 or 5 times a power of ten, about five ticks, whole numbers.</summary>
    public static (double Max, double Step) NiceScale(double max)
    {
        if (max <= 0)
        {
            return (5, 1);
        }

        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalised = raw / magnitude;
        var step = Math.Max(1, (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10) * magnitude);
        return (Math.Ceiling(max / step) * step, step);
    }

    private static StringBuilder Open(string id, string title, double height, IReadOnlyList<ChartSeries> series, int points)
    {
        // The title as a visible heading above the drawing, as well as the drawing's accessible name.
        var svg = new StringBuilder();
        svg.Append(Invariant($"<h2 class=\"chart-title\" id=\"{Escape(id)}-heading\">")).Append(Escape(title)).Append("</h2>");
        svg.Append(Invariant($"<svg class=\"chart\" id=\"{Escape(id)}\" viewBox=\"0 0 {Width} {height:0.#}\" role=\"img\" aria-labelledby=\"{Escape(id)}-title\" data-points=\"{points}\">"));
        svg.Append(Invariant($"<title id=\"{Escape(id)}-title\">")).Append(Escape(title)).Append("</title>");
        var perRow = Math.Max(1, (int)((Width - AxisWidth) / LegendItemWidth));
        for (var k = 0; k < series.Count; k++)
        {
            var x = AxisWidth + k % perRow * LegendItemWidth;
            var y = 4 + k / perRow * LegendRowHeight;
            svg.Append(Invariant($"<rect class=\"swatch\" x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{Escape(series[k].Measure.Color)}\""))
                .Append(" data-measure=\"").Append(Escape(series[k].Measure.Key)).Append("\"/>");
            svg.Append(Invariant($"<text class=\"legend\" x=\"{x + 17}\" y=\"{y + 11}\">")).Append(Escape(series[k].Name)).Append("</text>");
        }

        return svg;
    }

    private static double LegendHeight(int seriesCount)
    {
        var perRow = Math.Max(1, (int)((Width - AxisWidth) / LegendItemWidth));
        return Math.Ceiling(seriesCount / (double)perRow) * LegendRowHeight;
    }

    private static void Bar(StringBuilder svg, double x, double y, double width, double height, ChartSeries series, string label, double value)
    {
        svg.Append(Invariant($"<rect class=\"bar\" x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{Math.Max(0, width):0.##}\" height=\"{Math.Max(0, height):0.##}\" fill=\"{Escape(series.Measure.Color)}\""))
            .Append(" data-measure=\"").Append(Escape(series.Measure.Key)).Append("\" data-series=\"").Append(Escape(series.Name)).Append("\" data-label=\"").Append(Escape(label))
            .Append(Invariant($"\" data-value=\"{value}\"><title>"))
            .Append(Escape(series.Name)).Append(" · ").Append(Escape(label)).Append(": ").Append(Number(value)).Append("</title></rect>");
    }

    private static string Number(double value) => value.ToString("#,0", Vietnamese);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text and attribute values in the SVG: the five XML specials, nothing else (Vietnamese stays readable).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal);
    }
}
