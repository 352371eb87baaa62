using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SQLitePCL;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

public sealed class WalCheckpointerTests
{
    [Test]
    public async Task Stored_events_reach_the_database_file_while_the_app_runs()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();
        var sizeBefore = new FileInfo(app.DatabasePath).Length;

        // Enough rows to need new pages; with automatic checkpoints off, only the checkpointer copies them from the log.
        for (var i = 0; i < 200; i++)
        {
            (await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000031", $"msg-wal-{i}", new string('x', 500)))).Dispose();
        }

        await Eventually.UntilAsync(() => new FileInfo(app.DatabasePath).Length > sizeBefore, "the log was checkpointed into the database file");
    }

    [Test]
    public async Task A_second_stop_while_the_first_is_emptying_the_log_waits_for_it_and_both_return_with_the_log_empty()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" }));
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        var log = new LogRecorder();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(log));
        var checkpointer = new WalCheckpointer(db, TimeProvider.System, loggers.CreateLogger<WalCheckpointer>());

        // A reader on a snapshot older than the last commit holds the first stop's checkpoint until it ends.
        await using var reader = await db.OpenDedicatedAsync();
        var snapshot = reader.BeginTransaction(deferred: true);
        await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox_events", transaction: snapshot);
        await using (var writer = await db.OpenAsync())
        {
            await writer.ExecuteAsync("""
                INSERT INTO inbox_events (event_key, event_name, conversation_key, body, status, next_attempt_at, received_at)
                VALUES ('k1', 'user_send_text', 'user:1', '{"text":"045123456789"}', 'pending', 0, 0)
                """);
        }

        var first = Task.Run(() => checkpointer.StopAsync(CancellationToken.None));
        await using var probe = await db.OpenDedicatedAsync();
        await Eventually.UntilAsync(() => WriteLockIsTaken(probe), "the first stop is emptying the log");

        var second = checkpointer.StopAsync(CancellationToken.None);
        Assert.That(second.IsCompleted, Is.False, "the second stop waits for the first one's checkpoint");

        snapshot.Dispose();
        await Task.WhenAll(first, second);
        Assert.That(log.Containing("could not be emptied"), Is.Empty);
        Assert.That(new FileInfo(path + "-wal").Length, Is.Zero, "the log is empty when either stop returns");
    }

    /// <summary>
    /// Whether another connection holds the write lock (as a checkpoint that empties the log does while it waits for
    /// readers), asked straight of SQLite: no busy wait and no retry.
    /// </summary>
    private static bool WriteLockIsTaken(SqliteConnection probe)
    {
        raw.sqlite3_busy_timeout(probe.Handle, 0);
        if (raw.sqlite3_exec(probe.Handle, "BEGIN IMMEDIATE") == raw.SQLITE_BUSY)
        {
            return true;
        }

        raw.sqlite3_exec(probe.Handle, "ROLLBACK");
        return false;
    }
}
