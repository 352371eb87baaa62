using System.Globalization;
using ZaloBot.Text;

namespace ZaloBot.Guides;

/// <summary>What a typed message means, before looking at the resident's session.</summary>
public abstract record TextIntent
{
    /// <summary>"2", "số 2": the numbered option of the last menu.</summary>
    public sealed record Number(int Value) : TextIntent;

    public sealed record Command(GuideCommand Kind) : TextIntent;

    /// <summary>Keywords of one or more guides, best first; several only when they tie.</summary>
    public sealed record Topic(IReadOnlyList<Guide> Guides) : TextIntent;

    /// <summary>A menu area as a whole ("giấy tờ", "sức khỏe, học tập"): the menu step that lists its guides.</summary>
    public sealed record Area(GuidePosition Menu) : TextIntent;

    /// <summary>
    /// Words about something no guide covers ("làm sổ đỏ"); <see cref="Closest"/> are the guides that share the most
    /// telling words with it, best first, and may be empty.
    /// </summary>
    public sealed record NoGuide(IReadOnlyList<Guide> Closest) : TextIntent;

    /// <summary>Nothing to read: punctuation, emoji, filler words.</summary>
    public sealed record Unknown : TextIntent;
}

public enum GuideCommand
{
    Back,
    Menu,
    Restart,
    Handoff,
    Greeting,
    Thanks,
}

/// <summary>
/// Reads free text: the commands that always work ("Quay lại", "Menu", "Bắt đầu lại"), a person from the team,
/// greetings, numbers, the guides' keywords and the menu areas. Everything is compared folded (no diacritics, lower
/// case, đ→d) after the same rewriting of everyday words on both sides ("qua mạng" is "online", "mần" is "làm").
/// A keyword matches as typed, squeezed ("tamtru"), with a few words inside it ("thuê phòng trọ" for "thuê trọ"),
/// without its leading verb ("hồ sơ trực tuyến"), spelled by ear ("tạm chú"), or with small typos (one edit in
/// keywords of 5+ letters, two in 9+), but a typo is never read into a word people really write ("kết hôn online"
/// is not "học online"). A task beats the channel it is done through ("nộp học phí qua Viettel Money" is about
/// school payments), and what no guide covers is said to be so, with the closest guides.
/// </summary>
public sealed partial class GuideRouter
{
    // Longer messages are read only this far: enough for any question, and the matching stays cheap.
    private const int MaxWords = 40;

    // Words a keyword may have inside it as typed ("bán mật ong trên mạng" for "bán online").
    private const int MaxInserted = 3;

    private readonly Keyword[] _keywords;
    private readonly HashSet<string> _knownWords;
    private readonly Dictionary<Guide, HashSet<(string, string)>> _pairs;

    public GuideRouter(GuideLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        var keywords = new List<Keyword>();
        foreach (var guide in library.Topics)
        {
            foreach (var phrase in guide.Keywords.Prepend(guide.ShortTitle).Prepend(guide.Title))
            {
                AddKeyword(keywords, guide, null, Normalize(Tokens(phrase)));
            }
        }

        foreach (var (position, title) in Areas(library))
        {
            // "Giấy tờ, thủ tục": the whole title and each of its parts.
            foreach (var phrase in title.Split(',').Append(title))
            {
                AddKeyword(keywords, null, position, Normalize(Tokens(phrase)));
            }
        }

        _keywords = [.. keywords];
        _knownWords = [.. CommonWords, .. Stopwords, .. keywords.SelectMany(k => k.Words)];
        _pairs = library.Topics.ToDictionary(g => g, g => g.Keywords.Prepend(g.ShortTitle).Prepend(g.Title)
            .SelectMany(k => new[] { Tokens(k), Normalize(Tokens(k)) })
            .SelectMany(Pairs)
            .ToHashSet());
    }

