namespace ZaloBot.Teams;

/// <summary>
/// Calendar dates as teams live them. Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is
/// exact and needs no time-zone database on the server.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Offset).DateTime);

    /// <summary>The date in the stored form, "2026-11-28".</summary>
    public static string ToIso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A date read back from its stored form.</summary>
    public static DateOnly FromIso(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"28/11/2026", as Vietnamese write dates.</summary>
    public static string ToDisplay(DateOnly date) => date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
