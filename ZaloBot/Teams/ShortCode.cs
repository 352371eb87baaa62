using System.Globalization;
using System.Text.RegularExpressions;
using ZaloBot.Text;

namespace ZaloBot.Teams;

/// <summary>
/// Short codes people type back to the bot: <c>HT-0001</c> for a household-assisted report, <c>YC-0001</c> for
/// a resident's help request. Reading is tolerant (<c>ht-1</c>, <c>HT1</c>, <c>ht 0001</c>, or the bare number),
/// writing is always the canonical form.
/// </summary>
public static partial class ShortCode
{
    public const string ReportPrefix = "HT";
    public const string RequestPrefix = "YC";

    /// <summary>The canonical code: prefix, hyphen, the number with at least four digits.</summary>
    public static string Format(string prefix, int number)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        return prefix + "-" + number.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>The number of a code that is the whole text (surrounding spaces allowed), or null.</summary>
    public static int? Parse(string? text, string prefix)
    {
        var nfc = VietnameseText.Nfc(text);
        return TryParseLeading(nfc, prefix, out var number, out var length) && nfc[length..].Trim().Length == 0
            ? number
            : null;
    }

    /// <summary>
    /// Reads a code at the start of an NFC text. <paramref name="length"/> is how many characters it took, so the
    /// caller can go on with the rest ("HT-12 Nguyễn Văn An" → 12, and the rest starts at the space).
    /// </summary>
    public static bool TryParseLeading(string text, string prefix, out int number, out int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        number = 0;
        length = 0;
        var match = CodePattern().Match(VietnameseText.FoldAligned(text));
        if (!match.Success)
        {
            return false;
        }

        var givenPrefix = match.Groups["prefix"];
        if (givenPrefix.Success && !givenPrefix.Value.Equals(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        number = int.Parse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        length = match.Length;
        return number > 0;
    }

    // A two-letter prefix, an optional hyphen-like mark, then up to six digits not glued to more letters or digits.
    [GeneratedRegex(@"^\s*(?:(?<prefix>[a-z]{2})\s*[-_.:#]?\s*)?(?<number>[0-9]{1,6})(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
