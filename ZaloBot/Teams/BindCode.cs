using System.Text;
using ZaloBot.Text;

namespace ZaloBot.Teams;

/// <summary>
/// The short code that binds a Zalo group to its team. Compared in one canonical form (upper-case letters and
/// digits, no hyphens), so "qt-7k2m", "QT_7K2M" and "QT7K2M" are the same code. A code has no spaces.
/// </summary>
public static class BindCode
{
    public const int MinLength = 4;
    public const int MaxLength = 16;

    /// <summary>The canonical form, or null when the text cannot be a bind code.</summary>
    public static string? Normalize(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in VietnameseText.Fold(text))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
            else if (c is not ('-' or '_' or '.'))
            {
                return null;
            }
        }

        return builder.Length is >= MinLength and <= MaxLength ? builder.ToString() : null;
    }
}
