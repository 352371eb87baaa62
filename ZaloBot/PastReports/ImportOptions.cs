using Microsoft.Extensions.Options;
using ZaloBot.Storage;

namespace ZaloBot.PastReports;

/// <summary>The <c>Imports</c> configuration section: how large a file of past reports may be, and where uploads wait.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>The largest file accepted; a million rows of CSV is about 120 MB.</summary>
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Where an uploaded file waits until it is imported (then it is deleted); empty: <c>imports</c> beside the database.</summary>
    public string? Folder { get; set; }

    /// <summary>The folder, made when missing: the configured one, else beside the database file, else the temporary folder.</summary>
    public string ResolveFolder(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var folder = !string.IsNullOrWhiteSpace(Folder) ? Path.GetFullPath(Folder)
            : storage.DatabaseFolder() is { } database ? Path.Combine(database, "imports")
            : Path.Combine(Path.GetTempPath(), "zalobot-imports");
        Directory.CreateDirectory(folder);
        return folder;
    }
}

internal sealed class ImportOptionsValidator : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions options) =>
        options.MaxFileBytes > 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail("Imports: Imports__MaxFileBytes must be more than 0.");
}
