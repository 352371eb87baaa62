namespace ZaloBot.Guides;

/// <summary>Where a guide's facts come from, and the day someone last read it to check them.</summary>
public sealed record GuideSource(string Url, string? Note, DateOnly Checked)
{
    /// <summary>A guide is only as fresh as the least recently checked source it relies on; null when there are none.</summary>
    public static DateOnly? OldestCheck(IReadOnlyList<GuideSource> sources) =>
        sources is null or { Count: 0 } ? null : sources.Min(s => s.Checked);
}
