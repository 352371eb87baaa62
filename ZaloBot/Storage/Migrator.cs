using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Text;

namespace ZaloBot.Storage;

/// <summary>
/// Applies the numbered SQL files under Storage/Migrations (embedded in the assembly) in order,
/// each in its own transaction, and records each one in <c>schema_version</c>.
/// </summary>
public sealed partial class Migrator(Db db, ILogger<Migrator> logger)
{
    public static IReadOnlyList<Migration> All { get; } = LoadEmbedded();

    public static int LatestVersion => All.Count == 0 ? 0 : All[^1].Version;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        // WAL is a property of the database file, so setting it once here is enough.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        // Names compared in a migration are folded the way the app folds them (no diacritics, case or punctuation).
        connection.CreateFunction("fold_name", (string? name) => VietnameseText.NormalizeName(name), isDeterministic: true);
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at TEXT    NOT NULL
            );
            """);

        var applied = 0;
        foreach (var migration in All)
        {
            // A migration that rebuilds a table others refer to runs with foreign keys off (SQLite's procedure for
            // changing a table's definition: dropping the old table would otherwise orphan the rows referring to it),
            // and proves before committing that every reference still holds. The pragma is ignored inside a transaction.
            if (migration.RebuildsReferencedTables)
            {
                await connection.ExecuteAsync("PRAGMA foreign_keys = OFF;");
            }

            try
            {
                if (await ApplyAsync(connection, migration, cancellationToken))
                {
                    LogApplied(migration.Version, migration.Name);
                    applied++;
                }
            }
            finally
            {
                if (migration.RebuildsReferencedTables)
                {
                    await connection.ExecuteAsync("PRAGMA foreign_keys = ON;");
                }
            }
        }

        return applied;
    }

    private static async Task<bool> ApplyAsync(SqliteConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock first, so two processes starting together
        // cannot both decide that a migration is missing.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var done = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM schema_version WHERE version = @Version", new { migration.Version }, transaction);
        if (done > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(migration.Sql, transaction: transaction);
        if (migration.RebuildsReferencedTables
            && (await connection.QueryAsync("PRAGMA foreign_key_check", transaction: transaction)).Any())
        {
            throw new InvalidOperationException($"Migration {migration.Name} left rows whose references do not hold.");
        }

        await connection.ExecuteAsync(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "ZaloBot.Storage.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name, name[prefix.Length..^".sql".Length]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static Migration Read(Assembly assembly, string resource, string fileName)
    {
        // File names look like "0001_inbox"; the number is the version.
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        var version = int.Parse(fileName[..separator], CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName, reader.ReadToEnd());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name})")]
    private partial void LogApplied(int version, string name);
}

public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>The first line a migration starts with when it rebuilds a table that other tables refer to.</summary>
    public const string ForeignKeysOffMarker = "-- foreign_keys: off";

    public bool RebuildsReferencedTables => Sql.StartsWith(ForeignKeysOffMarker, StringComparison.Ordinal);
}
