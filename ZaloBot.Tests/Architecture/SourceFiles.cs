using System.Text.RegularExpressions;

namespace ZaloBot.Tests.Architecture;

/// <summary>
/// Reads the app's source files as text for the house rules that no compiled type shows: each file is named after
/// a type it declares, and comments give the reason, never the issue that brought the code.
/// </summary>
public static partial class SourceFiles
{
    /// <summary>Every <c>.cs</c> file under <paramref name="folder"/>, build output left out.</summary>
    public static IEnumerable<string> Under(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// The type a file must declare: the name before the first dot (<c>TeamCommands.HelpRequests.cs</c> is a part of
    /// <c>TeamCommands</c>), and for a Razor page's code-behind (<c>Team.cshtml.cs</c>) its model, <c>TeamModel</c>.
    /// </summary>
    public static string ExpectedType(string fileName)
    {
        var name = Path.GetFileName(fileName);
        var stem = name[..name.IndexOf('.', StringComparison.Ordinal)];
        return name.EndsWith(".cshtml.cs", StringComparison.Ordinal) ? stem + "Model" : stem;
    }

    /// <summary>The names of the classes, records, structs, interfaces and enums declared in <paramref name="source"/>.</summary>
    public static IReadOnlySet<string> DeclaredTypes(string source) =>
        Declaration().Matches(source).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the file declares the type it is named after.</summary>
    public static bool IsNamedAfterItsType(string fileName, string source) =>
        DeclaredTypes(source).Contains(ExpectedType(fileName));

    /// <summary>
    /// The comments of <paramref name="source"/> that name an issue by its number (<c>issue 8</c>, <c>Issue #8's</c>);
    /// <paramref name="marker"/> opens a line comment in the file's language.
    /// </summary>
    public static IEnumerable<string> IssueReferences(string source, string marker = "//") =>
        source.Split('\n')
            .Select(line => line.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0 ? line[at..].Trim() : null)
            .OfType<string>()
            .Where(comment => IssueNumber().IsMatch(comment));

    /// <summary>What opens a comment in each kind of file the repository writes, by file extension.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommentMarkers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".cs"] = "//", [".cake"] = "//", [".js"] = "//", [".cshtml"] = "@*", [".sql"] = "--", [".sh"] = "#",
        [".csproj"] = "<!--", [".props"] = "<!--", [".css"] = "/*",
    };

    /// <summary>Every file under <paramref name="root"/> with a comment marker, build output and Git's own files left out.</summary>
    public static IEnumerable<string> Commented(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => CommentMarkers.ContainsKey(Path.GetExtension(f)) || Path.GetFileName(f) == "Dockerfile")
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or ".git" or "node_modules" or "artifacts"))
            .Order(StringComparer.Ordinal);

    /// <summary>The comment marker of <paramref name="file"/>'s language.</summary>
    public static string MarkerOf(string file) => CommentMarkers.GetValueOrDefault(Path.GetExtension(file), "#");

    [GeneratedRegex(@"^[ \t]*(?:(?:public|internal|private|protected|static|sealed|abstract|partial|readonly|file|ref|unsafe|new)\s+)*(?:class|record|struct|interface|enum)\s+(?:(?:class|struct)\s+)?(?<name>[A-Za-z_]\w*)", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\bissues?\s+#?\d+", RegexOptions.IgnoreCase)]
    private static partial Regex IssueNumber();
}
