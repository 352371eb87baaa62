using System.Text;

namespace ZaloBot.Teams;

/// <summary>
/// Vietnamese mobile numbers and citizen-ID-like numbers in free text. Numbers are kept in one national form
/// (<c>0912345678</c>) so a member is found however they typed it; they are shown and logged masked.
/// </summary>
public static class PhoneNumber
{
    /// <summary>
    /// The national form of a Vietnamese mobile number, or null when the text is not one. Accepts
    /// <c>0912345678</c>, <c>0912 345 678</c>, <c>0912.345.678</c>, <c>0912-345-678</c>, <c>+84912345678</c>,
    /// <c>(+84) 912 345 678</c> and <c>84912345678</c>. Mobile numbers have ten digits and start with
    /// 03, 05, 07, 08 or 09 since the 2018 renumbering; landlines and old 11-digit numbers are refused.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var digits = new StringBuilder(12);
        var international = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !international)
            {
                international = true;
            }
            else if (!IsGroupingCharacter(c) && c != '(' && c != ')')
            {
                return null;
            }
        }

        var all = digits.ToString();
        string national;
        if (international)
        {
            if (!all.StartsWith("84", StringComparison.Ordinal))
            {
                return null;
            }

            national = all[2..];

            // "+84 0912…" is a common slip: the trunk zero kept after the country code.
            if (national.Length == 10 && national[0] == '0')
            {
                national = national[1..];
            }
        }
        else if (all.Length == 11 && all.StartsWith("84", StringComparison.Ordinal))
        {
            national = all[2..];
        }
        else if (all.Length == 10 && all[0] == '0')
        {
            national = all[1..];
        }
        else
        {
            return null;
        }

        return national.Length == 9 && national[0] is '3' or '5' or '7' or '8' or '9' ? "0" + national : null;
    }

    /// <summary>True when the text is a Vietnamese mobile number in any accepted form.</summary>
    public static bool IsValid(string? text) => Normalize(text) is not null;

    /// <summary>
    /// The form shown in chats, reports and logs: the first two digits, then <c>xx xxx</c>, then the last three
    /// (<c>0912345678</c> → <c>09xx xxx 678</c>). Throws when the text is not a mobile number.
    /// </summary>
    public static string Mask(string phone)
    {
        var national = Normalize(phone) ?? throw new ArgumentException("Not a Vietnamese mobile number.", nameof(phone));
        return string.Concat(national.AsSpan(0, 2), "xx xxx ", national.AsSpan(7, 3));
    }

    /// <summary>
    /// True when the text holds a number that looks like a citizen ID (CCCD, 12 digits): twelve digits in a row,
    /// or written in groups of three or four separated by one space, dot or hyphen (<c>038 123 456 789</c>,
    /// <c>0381.2345.6789</c>). Such numbers are refused and never stored. A phone number (10 digits) or a
    /// phone next to a village number is not mistaken for one.
    /// </summary>
    public static bool ContainsCitizenIdLike(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        // Digit runs of the current grouped number; a run ends at a non-digit, a group ends at anything that is
        // not one grouping character between two digits.
        var runs = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                if (runs.Count > 0 && !(IsGroupingCharacter(text[i]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])
                    && i > 0 && char.IsAsciiDigit(text[i - 1])))
                {
                    if (HasCitizenIdShape(runs))
                    {
                        return true;
                    }

                    runs.Clear();
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            runs.Add(i - start);
        }

        return HasCitizenIdShape(runs);
    }

    private static bool HasCitizenIdShape(List<int> runs)
    {
        if (runs.Contains(12))
        {
            return true;
        }

        // Any stretch of groups of 3–4 digits adding up to exactly twelve.
        for (var first = 0; first < runs.Count; first++)
        {
            var sum = 0;
            for (var last = first; last < runs.Count && runs[last] is 3 or 4; last++)
            {
                sum += runs[last];
                if (sum == 12 && last > first)
                {
                    return true;
                }

                if (sum > 12)
                {
                    break;
                }
            }
        }

        return false;
    }

    private static bool IsGroupingCharacter(char c) => c is ' ' or '.' or '-' or '\u00A0';
}
