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
        await using var connection = await ConnectAsync(path);
        await connection.ExecuteAsync("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var migration in Migrator.All.Where(m => m.Version < version))
        {
            await connection.ExecuteAsync(migration.Sql);
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, 'earlier')", migration);
        }

        return (db, path);
    }

    /// <summary>Like <see cref="CreateBeforeAsync(int)"/>, filled with <paramref name="rows"/> (SQL) as that older version would have.</summary>
    public static async Task<Db> CreateBeforeAsync(int version, string rows)
    {
        var (db, path) = await CreateBeforeAsync(version);
        await using var connection = await ConnectAsync(path);
        await connection.ExecuteAsync(rows);
        return db;
    }

    /// <summary>A connection to the file that folds names the app's way (<c>fold_name</c>), as the Migrator's does.</summary>
    private static async Task<SqliteConnection> ConnectAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        connection.CreateFunction("fold_name", (string? name) => VietnameseText.NormalizeName(name), isDeterministic: true);
        return connection;
    }

    private static (Db Db, string Path) Open()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return (new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" })), path);
    }
}