    public TextIntent Understand(string? text)
    {
        var tokens = Tokens(text);
        if (tokens.Length == 0)
        {
            return new TextIntent.Unknown();
        }

        if (ParseNumber(tokens) is { } number)
        {
            return new TextIntent.Number(number);
        }

        if (MatchCommand(tokens) is { } command)
        {
            return new TextIntent.Command(command);
        }

        if (ContainsPhrase(tokens, HandoffPhrases))
        {
            return new TextIntent.Command(GuideCommand.Handoff);
        }

        var words = Normalize(tokens.Length > MaxWords ? tokens[..MaxWords] : tokens);
        var hits = Match(words);
        var (guides, guideScore) = BestGuides(hits);
        var area = BestArea(hits, words);

        // A guide, unless the message names a whole menu area better ("bán hàng, thanh toán" is the area, not the shop guide).
        if (guides.Count > 0 && (area is null || area.Value.Score <= guideScore))
        {
            return new TextIntent.Topic(guides);
        }

        if (guides.Count == 0 && ContainsPhrase(tokens, HelpFromSomeonePhrases))
        {
            return new TextIntent.Command(GuideCommand.Handoff);
        }

        if (area is not null)
        {
            return new TextIntent.Area(area.Value.Position);
        }

        // "cảm ơn" is mostly followed by more words ("cảm ơn bot nhiều lắm"); it counts when nothing else did.
        if (tokens is ["cam", "on", ..] or ["cam", "ong", ..])
        {
            return new TextIntent.Command(GuideCommand.Thanks);
        }

        return words.Any(w => !Stopwords.Contains(w)) ? new TextIntent.NoGuide(Closest(words)) : new TextIntent.Unknown();
    }

    /// <summary>True when the text is (nearly) the given button title, so typing a button's words presses it.</summary>
    public static bool MatchesTitle(string? text, string title)
    {
        var typed = Tokens(text).Where(t => !Filler.Contains(t)).ToArray();
        var wanted = Tokens(title).Where(t => !Filler.Contains(t)).ToArray();
        return typed.Length > 0 && wanted.Length > 0 && IsNear(typed, wanted, EverydayWords);
    }

