using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;
using ZaloBot.Text;

namespace ZaloBot.Tests.Support;

/// <summary>A fresh SQLite file in a folder of its own, with every migration applied, or only those before one.</summary>
public static class MigratedDb
{
    public static async Task<Db> CreateAsync()
    {
        var (db, _) = Open();
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        return db;
    }

    /// <summary>
    /// A database as an older version of the app left it: every migration before <paramref name="version"/> applied and
    /// recorded. Fill it through its path, then run the <see cref="Migrator"/> to test the later ones on data.
    /// </summary>
    public static async Task<(Db Db, string Path)> CreateBeforeAsync(int version)
    {
        var (db, path) = Open();
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        // Migrations fold names the app's way, as the Migrator's connection does.
        connection.CreateFunction("fold_name", (string? name) => VietnameseText.NormalizeName(name), isDeterministic: true);
        await connection.ExecuteAsync("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var migration in Migrator.All.Where(m => m.Version < version))
        {
            await connection.ExecuteAsync(migration.Sql);
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, 'earlier')", migration);
        }

        return (db, path);
    }

    private static (Db Db, string Path) Open()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return (new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" })), path);
    }
}
