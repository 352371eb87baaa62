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
/// greetings, numbers, and the guides' keywords. Everything is compared folded (no diacritics, lower case, đ→d)
/// and small typos are forgiven: one edit in words of 5+ letters, two in phrases of 9+.
/// </summary>
public sealed class GuideRouter
{
    // Words residents wrap around a command ("về menu đi ạ", "cho tôi quay lại nhé"); they never change it.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "ah", "ak", "nhe", "nha", "nhen", "di", "voi", "oi", "ad", "admin", "bot", "ban", "minh", "toi", "em", "con",
        "chau", "cho", "xin", "muon", "ve", "giup", "ok", "vay", "roi", "nao", "chon", "muc", "so",
    };

    private static readonly (string Phrase, GuideCommand Command)[] Commands =
    [
        ("quay lai", GuideCommand.Back), ("tro lai", GuideCommand.Back), ("lui lai", GuideCommand.Back), ("back", GuideCommand.Back),
        ("buoc truoc", GuideCommand.Back), ("quay ve", GuideCommand.Back),
        ("menu", GuideCommand.Menu), ("menu chinh", GuideCommand.Menu), ("danh muc", GuideCommand.Menu), ("trang chu", GuideCommand.Menu),
        ("bat dau lai", GuideCommand.Restart), ("lam lai tu dau", GuideCommand.Restart), ("lam lai", GuideCommand.Restart),
        ("bat dau lai tu dau", GuideCommand.Restart), ("restart", GuideCommand.Restart),
        ("xin chao", GuideCommand.Greeting), ("chao", GuideCommand.Greeting), ("alo", GuideCommand.Greeting), ("hello", GuideCommand.Greeting),
        ("hi", GuideCommand.Greeting), ("chao ban", GuideCommand.Greeting),
        ("cam on", GuideCommand.Thanks), ("cam on nhieu", GuideCommand.Thanks), ("thank", GuideCommand.Thanks), ("thanks", GuideCommand.Thanks),
        ("tks", GuideCommand.Thanks),
    ];

    // A person is wanted wherever these appear, even inside a longer sentence.
    private static readonly string[] HandoffPhrases =
    [
        "gap to cong nghe so", "to cong nghe so", "to cong nghe", "gap nguoi", "nho nguoi", "can nguoi", "gap can bo",
        "nguoi huong dan", "nguoi giup", "to cnscd", "to cns", "noi chuyen voi nguoi",
    ];

    private readonly (Guide Guide, string[] Tokens, string Compact)[] _keywords;

    public GuideRouter(GuideLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        _keywords = library.Topics
            .SelectMany(g => g.Keywords.Prepend(g.ShortTitle).Prepend(g.Title).Select(k => (g, Tokens(k))))
            .Where(k => k.Item2.Length > 0)
            .Select(k => (k.g, k.Item2, string.Concat(k.Item2)))
            .ToArray();
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

        var topics = MatchTopics(tokens);
        if (topics.Count > 0)
        {
            return new TextIntent.Topic(topics);
        }

        // "cảm ơn" is mostly followed by more words ("cảm ơn bot nhiều lắm"); it counts when nothing else did.
        return tokens is ["cam", "on", ..] or ["cam", "ong", ..] ? new TextIntent.Command(GuideCommand.Thanks) : new TextIntent.Unknown();
    }

    /// <summary>True when the text is (nearly) the given button title, so typing a button's words presses it.</summary>
    public static bool MatchesTitle(string? text, string title)
    {
        var typed = Core(Tokens(text));
        var wanted = Core(Tokens(title));
        return typed.Length > 0 && wanted.Length > 0 && VietnameseText.EditDistance(typed, wanted) <= Allowed(wanted.Length);
    }

    /// <summary>Folded words: no diacritics, no punctuation, lower case.</summary>
    public static string[] Tokens(string? text) =>
        VietnameseText.NormalizeName(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Core(string[] tokens) => string.Join(' ', tokens.Where(t => !Filler.Contains(t)));

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
                if (tokens.AsSpan(i, words.Length).SequenceEqual(words)
                    && tokens.Take(i).Concat(tokens.Skip(i + words.Length)).All(Filler.Contains))
                {
                    return command;
                }
            }
        }

        var core = Core(tokens);
        foreach (var (phrase, command) in Commands)
        {
            if (phrase.Length >= 5 && VietnameseText.EditDistance(core, phrase) <= Allowed(phrase.Length))
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

    private List<Guide> MatchTopics(string[] tokens)
    {
        var best = new Dictionary<Guide, int>();
        var compact = string.Concat(tokens);
        var spoken = tokens.Select(Spoken).ToArray();
        foreach (var (guide, keyword, keywordCompact) in _keywords)
        {
            var score = Math.Max(
                Score(tokens, compact, keyword, keywordCompact),
                // Spelled by ear ("tạm chú" for "tạm trú", "đăng kí" for "đăng ký") counts as a near miss.
                Score(spoken, string.Concat(spoken), keyword.Select(Spoken).ToArray(), string.Concat(keyword.Select(Spoken))) - 2);
            if (score > 0 && (!best.TryGetValue(guide, out var current) || score > current))
            {
                best[guide] = score;
            }
        }

        if (best.Count == 0)
        {
            return [];
        }

        var top = best.Values.Max();
        return best.Where(b => b.Value == top).Select(b => b.Key).ToList();
    }

    /// <summary>
    /// A folded word as it sounds in much of the country: initial tr/ch, s/x, r/d/gi and k/c sound alike, and a final
    /// y is an i, so residents who spell by ear still match.
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
            _ => word,
        };
        return head.EndsWith('y') ? head[..^1] + "i" : head;
    }

    /// <summary>
    /// How well a keyword matches: longer keywords win, an exact phrase beats a squeezed one ("tamtru"), which
    /// beats a near miss. Zero means no match.
    /// </summary>
    private static int Score(string[] tokens, string compact, string[] keyword, string keywordCompact)
    {
        var length = keywordCompact.Length;
        for (var i = 0; i + keyword.Length <= tokens.Length; i++)
        {
            if (tokens.AsSpan(i, keyword.Length).SequenceEqual(keyword))
            {
                return (length * 10) + 5;
            }
        }

        if (length >= 5 && compact.Contains(keywordCompact, StringComparison.Ordinal))
        {
            return (length * 10) + 3;
        }

        var allowed = Allowed(length);
        if (allowed == 0)
        {
            return 0;
        }

        // Near misses: compare the keyword with every run of as many words, and one word more or fewer, squeezed.
        // Typos rarely hit the first letter of a word, while swapping it makes another common word ("lúa bao" is not
        // "lừa đảo"), so a run of as many words as the keyword must start each word with the keyword's letter.
        var bestDistance = int.MaxValue;
        for (var width = Math.Max(1, keyword.Length - 1); width <= keyword.Length + 1; width++)
        {
            for (var i = 0; i + width <= tokens.Length; i++)
            {
                var window = string.Concat(tokens.AsSpan(i, width).ToArray());
                if (Math.Abs(window.Length - length) <= allowed
                    && (width != keyword.Length || tokens.AsSpan(i, width).ToArray().Select(t => t[0]).SequenceEqual(keyword.Select(k => k[0]))))
                {
                    bestDistance = Math.Min(bestDistance, VietnameseText.EditDistance(window, keywordCompact));
                }
            }
        }

        return bestDistance <= allowed ? (length * 10) - (bestDistance * 4) : 0;
    }

    private static int Allowed(int length) => length switch
    {
        >= 9 => 2,
        >= 5 => 1,
        _ => 0,
    };
}
