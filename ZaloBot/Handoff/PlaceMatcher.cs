using System.Text.RegularExpressions;
using ZaloBot.Text;

namespace ZaloBot.Handoff;

/// <summary>A village with its commune, or a commune alone (<see cref="CommuneName"/> null).</summary>
public sealed record Place(long UnitId, string Name, long? CommuneId, string? CommuneName)
{
    /// <summary>"Thôn Tân Lập, Xã Tân Lập", as a resident reads it.</summary>
    public string Display => CommuneName is null ? Name : $"{Name}, {CommuneName}";
}

/// <summary>The places a resident's words may mean, best first; <see cref="TooMany"/> when they name more than can be offered.</summary>
public sealed record PlaceMatch(IReadOnlyList<Place> Places, bool TooMany)
{
    public static PlaceMatch None { get; } = new([], false);
}

/// <summary>
/// Finds the village (or commune) a resident typed, the way they type it: any case or diacritics, with or without
/// "thôn", "bản", "tổ dân phố", "xã", wrapped in words ("tôi ở thôn Tân Lập ạ"), with a small typo, or with the
/// commune after it ("thôn 2, xã Tân Lập", which narrows villages of the same name). Pure: the caller loads the
/// units. Short names must be exact (one letter off "Bù" is another village); longer ones forgive one or two edits.
/// Words that are only part of a name ("Tân") offer every place they start.
/// </summary>
public static partial class PlaceMatcher
{
    // What only says which kind of place it is, longest first, compared word by word on folded text, with the kind it
    // names: "TDP 1" and "tổ 1" are the residential group, not "Thôn 1". Commune-level kinds name no village kind.
    private static readonly (string[] Words, string? Kind)[] KindWords =
    [
        (["to", "dan", "pho"], "tdp"), (["khu", "dan", "cu"], "kdc"), (["khu", "pho"], "kp"), (["thi", "tran"], null), (["dac", "khu"], null),
        (["thanh", "pho"], null), (["thon"], "thon"), (["ban"], "ban"), (["to"], "tdp"), (["tdp"], "tdp"), (["kdc"], "kdc"), (["kp"], "kp"),
        (["lang"], "lang"), (["xom"], "xom"), (["ap"], "ap"), (["khom"], "khom"), (["khu"], "khu"), (["xa"], null), (["phuong"], null),
        (["huyen"], null), (["tinh"], null),
    ];

