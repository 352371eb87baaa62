namespace ZaloBot.Teams;

/// <summary>
/// The province's own list of administrative units, shipped in the assembly (Teams/Data/quang-tri-units-2025.csv):
/// Tỉnh Quảng Trị after the 2025 reorganisation and its 78 commune-level units with their official codes and former
/// names. The file's header says where it comes from; villages are not in it. Sandbox mode loads it, and
/// <c>ZaloBot import-units --default</c> imports it into a real database.
/// </summary>
public static class DefaultUnits
{
    public const string FileName = "quang-tri-units-2025.csv";

    /// <summary>The file's text, attribution header included.</summary>
    public static string Csv { get; } = ReadEmbedded("ZaloBot.Teams.Data." + FileName);

    /// <summary>Reads a text file embedded in this assembly.</summary>
    internal static string ReadEmbedded(string resource)
    {
        using var stream = typeof(DefaultUnits).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