    /// <summary>Folded words: no diacritics, no punctuation, lower case.</summary>
    public static string[] Tokens(string? text) =>
        VietnameseText.NormalizeName(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The menu steps other menus lead to, with the title of the button that leads there.</summary>
    private static IEnumerable<(GuidePosition Position, string Title)> Areas(GuideLibrary library) =>
        library.Menu.Steps
            .SelectMany(s => s.Buttons)
            .Where(b => b.Target is GuideTarget.ToStep { GuideId: GuideLibrary.MenuId } to && to.StepId != library.Menu.Start.Id)
            .Select(b => (Position: new GuidePosition(GuideLibrary.MenuId, ((GuideTarget.ToStep)b.Target).StepId), b.Title))
            .DistinctBy(a => a.Position);

    /// <summary>The everyday-word rewriting, applied alike to keywords and to what residents type.</summary>
    private static string[] Normalize(string[] tokens)
    {
        var result = new List<string>(tokens.Length);
        var i = 0;
        while (i < tokens.Length)
        {
            var synonym = Array.Find(Synonyms, s => StartsAt(tokens, i, s.From));
            if (synonym.From is null)
            {
                result.Add(tokens[i++]);
                continue;
            }

            result.AddRange(synonym.To);
            i += synonym.From.Length;
        }

        return [.. result];
    }

    private static void AddKeyword(List<Keyword> keywords, Guide? guide, GuidePosition? area, string[] words)
    {
        if (words.Length == 0)
        {
            return;
        }

        var isChannel = Strip(Strip(words, ChannelPhrases, everywhere: true), GenericVerbs, everywhere: true).Length == 0;
        Add(words, isChannel, shortened: false);

        // "nộp hồ sơ trực tuyến" is also "hồ sơ trực tuyến", as long as what is left still names a task.
        var rest = Strip(words, GenericVerbs, everywhere: false);
        if (rest.Length < words.Length && string.Concat(rest).Length >= 4 && !rest.All(CommonWords.Contains)
            && Strip(Strip(rest, ChannelPhrases, everywhere: true), GenericVerbs, everywhere: true).Length > 0)
        {
            Add(rest, false, shortened: true);
        }

        void Add(string[] phrase, bool channel, bool shortened)
        {
            if (!keywords.Exists(k => k.Guide == guide && k.Area == area && k.Words.SequenceEqual(phrase)))
            {
                keywords.Add(new Keyword(guide, area, phrase, [.. phrase.Select(Spoken)], channel, shortened));
            }
        }
    }

    /// <summary>The words without the given phrases: the one they start with, or all of them wherever they are.</summary>
    private static string[] Strip(string[] words, string[][] phrases, bool everywhere)
    {
        var kept = new List<string>(words.Length);
        var i = 0;
        while (i < words.Length)
        {
            var phrase = phrases.Where(p => StartsAt(words, i, p)).MaxBy(p => p.Length);
            if (phrase is not null && (everywhere || i == 0))
            {
                i += phrase.Length;
                continue;
            }

            kept.Add(words[i++]);
        }

        return [.. kept];
    }

    private List<Hit> Match(string[] words)
    {
        var spoken = words.Select(Spoken).ToArray();
        var hits = new List<Hit>();
        foreach (var keyword in _keywords)
        {
            // A keyword shortened by its verb loses a tie to a guide that has those words as a keyword of its own
            // ("bhyt" is the card's guide, although "gia hạn bhyt" is the renewal's).
            var penalty = keyword.Shortened ? 1 : 0;
            var hit = Find(words, keyword.Words, penalty, _knownWords);
            // Spelled by ear ("tạm chú" for "tạm trú", "đăng kí" for "đăng ký") counts as a near miss, and is not
            // corrected further: a typed word's sound is no longer the word the guard knows.
            var byEar = Find(spoken, keyword.Spoken, penalty + 2, known: null);
            var best = byEar is not null && (hit is null || byEar.Value.Score > hit.Value.Score) ? byEar : hit;
            if (best is { } found)
            {
                hits.Add(new Hit(keyword, found.Score, found.Start, found.End));
            }
        }

        return hits;
    }

    /// <summary>The best guides: a task beats a channel, then the best score; several only when they tie.</summary>
    private static (List<Guide> Guides, int Score) BestGuides(List<Hit> hits)
    {
        var guideHits = hits.Where(h => h.Keyword.Guide is not null).ToList();
        if (guideHits.Exists(h => !h.Keyword.IsChannel))
        {
            guideHits = guideHits.Where(h => !h.Keyword.IsChannel).ToList();
        }

        if (guideHits.Count == 0)
        {
            return ([], 0);
        }

        var top = guideHits.Max(h => h.Score);
        return (guideHits.Where(h => h.Score == top).Select(h => h.Keyword.Guide!).Distinct().ToList(), top);
    }

    /// <summary>A menu area, when its words account for everything the message says (stop words aside).</summary>
    private static (GuidePosition Position, int Score)? BestArea(List<Hit> hits, string[] words)
    {
        var byArea = hits.Where(h => h.Keyword.Area is not null).GroupBy(h => h.Keyword.Area!);
        (GuidePosition Position, int Score)? best = null;
        foreach (var area in byArea)
        {
            var covered = new bool[words.Length];
            foreach (var hit in area)
            {
                Array.Fill(covered, true, hit.Start, hit.End - hit.Start);
            }

            var score = area.Max(h => h.Score);
            if (words.Select((w, i) => covered[i] || Stopwords.Contains(w)).All(c => c) && (best is null || score > best.Value.Score))
            {
                best = (area.Key, score);
            }
        }

        return best;
    }

    /// <summary>The guides sharing a telling pair of words with the message ("bảo hiểm" in "mua bảo hiểm xe máy").</summary>
    private List<Guide> Closest(string[] words)
    {
        var pairs = Pairs(words).ToHashSet();
        return _pairs
            .Select(p => (Guide: p.Key, Shared: p.Value.Count(pairs.Contains)))
            .Where(p => p.Shared > 0)
            .OrderByDescending(p => p.Shared)
            .Select(p => p.Guide)
            .ToList();
    }

    /// <summary>Neighbouring words that say something: neither stop words, nor verbs, nor channels.</summary>
    private static IEnumerable<(string, string)> Pairs(string[] words)
    {
        var telling = words.Select(w => !Stopwords.Contains(w) && !GenericVerbs.Any(v => v is [var only] && only == w)).ToArray();
        var channel = new bool[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            foreach (var phrase in ChannelPhrases.Where(p => StartsAt(words, i, p)))
            {
                Array.Fill(channel, true, i, phrase.Length);
            }
        }

        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (telling[i] && telling[i + 1] && !channel[i] && !channel[i + 1])
            {
                yield return (words[i], words[i + 1]);
            }
        }
    }

