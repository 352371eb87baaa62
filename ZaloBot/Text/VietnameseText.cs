using System.Globalization;
using System.Text;

namespace ZaloBot.Text;

/// <summary>
/// Vietnamese text helpers. Phones send NFC or NFD (some keyboards compose tones as combining marks), with
/// or without diacritics and in any case, so anything we match on goes through <see cref="Fold"/> first.
/// Anything we store or show goes through <see cref="Nfc"/> so one name has one spelling in the database.
/// </summary>
public static class VietnameseText
{
    /// <summary>NFC form of the text; null becomes empty. Never throws, even on broken surrogate pairs.</summary>
    public static string Nfc(string? text) => Normalize(text, NormalizationForm.FormC);

    /// <summary>
    /// The matching key of a text: lower case, diacritics removed (đ → d), invisible characters dropped,
    /// whitespace runs collapsed to one space and trimmed. NFC and NFD inputs give the same result.
    /// </summary>
    public static string Fold(string? text)
    {
        var decomposed = Normalize(text, NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (IsMarkOrInvisible(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(FoldDecomposed(c));
        }

        return builder.ToString();
    }

    /// <summary><see cref="Fold"/> with every space removed: "Đăng ký" and "dangky" give "dangky".</summary>
    public static string FoldCompact(string? text) => Fold(text).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>
    /// Folds an NFC text one character for one character, so an index in the result is the same index in the
    /// input. Whitespace becomes a space but is not collapsed; a stray combining mark is kept as it is.
    /// </summary>
    public static string FoldAligned(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = FoldChar(source[i]);
            }
        });
    }

    /// <summary>Folds one NFC character: lower case, without its tone and vowel marks; đ → d.</summary>
    public static char FoldChar(char c)
    {
        if (c < 0x80)
        {
            return char.ToLowerInvariant(c);
        }

        if (char.IsWhiteSpace(c))
        {
            return ' ';
        }

        if (char.IsSurrogate(c))
        {
            return c;
        }

        // Normalising a single BMP character cannot fail; its first code unit is the base letter.
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return FoldDecomposed(decomposed[0]);
    }

    /// <summary>True when both texts fold to the same key ("Tân Lập" equals "tan  lap").</summary>
    public static bool FoldedEquals(string? a, string? b) => string.Equals(Fold(a), Fold(b), StringComparison.Ordinal);

    /// <summary>Collapses every run of whitespace to one space and trims the ends.</summary>
    public static string CollapseWhitespace(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>NFC, invisible characters (zero-width space, BOM) removed, whitespace collapsed: one clean line.</summary>
    public static string Tidy(string? text) => CollapseWhitespace(RemoveInvisible(Nfc(text)));

    /// <summary>Removes format characters such as zero-width spaces and byte-order marks that chat apps slip in.</summary>
    public static string RemoveInvisible(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                builder.Append(c);
            }
        }

        return builder.Length == text.Length ? text : builder.ToString();
    }

    /// <summary>
    /// The key for "same person" matching (household heads, members by name): folded, punctuation turned into
    /// spaces, whitespace collapsed. "Nguyễn Văn  An" and "nguyen van an." give the same key.
    /// </summary>
    public static string NormalizeName(string? name)
    {
        var folded = Fold(name);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        return CollapseWhitespace(builder.ToString());
    }

    /// <summary>
    /// Gives a name typed all in lower case or all in capitals the usual form ("NGUYỄN VĂN AN" → "Nguyễn Văn An").
    /// A name with mixed case is the writer's choice (for example "H'Hen Niê") and is returned as it is.
    /// </summary>
    public static string NameCase(string? name)
    {
        var text = Tidy(name);
        var hasUpper = false;
        var hasLower = false;
        foreach (var c in text)
        {
            hasUpper |= char.IsUpper(c);
            hasLower |= char.IsLower(c);
        }

        if (hasUpper && hasLower)
        {
            return text;
        }

        var chars = text.ToCharArray();
        var startOfWord = true;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = startOfWord ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            startOfWord = chars[i] == ' ';
        }

        return new string(chars);
    }

    /// <summary>
    /// Optimal-string-alignment distance (Damerau–Levenshtein where adjacent transpositions count as one edit
    /// and no substring is edited twice). Small and exact enough for "Có phải bạn muốn …?" on short keywords.
    /// </summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length == 0)
        {
            return b.Length;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        // Three rolling rows: the transposition step looks two rows back.
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, previous2[j - 2] + 1);
                }

                current[j] = best;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }

    private static char FoldDecomposed(char c) => c switch
    {
        // đ/Đ have no decomposition; the Icelandic eth is what some old keyboards produce instead of Đ.
        'đ' or 'Đ' or 'ð' or 'Ð' => 'd',
        _ => char.ToLowerInvariant(c),
    };

    private static bool IsMarkOrInvisible(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
        or UnicodeCategory.Format;

    private static string Normalize(string? text, NormalizationForm form)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        try
        {
            return text.IsNormalized(form) ? text : text.Normalize(form);
        }
        catch (ArgumentException)
        {
            // A lone surrogate (possible in JSON escapes) makes normalisation throw; replace it and retry.
            return ReplaceLoneSurrogates(text).Normalize(form);
        }
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
