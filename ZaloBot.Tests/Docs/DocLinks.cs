using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ZaloBot.Tests.Docs;

/// <summary>
/// Reads the links of a Markdown file and says which of them are broken: a relative link must lead to a file or
/// folder inside the repository, and its <c>#anchor</c> to a heading of the Markdown file it names (GitHub's rule).
/// Web links (http, https, mailto) are left alone; links to the machine's own files are refused.
/// </summary>
public static partial class DocLinks
{
    /// <summary>Every problem of <paramref name="file"/>'s links, as "file:line: link: why".</summary>
    public static IEnumerable<string> Problems(string repositoryRoot, string file)
    {
        var root = Path.GetFullPath(repositoryRoot);
        var name = Path.GetRelativePath(root, file).Replace('\\', '/');
        foreach (var (line, target) in Links(File.ReadAllText(file)))
        {
            if (Check(root, file, target) is { } why)
            {
                yield return $"{name}:{line}: {target}: {why}";
            }
        }
    }

    /// <summary>The links of a Markdown text with their line numbers; code blocks and code spans hold none.</summary>
    public static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        var inFence = false;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence().IsMatch(lines[i]))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var text = CodeSpan().Replace(lines[i], "");
            foreach (Match link in InlineLink().Matches(text))
            {
                yield return (i + 1, link.Groups["target"].Value);
            }

            if (ReferenceDefinition().Match(text) is { Success: true } definition)
            {
                yield return (i + 1, definition.Groups["target"].Value);
            }

            foreach (Match attribute in HtmlLink().Matches(text))
            {
                yield return (i + 1, attribute.Groups["target"].Value);
            }
        }
    }

    /// <summary>The anchors GitHub gives a Markdown text's headings (a repeated one gets -1, -2 …), and its ids.</summary>
    public static ISet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (Fence().IsMatch(line))
            {
                inFence = !inFence;
                continue;
            }

            if (!inFence && Heading().Match(line) is { Success: true } heading)
            {
                var anchor = Anchor(heading.Groups["text"].Value);
                var unique = anchor;
                for (var n = 1; !anchors.Add(unique); n++)
                {
                    unique = $"{anchor}-{n}";
                }
            }

            foreach (Match id in HtmlId().Matches(line))
            {
                anchors.Add(id.Groups["id"].Value);
            }
        }

        return anchors;
    }

    /// <summary>
    /// GitHub's anchor for a heading: its text as shown (link targets and code marks dropped), lower case, every
    /// character but letters, marks, digits, '_', '-' and spaces dropped, spaces turned into '-'.
    /// Vietnamese letters stay: "Hướng dẫn (Guides)" is "hướng-dẫn-guides".
    /// </summary>
    public static string Anchor(string heading)
    {
        var shown = LinkInText().Replace(heading.Trim(), "${text}").Normalize(NormalizationForm.FormC);
        var anchor = new StringBuilder(shown.Length);
        foreach (var c in shown.ToLowerInvariant())
        {
            var category = char.GetUnicodeCategory(c);
            if (c == ' ')
            {
                anchor.Append('-');
            }
            else if (c == '-' || char.IsLetterOrDigit(c) || category is UnicodeCategory.NonSpacingMark
                     or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation)
            {
                anchor.Append(c);
            }
        }

        return anchor.ToString();
    }

    private static string? Check(string root, string file, string target)
    {
        if (Scheme().Match(target) is { Success: true } scheme)
        {
            return scheme.Groups["scheme"].Value.ToLowerInvariant() is "http" or "https" or "mailto"
                ? null
                : "points at the machine, not at the repository or the web";
        }

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
        if (path.StartsWith('/') || path.StartsWith('\\') || Path.IsPathRooted(path))
        {
            return "an absolute path; write it relative to this file";
        }

        var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        var inside = Path.GetRelativePath(root, resolved);
        if (inside == ".." || inside.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(inside))
        {
            return "leaves the repository";
        }

        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return "no such file in the repository";
        }

        if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
        {
            return $"no heading with the anchor #{anchor} in {Path.GetFileName(resolved)}";
        }

        return null;
    }

    [GeneratedRegex(@"^\s{0,3}(```|~~~)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"(`+).*?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?(?<target>[^\s>]+)")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"<(?:a|img)\s[^>]*?(?:href|src)\s*=\s*""(?<target>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"\s(?:id|name)\s*=\s*""(?<id>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlId();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)(?:\s+#+)?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkInText();

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex Scheme();
}