    /// <summary>
    /// How well a keyword matches, and where: longer keywords win, and as typed beats squeezed ("tamtru"), beats
    /// with words inside, beats a near miss. Null means no match. <paramref name="penalty"/> is taken off every score;
    /// near misses are tried only with the <paramref name="known"/> words they must not touch.
    /// </summary>
    private static (int Score, int Start, int End)? Find(string[] words, string[] keyword, int penalty, HashSet<string>? known)
    {
        var compactKeyword = string.Concat(keyword);
        var length = compactKeyword.Length;
        var best = ((int Score, int Start, int End)?)null;
        void Consider(int score, int start, int end)
        {
            if (best is null || score - penalty > best.Value.Score)
            {
                best = (score - penalty, start, end);
            }
        }

        for (var i = 0; i + keyword.Length <= words.Length; i++)
        {
            if (StartsAt(words, i, keyword))
            {
                return ((length * 10) + 5 - penalty, i, i + keyword.Length);
            }
        }

        if (length >= 5 && Squeezed(words, compactKeyword) is { } squeezed)
        {
            Consider((length * 10) + 3, squeezed.Start, squeezed.End);
        }

        if (keyword.Length >= 2 && WithWordsInside(words, keyword) is { } spread)
        {
            Consider((length * 10) - (4 * spread.Inserted) - (spread.Reversed ? 6 : 0), spread.Start, spread.End);
        }

        // Near misses: a run of as many words, each either the keyword's word or a slip nobody writes on purpose.
        for (var i = 0; known is not null && i + keyword.Length <= words.Length; i++)
        {
            if (Distance(words.AsSpan(i, keyword.Length), keyword, known) is { } distance && distance > 0)
            {
                Consider((length * 10) - (distance * 4), i, i + keyword.Length);
            }
        }

        return best;
    }

