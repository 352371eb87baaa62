using Microsoft.AspNetCore.Http;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// A date filter field: a text box that reads and shows dd/mm/yyyy whatever the browser's locale (a native date input
/// shows the browser's own format), with its hint and, from console.js, a calendar to pick from. The value is the date
/// the filter read, or what was typed when it could not be read, so the official sees what to correct.
/// </summary>
public sealed record DateFieldView(string Label, string Name, string Value)
{
    public static DateFieldView For(string label, string name, DateOnly? read, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(label, name, read is { } date ? VietnamTime.ToDisplay(date) : query[name].ToString().Trim());
    }
}