    // Kept short: a word that may also be part of a name ("Cồn Cỏ", "La Vang") must not be dropped.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "ah", "ak", "nhe", "nha", "oi", "toi", "em", "chau", "minh", "o", "tai", "thuoc",
    };

    /// <summary>The places the text may mean: exact names first; at most <paramref name="max"/>.</summary>
    public static PlaceMatch Match(string? text, IReadOnlyList<Place> places, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(places);
        var (typed, typedKind) = Parse(text);
        if (typed.Length == 0)
        {
            return PlaceMatch.None;
        }

        var scored = new List<(Place Place, int Distance, bool CommuneNamed, bool SameKind)>();
        foreach (var place in places)
        {
            var (name, kind) = Parse(place.Name);
            if (name.Length == 0 || Score(typed, name) is not { } score)
            {
                continue;
            }

            // The commune counts only when named apart from the village ("Tân Lập" alone does not name Xã Tân Lập too).
            var rest = typed.Where((_, i) => i < score.Start || i >= score.Start + score.Width).ToArray();
            var communeNamed = place.CommuneName is { } commune && Words(commune) is { Length: > 0 } communeWords && Contains(rest, communeWords);
            scored.Add((place, score.Distance, communeNamed, typedKind is not null && kind == typedKind));
        }

        if (scored.Count == 0)
        {
            return PlaceMatch.None;
        }

        // Naming the commune settles which of the same-named villages; an exact name beats a near one.
        if (scored.Exists(s => s.CommuneNamed))
        {
            scored = scored.Where(s => s.CommuneNamed).ToList();
        }

        var best = scored.Min(s => s.Distance);
        if (best == 0)
        {
            scored = scored.Where(s => s.Distance == 0).ToList();
        }

        // Among equals, so does the kind: "TDP 1" is Tổ dân phố 1, not Thôn 1.
        if (scored.Exists(s => s.SameKind))
        {
            scored = scored.Where(s => s.SameKind).ToList();
        }

        var ordered = scored.OrderBy(s => s.Distance).ThenBy(s => s.Place.Display, StringComparer.Ordinal).Select(s => s.Place).ToList();
        return ordered.Count > max && best == 0
            ? new PlaceMatch(ordered.Take(max).ToList(), TooMany: true)
            : new PlaceMatch(ordered.Take(max).ToList(), TooMany: false);
    }

    /// <summary>The folded words of a name without the words for its kind, filler or anything in brackets.</summary>
    public static string[] Words(string? text) => Parse(text).Words;

    private static (string[] Words, string? Kind) Parse(string? text)
    {
        var words = VietnameseText.NormalizeName(Brackets().Replace(text ?? "", " ")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(words.Length);
        string? villageKind = null;
        var i = 0;
        while (i < words.Length)
        {
            var kind = Array.Find(KindWords, k => i + k.Words.Length <= words.Length && words.AsSpan(i, k.Words.Length).SequenceEqual(k.Words));
            if (kind.Words is not null)
            {
                villageKind ??= kind.Kind;
                i += kind.Words.Length;
                continue;
            }

            // "số" before a number is how the place is counted ("thôn số 3"), not part of its name.
            if (words[i] == "so" && i + 1 < words.Length && words[i + 1].All(char.IsAsciiDigit))
            {
                i++;
                continue;
            }

            if (!Filler.Contains(words[i]))
            {
                kept.Add(words[i]);
            }

            i++;
        }

        // A name that is only its kind ("Thôn") keeps its words rather than matching everything.
        return (kept.Count > 0 ? [.. kept] : words.Where(w => !Filler.Contains(w)).ToArray(), villageKind);
    }

    /// <summary>
    /// How close the typed words come to a name: the best run of as many words (one more or fewer), squeezed, or
    /// a shorter run that starts the name word for word ("tan" for "tan lap"), which ranks after any near miss.
    /// </summary>
    private static (int Distance, int Start, int Width)? Score(string[] typed, string[] name)
    {
        var target = string.Concat(name);
        var allowed = Allowed(target.Length);
        (int Distance, int Start, int Width)? best = null;
        for (var width = Math.Max(1, name.Length - 1); width <= name.Length + 1; width++)
        {
            for (var start = 0; start + width <= typed.Length; start++)
            {
                var window = string.Concat(typed.AsSpan(start, width).ToArray());
                if (Math.Abs(window.Length - target.Length) > allowed)
                {
                    continue;
                }

                var distance = VietnameseText.EditDistance(window, target);
                if (distance <= allowed && (best is null || distance < best.Value.Distance))
                {
                    best = (distance, start, width);
                }
            }
        }

        if (best is not null)
        {
            return best;
        }

        // "Tân" for Tân Lập and Tân Hòa: the whole of what was typed starts the name, each word at least two letters.
        return typed.Length < name.Length && typed.All(w => w.Length >= 2) && name.AsSpan(0, typed.Length).SequenceEqual(typed)
            ? (allowed + 1, 0, typed.Length)
            : null;
    }

    private static bool Contains(string[] words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Length; i++)
        {
            if (words.AsSpan(i, phrase.Length).SequenceEqual(phrase))
            {
                return true;
            }
        }

        return false;
    }

    private static int Allowed(int length) => length switch
    {
        >= 9 => 2,
        >= 5 => 1,
        _ => 0,
    };

    [GeneratedRegex(@"\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Brackets();
}
