using System.Globalization;

namespace ZaloBot.Teams;

/// <summary>
/// A period (Vietnam-local days, inclusive; null ends are open) as the figures tables answer it: its whole months from
/// <c>figures_by_month</c> and the days of its partial first and last months from <c>figures_by_day</c>, so even a
/// year's figures read a few rows per subject.
/// </summary>
public sealed record FigureRange(string FirstMonth, string LastMonth, string HeadFrom, string HeadTo, string TailFrom, string TailTo)
{
    /// <summary>BETWEEN these is never true: a part of the period that is empty.</summary>
    private const string EmptyFrom = "1";
    private const string EmptyTo = "0";

    public static FigureRange For(DateOnly? from, DateOnly? to)
    {
        // The whole months inside the period; null: open at that end.
        DateOnly? firstMonth = from is { } f ? (f.Day == 1 ? f : StartOfMonth(f).AddMonths(1)) : null;
        DateOnly? lastMonth = to is { } t ? (IsLastDayOfMonth(t) ? StartOfMonth(t) : StartOfMonth(t).AddMonths(-1)) : null;
        if (firstMonth > lastMonth)
        {
            // No whole month (both ends are given): the days alone, none when the period is empty (from after to).
            return new FigureRange(EmptyFrom, EmptyTo, VietnamTime.ToIso(from!.Value), VietnamTime.ToIso(to!.Value), EmptyFrom, EmptyTo);
        }

        var head = from is { Day: not 1 } headFrom ? (VietnamTime.ToIso(headFrom), VietnamTime.ToIso(firstMonth!.Value.AddDays(-1))) : (EmptyFrom, EmptyTo);
        var tail = to is { } tailTo && !IsLastDayOfMonth(tailTo) ? (VietnamTime.ToIso(lastMonth!.Value.AddMonths(1)), VietnamTime.ToIso(tailTo)) : (EmptyFrom, EmptyTo);
        return new FigureRange(
            firstMonth is { } first ? Month(first) : "0000-00", lastMonth is { } last ? Month(last) : "9999-99", head.Item1, head.Item2, tail.Item1, tail.Item2);
    }

    /// <summary>
    /// The figures rows of one subject (<c>commune</c>, <c>team</c> or <c>member</c>) in the period, as
    /// (subject_id, category, period, assists, households), where period is a month (yyyy-MM) or a day; sum them.
    /// <paramref name="subjectIds"/> is SQL for the subject ids: a parameter or a subquery. <paramref name="everyReportOnly"/>
    /// reads the rows of every report only (category ''), not those by category.
    /// </summary>
    /// <remarks>
    /// Every column of the tables' keys (subject, subject id, category, period) is constrained, the categories by the
    /// list of all of them, and the head and tail days are read apart: so each part is a range of the key, and the
    /// days of a period with no partial month (empty ranges) cost nothing, where a day range under an unconstrained
    /// category, or two ranges joined by OR, read every day of every subject.
    /// </remarks>
    public static string Rows(string subject, string subjectIds, bool everyReportOnly = false)
    {
        var where = $"subject = '{subject}' AND subject_id IN ({subjectIds}) AND category {(everyReportOnly ? "= ''" : EveryCategory)}";
        return $"""
            SELECT subject_id, category, month AS period, assists, households FROM figures_by_month
            WHERE {where} AND month BETWEEN @FirstMonth AND @LastMonth
            UNION ALL
            SELECT subject_id, category, day, assists, households FROM figures_by_day WHERE {where} AND day BETWEEN @HeadFrom AND @HeadTo
            UNION ALL
            SELECT subject_id, category, day, assists, households FROM figures_by_day WHERE {where} AND day BETWEEN @TailFrom AND @TailTo
            """;
    }

    /// <summary>Every category a figures row may have: '' (every report) and each <see cref="AssistCategory"/>, as stored.</summary>
    private static readonly string EveryCategory =
        "IN (''" + string.Concat(Enum.GetValues<AssistCategory>().Select(c => $", '{c}'")) + ")";

    private static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateOnly StartOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    private static bool IsLastDayOfMonth(DateOnly date) => date.AddDays(1).Day == 1;
}