    /// <summary>The keyword typed without its spaces, inside one word or across a few ("tamtru", "binhdan hocvuso").</summary>
    private static (int Start, int End)? Squeezed(string[] words, string compactKeyword)
    {
        for (var start = 0; start < words.Length; start++)
        {
            // It must end where a word ends: "tamtrung" is not "tạm trú".
            var joined = "";
            for (var end = start; end < words.Length && joined.Length < compactKeyword.Length + words[start].Length; end++)
            {
                joined += words[end];
                if (joined.EndsWith(compactKeyword, StringComparison.Ordinal) && joined.Length - compactKeyword.Length < words[start].Length)
                {
                    return (start, end + 1);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The keyword's words in order with a few others inside ("thuê phòng trọ"); a two-word keyword may also come the
    /// other way round ("nông sản … bán" for "bán nông sản").
    /// </summary>
    private static (int Start, int End, int Inserted, bool Reversed)? WithWordsInside(string[] words, string[] keyword)
    {
        (int Start, int End, int Inserted, bool Reversed)? best = null;
        (string[] Words, bool Reversed)[] orders = keyword.Length == 2 ? [(keyword, false), ([keyword[1], keyword[0]], true)] : [(keyword, false)];
        foreach (var (wanted, reversed) in orders)
        {
            for (var start = 0; start < words.Length; start++)
            {
                if (words[start] != wanted[0])
                {
                    continue;
                }

                var next = 1;
                var end = start + 1;
                while (next < wanted.Length && end < words.Length && end - start - next <= MaxInserted)
                {
                    if (words[end] == wanted[next])
                    {
                        next++;
                    }

                    end++;
                }

                var inserted = end - start - wanted.Length;
                if (next == wanted.Length && inserted <= MaxInserted && (best is null || inserted < best.Value.Inserted))
                {
                    best = (start, end, inserted, reversed);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The edits between words typed and words wanted, word for word; null when they are too far apart, or when a
    /// word that differs is one people really write (then it is that word, not a slip).
    /// </summary>
    private static int? Distance(ReadOnlySpan<string> typed, string[] wanted, HashSet<string> known)
    {
        var distance = 0;
        for (var i = 0; i < wanted.Length; i++)
        {
            if (typed[i] == wanted[i])
            {
                continue;
            }

            if (known.Contains(typed[i]) || IsNumber(typed[i]) || IsNumber(wanted[i]))
            {
                return null;
            }

            distance += VietnameseText.EditDistance(typed[i], wanted[i]);
        }

        var length = wanted.Sum(w => w.Length);
        return distance <= Allowed(length) ? distance : null;
    }

    private static bool IsNear(string[] typed, string[] wanted, HashSet<string> known) =>
        typed.SequenceEqual(wanted)
        || (typed.Length == wanted.Length && Distance(typed, wanted, known) is not null)
        || (typed.Length != wanted.Length && string.Concat(typed) == string.Concat(wanted));

    private static bool IsNumber(string word) => word.All(char.IsAsciiDigit);

    private static bool StartsAt(string[] words, int index, string[] phrase) =>
        index + phrase.Length <= words.Length && words.AsSpan(index, phrase.Length).SequenceEqual(phrase);

    private static int? ParseNumber(string[] tokens)
    {
        var rest = tokens.Where(t => !Filler.Contains(t)).ToArray();
        return rest is [var single] && single.Length <= 2 && int.TryParse(single, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>
    /// A command is the whole message, give or take filler words ("về menu đi ạ"), or the message with one small
    /// typo ("quay lai", "bắt đầu lạj").
    /// </summary>
    private static GuideCommand? MatchCommand(string[] tokens)
    {
        foreach (var (phrase, command) in Commands)
        {
            var words = phrase.Split(' ');
            for (var i = 0; i + words.Length <= tokens.Length; i++)
            {
                if (StartsAt(tokens, i, words) && tokens.Take(i).Concat(tokens.Skip(i + words.Length)).All(Filler.Contains))
                {
                    return command;
                }
            }
        }

        var core = tokens.Where(t => !Filler.Contains(t)).ToArray();
        foreach (var (phrase, command) in Commands)
        {
            if (phrase.Length >= 5 && core.Length > 0 && IsNear(core, phrase.Split(' '), EverydayWords))
            {
                return command;
            }
        }

        return null;
    }

    private static bool ContainsPhrase(string[] tokens, string[] phrases)
    {
        var joined = " " + string.Join(' ', tokens) + " ";
        return phrases.Any(p => joined.Contains(" " + p + " ", StringComparison.Ordinal));
    }

    /// <summary>
    /// A folded word as it sounds in much of the country: initial tr/ch, s/x, r/d/gi and k/c sound alike, f is
    /// written for ph, and a final y is an i, so residents who spell by ear still match.
    /// </summary>
    private static string Spoken(string word)
    {
        var head = word switch
        {
            ['t', 'r', ..] => "ch" + word[2..],
            ['g', 'i', _, ..] => "d" + word[2..],
            ['n', 'g', 'h', ..] => "ng" + word[3..],
            ['g', 'h', ..] => "g" + word[2..],
            ['r', ..] => "d" + word[1..],
            ['s', ..] => "x" + word[1..],
            ['k', ..] => "c" + word[1..],
            ['f', ..] => "ph" + word[1..],
            _ => word,
        };
        return head.EndsWith('y') ? head[..^1] + "i" : head;
    }

    private static int Allowed(int length) => length switch
    {
        >= 9 => 2,
        >= 5 => 1,
        _ => 0,
    };

    /// <summary>
    /// One way of naming a guide or a menu area, rewritten (<see cref="Words"/>) and as it sounds
    /// (<see cref="Spoken"/>). A channel keyword names only the means ("Viettel Money", "mở tài khoản").
    /// </summary>
    private sealed record Keyword(Guide? Guide, GuidePosition? Area, string[] Words, string[] Spoken, bool IsChannel, bool Shortened);

    /// <summary>A keyword found in words <see cref="Start"/> to <see cref="End"/> (exclusive).</summary>
    private readonly record struct Hit(Keyword Keyword, int Score, int Start, int End);
}
