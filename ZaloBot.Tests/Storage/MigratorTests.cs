using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

public sealed class MigratorTests
{
    private static Migrator MigratorFor(string path) =>
        new(new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" })), NullLogger<Migrator>.Instance);

    [Test]
    public async Task Migrations_apply_once_and_a_second_run_on_the_same_file_applies_nothing()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var firstRun = await MigratorFor(path).MigrateAsync();
        var secondRun = await MigratorFor(path).MigrateAsync();

        Assert.That(firstRun, Is.EqualTo(Migrator.All.Count).And.GreaterThan(0));
        Assert.That(secondRun, Is.Zero);
        await using var connection = new SqliteConnection($"Data Source={path}");
        var versions = await connection.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version");
        Assert.That(versions, Is.EqualTo(Migrator.All.Select(m => m.Version)));
    }

    [Test]
    public async Task Database_uses_wal_and_connections_enforce_foreign_keys()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" }));
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();

        await using var connection = await db.OpenAsync();

        Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
        Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.EqualTo(5000));
    }

    [Test]
    public async Task Outbox_rows_keep_their_ids_and_states_through_the_rebuild_that_allows_expired()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rebuild = Migrator.All.Single(m => m.Name.EndsWith("_outbox_expired", StringComparison.Ordinal)).Version;
        await using (var before = new SqliteConnection($"Data Source={path}"))
        {
            await before.ExecuteAsync("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            foreach (var migration in Migrator.All.Where(m => m.Version < rebuild))
            {
                await before.ExecuteAsync(migration.Sql);
                await before.ExecuteAsync("INSERT INTO schema_version VALUES (@Version, @Name, '2026-11-28')", new { migration.Version, migration.Name });
            }

            await before.ExecuteAsync("""
                INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, priority, status, attempts, next_attempt_at, zalo_message_id, created_at)
                VALUES ('a', 'user', '1', '{}', 0, 'seen', 1, 0, 'zalo-a', 10), ('b', 'group', '2', '{}', 10, 'pending', 2, 20, NULL, 20),
                       ('c', 'user', '3', '{}', 10, 'pending', 0, 30, NULL, 30);
                DELETE FROM outbox_messages WHERE idempotency_key = 'c';
                """);
        }

        await MigratorFor(path).MigrateAsync();

        await using var after = new SqliteConnection($"Data Source={path}");
        var rows = await after.QueryAsync<(long, string, string, long, string?)>(
            "SELECT id, idempotency_key, status, attempts, zalo_message_id FROM outbox_messages ORDER BY id");
        Assert.That(rows, Is.EqualTo(new[] { (1L, "a", "seen", 1L, (string?)"zalo-a"), (2L, "b", "pending", 2L, null) }));
        var next = await after.ExecuteScalarAsync<long>("""
            INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, status, next_attempt_at, created_at)
            VALUES ('d', 'user', '4', '{}', 'expired', 0, 40) RETURNING id
            """);
        Assert.That(next, Is.EqualTo(4), "a deleted row's id is not handed out again");
        Assert.That(await after.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'outbox_messages' AND sql IS NOT NULL"),
            Is.SupersetOf(new[] { "ix_outbox_pending", "ix_outbox_pending_recipient", "ix_outbox_zalo_message_id", "ix_outbox_failed" }));
    }

    [Test]
    public void Migration_versions_are_numbered_without_gaps()
    {
        Assert.That(Migrator.All.Select(m => m.Version), Is.EqualTo(Enumerable.Range(1, Migrator.All.Count)));
    }
}
