using Microsoft.Data.Sqlite;

namespace ZaloBot.Storage;

/// <summary>Where the SQLite database lives; bound from <c>ConnectionStrings:ZaloBot</c>.</summary>
public sealed class StorageOptions
{
    public const string DefaultConnectionString = "Data Source=zalobot.db";

    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>
    /// The full path of the folder that holds the database file (a relative file is relative to the working folder,
    /// as SQLite opens it); null for a database that lives in memory or in a temporary file, which has no folder.
    /// </summary>
    public string? DatabaseFolder()
    {
        var settings = new SqliteConnectionStringBuilder(ConnectionString);
        if (settings.Mode == SqliteOpenMode.Memory || settings.DataSource.Length == 0 || settings.DataSource.Contains(":memory:", StringComparison.Ordinal))
        {
            return null;
        }

        return Path.GetDirectoryName(Path.GetFullPath(settings.DataSource));
    }
}
