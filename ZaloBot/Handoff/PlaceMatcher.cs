using System.Text.RegularExpressions;
using ZaloBot.Text;

namespace ZaloBot.Handoff;

/// <summary>
/// A village with its commune, or a commune alone (<see cref="CommuneName"/> null). <see cref="FormerNames"/> are the
/// names a commune was known by before (the units it was formed from in 2025), <see cref="CommuneFormerNames"/> those of
/// a village's commune; <see cref="NamedAs"/> is set on a match made through one of them.
/// </summary>
public sealed record Place(long UnitId, string Name, long? CommuneId, string? CommuneName)
{
    public IReadOnlyList<string> FormerNames { get; init; } = [];

    public IReadOnlyList<string> CommuneFormerNames { get; init; } = [];

    /// <summary>The former name the resident used for this place or its commune ("Xã Hướng Tân"), if not today's.</summary>
    public string? NamedAs { get; init; }

    /// <summary>"Thôn Tân Lập, Xã Tân Lập", as a resident reads it.</summary>
    public string Display => CommuneName is null ? Name : $"{Name}, {CommuneName}";

    /// <summary>"Xã Khe Sanh (có Hướng Tân cũ)": the place with the former name it was found by, for a list of choices.</summary>
    public string Described => NamedAs is null ? Display : $"{Display} (có {PlaceMatcher.FormerLabel(NamedAs, CommuneName ?? Name, withDistrict: false)} cũ"
        + (PlaceMatcher.District(NamedAs) is { } district ? $", {district})" : ")");
}

/// <summary>The places a resident's words may mean, best first; <see cref="TooMany"/> when they name more than can be offered.</summary>
public sealed record PlaceMatch(IReadOnlyList<Place> Places, bool TooMany)
{
    public static PlaceMatch None { get; } = new([], false);
}

/// <summary>
/// Finds the village (or commune) a resident typed, the way they type it: any case or diacritics, with or without
/// "thôn", "bản", "tổ dân phố", "xã", "phường", "thị trấn", "đặc khu", wrapped in words ("tôi ở thôn Tân Lập ạ"), with
/// a small typo, or with the commune after it ("thôn 2, xã Tân Lập", which narrows villages of the same name). A
/// commune is also found by the names it had before the 2025 reorganisation ("xã Hướng Tân", "thị trấn Khe Sanh" are
/// today's Xã Khe Sanh), and a former name two communes share offers both. Pure: the caller loads the units. Short
/// names must be exact (one letter off "Bù" is another village); longer ones forgive one or two edits. Words that
/// are only part of a name ("Tân") offer every place they start.
/// </summary>
public static partial class PlaceMatcher
{
    // What only says which kind of place it is, longest first, compared word by word on folded text, with the village
    // kind or the commune kind it names: "TDP 1" and "tổ 1" are the residential group, not "Thôn 1".
    private static readonly (string[] Words, string? VillageKind, string? CommuneKind)[] KindWords =
    [
        (["to", "dan", "pho"], "tdp", null), (["khu", "dan", "cu"], "kdc", null), (["khu", "pho"], "kp", null),
        (["thi", "tran"], null, "thitran"), (["tt"], null, "thitran"), (["dac", "khu"], null, "dackhu"), (["thi", "xa"], null, null), (["thanh", "pho"], null, null),
        (["thon"], "thon", null), (["ban"], "ban", null), (["to"], "tdp", null), (["tdp"], "tdp", null), (["kdc"], "kdc", null),
        (["kp"], "kp", null), (["lang"], "lang", null), (["xom"], "xom", null), (["ap"], "ap", null), (["khom"], "khom", null),
        (["khu"], "khu", null), (["xa"], null, "xa"), (["phuong"], null, "phuong"), (["huyen"], null, null), (["tinh"], null, null),
    ];

