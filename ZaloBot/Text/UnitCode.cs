namespace ZaloBot.Text;

/// <summary>An administrative unit's code as stored and compared: trimmed and upper case, whatever was typed or configured.</summary>
public static class UnitCode
{
    /// <summary>The stored form of a code; null when there is none.</summary>
    public static string? Normalize(string? code)
    {
        var trimmed = code?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ToUpperInvariant();
    }
}
