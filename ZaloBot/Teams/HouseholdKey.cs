using ZaloBot.Text;

namespace ZaloBot.Teams;

/// <summary>
/// What makes two reports the same household: the head's name and the village, each folded (no diacritics,
/// case or punctuation), and the village without the words that only say what kind of place it is, so
/// "Thôn Tân Lập", "thon tan lap" and "Tân Lập" are one village, and "Tổ dân phố 3", "TDP 3" and "tổ 3" another.
/// </summary>
public static class HouseholdKey
{
    // Longest first; compared word by word on folded text.
    private static readonly string[][] PlaceWords =
    [
        ["to", "dan", "pho"], ["khu", "dan", "cu"], ["khu", "pho"], ["thon"], ["ban"], ["to"], ["tdp"], ["kdc"], ["kp"], ["lang"],
        ["xom"], ["ap"], ["khom"], ["khu"],
    ];

    public static string For(string headOfHousehold, string village) =>
        VietnameseText.NormalizeName(headOfHousehold) + "|" + Village(village);

    /// <summary>The village part of the key ("Thôn số 3" → "3").</summary>
    public static string Village(string village)
    {
        var words = VietnameseText.NormalizeName(village).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(words.Length);
        var i = 0;
        while (i < words.Length)
        {
            var match = Array.Find(PlaceWords, place => i + place.Length <= words.Length && words.AsSpan(i, place.Length).SequenceEqual(place));
            if (match is not null)
            {
                i += match.Length;
                continue;
            }

            // "số" before a number is part of how the place is named ("thôn số 3"), not of its name.
            if (words[i] == "so" && i + 1 < words.Length && words[i + 1].All(char.IsAsciiDigit))
            {
                i++;
                continue;
            }

            kept.Add(words[i]);
            i++;
        }

        // A village written only as its kind ("thôn") keeps its words rather than matching every other one.
        return kept.Count > 0 ? string.Join(' ', kept) : string.Join(' ', words);
    }
}