    // Words around what a resident types ("tôi ở … ạ"), dropped only where a few words must start a name. Names keep
    // them: "Minh", "Châu", "Tài" are parts of commune names.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "ah", "ak", "nhe", "nha", "oi", "toi", "em", "chau", "minh", "o", "tai", "thuoc",
    };

    /// <summary>The places the text may mean: exact names first, today's names before former ones; at most <paramref name="max"/>.</summary>
    public static PlaceMatch Match(string? text, IReadOnlyList<Place> places, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(places);
        var typed = Parse(text);
        if (typed.Core.Length == 0)
        {
            return PlaceMatch.None;
        }

        var scored = new List<(Place Place, int Distance, int Width, bool Former, bool Corroborated, bool SameKind)>();
        foreach (var place in places)
        {
            if (Best(typed, place) is not { } best)
            {
                continue;
            }

            // Other words that confirm it: the commune named apart from the village ("thôn 1, xã Hướng Lập"), or a
            // commune's other name or its old district ("Cam Thủy, huyện Lệ Thủy"). "Tân Lập" alone does not name Xã Tân Lập too.
            var rest = typed.Words.Where((_, i) => i < best.Start || i >= best.Start + best.Width).ToArray();
            var communeNamedAs = place.CommuneName is null ? null : NamedIn(rest, place.CommuneName, place.CommuneFormerNames);
            var corroborated = place.CommuneName is null
                ? NamedIn(rest, place.Name, place.FormerNames) is not null
                    || (District(best.Former) is { } district && Words(district) is { Length: > 0 } districtWords && Contains(rest, districtWords))
                : communeNamedAs is not null;
            var namedAs = best.Former ?? (communeNamedAs is { } communeName && communeName != place.CommuneName ? communeName : null);
            scored.Add((place with { NamedAs = namedAs }, best.Distance, best.Width, best.Former is not null, corroborated, best.SameKind));
        }

        if (scored.Count == 0)
        {
            return PlaceMatch.None;
        }

        // Naming the commune settles which of the same-named villages.
        if (scored.Exists(s => s.Corroborated))
        {
            scored = scored.Where(s => s.Corroborated).ToList();
        }

        // An exact name beats a near one, and the longer of two exact names wins: "Tân Thành" is not Xã Thanh.
        var bestDistance = scored.Min(s => s.Distance);
        if (bestDistance == 0)
        {
            var widest = scored.Where(s => s.Distance == 0).Max(s => s.Width);
            scored = scored.Where(s => s.Distance == 0 && s.Width == widest).ToList();
        }

        // Among equals, so does the kind: "TDP 1" is Tổ dân phố 1, not Thôn 1.
        if (scored.Exists(s => s.SameKind))
        {
            scored = scored.Where(s => s.SameKind).ToList();
        }

        var ordered = scored.OrderBy(s => s.Distance).ThenBy(s => s.Former).ThenBy(s => s.Place.Display, StringComparer.Ordinal).Select(s => s.Place).ToList();
        return new PlaceMatch(ordered.Take(max).ToList(), TooMany: ordered.Count > max && bestDistance == 0);
    }

    /// <summary>
    /// At the question "which village?": a village when one matches, else the commune the resident named instead. A
    /// commune word with no village word ("xã Tân Lập", "thị trấn Khe Sanh") names the commune even where a village
    /// has the same name.
    /// </summary>
    public static (PlaceMatch Match, bool Commune) MatchVillageOrCommune(string? text, IReadOnlyList<Place> villages, IReadOnlyList<Place> communes)
    {
        var typed = Parse(text);
        var communeMatch = Match(text, communes);
        if (typed.CommuneKind is not null && typed.VillageKind is null && communeMatch.Places.Count > 0
            && communeMatch.Places.All(p => Best(typed, p)?.Distance == 0))
        {
            return (communeMatch, true);
        }

        var villageMatch = Match(text, villages);
        return villageMatch.Places.Count > 0 || communeMatch.Places.Count == 0 ? (villageMatch, false) : (communeMatch, true);
    }

    /// <summary>The folded words of a name without the words for its kind or anything in brackets.</summary>
    public static string[] Words(string? text) => Parse(text).Words;

    /// <summary>
    /// A former name as a sentence says it: without its kind ("Hướng Tân" for "Xã Hướng Tân"), unless that leaves the
    /// name it has today or only a number ("Thị trấn Khe Sanh", "Phường 1"); the district in brackets only if asked.
    /// </summary>
    public static string FormerLabel(string former, string current, bool withDistrict)
    {
        ArgumentNullException.ThrowIfNull(former);
        var name = withDistrict ? former.Trim() : Brackets().Replace(former, " ").Trim();
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var folded = words.Select(w => VietnameseText.NormalizeName(w)).ToArray();
        var kind = Array.Find(KindWords, k => k.CommuneKind is not null && folded.AsSpan().StartsWith(k.Words));
        if (kind.Words is null)
        {
            return VietnameseText.CollapseWhitespace(name);
        }

        var bare = string.Join(' ', words.Skip(kind.Words.Length));
        return Words(bare).All(w => w.All(char.IsAsciiDigit)) || Words(bare).SequenceEqual(Words(current))
            ? VietnameseText.CollapseWhitespace(name)
            : bare;
    }

    /// <summary>The old district in a former name's brackets ("huyện Lệ Thủy" in "Xã Cam Thủy (huyện Lệ Thủy)").</summary>
    public static string? District(string? former)
    {
        var match = former is null ? null : BracketContent().Match(former);
        return match is { Success: true } ? VietnameseText.CollapseWhitespace(match.Groups[1].Value) : null;
    }

    /// <summary>
    /// The best of a place's names for the typed words: today's name, else a former one (a former name wins a tie
    /// only when the resident used its kind, "thị trấn Khe Sanh" for Xã Khe Sanh).
    /// </summary>
    private static (int Distance, int Start, int Width, string? Former, bool SameKind)? Best(Parsed typed, Place place)
    {
        (int Distance, int Start, int Width, string? Former, bool SameKind)? best = null;
        foreach (var (name, former) in place.FormerNames.Select(f => (f, (string?)f)).Prepend((place.Name, null)))
        {
            var parsed = Parse(name);
            if (parsed.Words.Length == 0 || Score(typed, parsed.Words) is not { } score)
            {
                continue;
            }

            var sameKind = place.CommuneName is null
                ? typed.CommuneKind is not null && typed.CommuneKind == parsed.CommuneKind
                : typed.VillageKind is not null && typed.VillageKind == parsed.VillageKind;
            if (best is null || score.Distance < best.Value.Distance || (score.Distance == best.Value.Distance && sameKind && !best.Value.SameKind))
            {
                best = (score.Distance, score.Start, score.Width, former, sameKind);
            }
        }

        return best;
    }

    /// <summary>Today's name or the former name of a commune that the words contain, or null.</summary>
    private static string? NamedIn(string[] words, string name, IReadOnlyList<string> formerNames) =>
        formerNames.Prepend(name).FirstOrDefault(n => Words(n) is { Length: > 0 } nameWords && Contains(words, nameWords));

    /// <summary>A name's or a message's words without kind words; <see cref="Core"/> also without filler.</summary>
    private sealed record Parsed(string[] Words, string[] Core, string? VillageKind, string? CommuneKind);

    private static Parsed Parse(string? text)
    {
        var words = VietnameseText.NormalizeName(Brackets().Replace(text ?? "", " ")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(words.Length);
        string? villageKind = null;
        string? communeKind = null;
        // A kind word starts a name: at the start, or after filler, a number or another kind word. After a name's
        // word it is part of the name: "Hải Lăng", "Hồ Xá", "Quảng Phương" are not a làng, a xã, a phường.
        var startsName = true;
        var i = 0;
        while (i < words.Length)
        {
            var kind = startsName
                ? Array.Find(KindWords, k => i + k.Words.Length <= words.Length && words.AsSpan(i, k.Words.Length).SequenceEqual(k.Words))
                : default;
            if (kind.Words is not null)
            {
                villageKind ??= kind.VillageKind;
                communeKind ??= kind.CommuneKind;
                i += kind.Words.Length;
                continue;
            }

            // "số" before a number is how the place is counted ("thôn số 3"), not part of its name.
            if (words[i] == "so" && i + 1 < words.Length && words[i + 1].All(char.IsAsciiDigit))
            {
                i++;
                continue;
            }

            startsName = Filler.Contains(words[i]) || words[i].All(char.IsAsciiDigit);
            kept.Add(words[i]);
            i++;
        }

        // A name that is only its kind ("Thôn") keeps its words rather than matching everything.
        string[] result = kept.Count > 0 ? [.. kept] : words;
        return new Parsed(result, result.Where(w => !Filler.Contains(w)).ToArray(), villageKind, communeKind);
    }

    /// <summary>
    /// How close the typed words come to a name: the best run of as many words (one more or fewer), squeezed, or
    /// a shorter run that starts the name word for word ("tan" for "tan lap"), which ranks after any near miss.
    /// </summary>
    private static (int Distance, int Start, int Width)? Score(Parsed message, string[] name)
    {
        var typed = message.Words;
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

        // "Tân" for Tân Lập and Tân Hòa: the whole of what was typed (filler aside) starts the name, each word at least
        // two letters.
        var core = message.Core;
        return core.Length < name.Length && core.All(w => w.Length >= 2) && name.AsSpan(0, core.Length).SequenceEqual(core)
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

    [GeneratedRegex(@"\(([^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex BracketContent();
}
