using Microsoft.Data.Sqlite;

namespace ZaloBot.Storage;

/// <summary>
/// Where the SQLite database lives (bound from <c>ConnectionStrings:ZaloBot</c>) and the <c>Storage</c> section:
/// the scheduled backups.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string DefaultConnectionString = "Data Source=zalobot.db";

    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>Folder of the scheduled backups; none (the default) means no scheduled backup.</summary>
    public string? BackupFolder { get; set; }

    /// <summary>How often a scheduled backup is taken.</summary>
    public TimeSpan BackupEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many scheduled backups are kept; older ones are deleted.</summary>
    public int BackupKeep { get; set; } = 14;

    /// <summary>
    /// The full path of the database file (a relative file is relative to the working folder, as SQLite opens it);
    /// null for a database that lives in memory or in a temporary file, which has no file of its own.
    /// </summary>
    public string? DatabaseFile()
    {
        var settings = new SqliteConnectionStringBuilder(ConnectionString);
        if (settings.Mode == SqliteOpenMode.Memory || settings.DataSource.Length == 0 || settings.DataSource.Contains(":memory:", StringComparison.Ordinal))
        {
            return null;
        }

        return Path.GetFullPath(settings.DataSource);
    }

    /// <summary>The full path of the folder that holds the database file; null when there is no file (see <see cref="DatabaseFile"/>).</summary>
    public string? DatabaseFolder() => DatabaseFile() is { } file ? Path.GetDirectoryName(file) : null;
}
