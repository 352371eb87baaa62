using System.Runtime.Versioning;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

/// <summary>Personal data does not outlive its use: bodies, old keys, old message text, and who can read the files.</summary>
public sealed class PersonalDataTests
{
    private const string NationalId = "045123456789";
    // Not the Sandbox demo team's leader phone, which the seed stores on purpose.
    private const string Phone = "0903118247";

    [Test]
    public async Task A_handled_message_with_a_national_id_and_a_phone_leaves_neither_anywhere_in_the_database_files()
    {
        var path = TestApp.NewDatabasePath();
        await using (var app = new TestApp(path))
        {
            using var client = app.CreateClient();
            using var response = await client.PostSignedAsync(
                ZaloWebhooks.UserText("6142494823000000001", "msg-cccd", $"Số CCCD của tôi là {NationalId}, điện thoại {Phone}"));
            await Eventually.UntilAsync(async () => await app.QueryScalarAsync<long>(
                "SELECT COUNT(*) FROM inbox_events WHERE status = 'done'") == 1, "the message was handled");
            await Eventually.UntilAsync(() => app.Emulator.MessagesIn("user:6142494823000000001").Any(m => m.FromOa), "the bot answered");
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.That(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(NationalId)), Is.EqualTo(-1), $"{NationalId} in {Path.GetFileName(file)}");
            Assert.That(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Phone)), Is.EqualTo(-1), $"{Phone} in {Path.GetFileName(file)}");
        }
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task The_database_its_wal_and_shm_and_its_folder_are_readable_by_the_app_user_only()
    {
        var path = TestApp.NewDatabasePath();
        await using var app = new TestApp(path);
        using var client = app.CreateClient();
        using var response = await client.PostSignedAsync(ZaloWebhooks.Follow("2468458835296197922"));

        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(path)!), Is.EqualTo(DatabaseFiles.PrivateFolder));
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(DatabaseFiles.PrivateFile), Path.GetFileName(file));
        }
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task A_database_left_readable_by_others_is_narrowed_to_its_owner_at_start()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, []);
        File.SetUnixFileMode(path, DatabaseFiles.PrivateFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var app = new TestApp(path);

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(DatabaseFiles.PrivateFile));
    }

    [Test]
    public async Task The_sweep_deletes_old_keys_and_expired_dead_letters_and_clears_old_message_text_and_keeps_the_rest()
    {
        var path = TestApp.NewDatabasePath();
        // The pending message below must stay pending while the sweep runs: it is not due yet and too young to expire.
        await using var app = new TestApp(path, settings: new() { ["Messaging:RetentionInterval"] = "01:00:00", ["Messaging:ReplyMaxAge"] = "60.00:00:00" });
        var now = DateTimeOffset.UtcNow;
        long Ago(double days) => now.AddDays(-days).ToUnixTimeMilliseconds();
        await using (var db = await app.OpenDatabaseAsync())
        await using (var transaction = await db.BeginTransactionAsync())
        {
            // More old keys than one batch takes, so the sweep must go on batch after batch.
            var events = Enumerable.Range(0, RetentionSweeper.BatchSize * 2 + 7)
                .Select(i => new { Key = $"old-{i}", Status = i % 2 == 0 ? "done" : "unknown", Body = "", At = Ago(8), Handled = (long?)Ago(8) })
                .Append(new { Key = "recent", Status = "done", Body = "", At = Ago(6), Handled = (long?)Ago(6) })
                .Append(new { Key = "dead-expired", Status = "dead", Body = Phone, At = Ago(40), Handled = (long?)Ago(31) })
                .Append(new { Key = "dead-kept", Status = "dead", Body = Phone, At = Ago(12), Handled = (long?)Ago(10) })
                .Append(new { Key = "pending-old", Status = "pending", Body = Phone, At = Ago(9), Handled = (long?)null })
                .OrderBy(e => e.At);
            await db.ExecuteAsync("""
                INSERT INTO inbox_events (event_key, event_name, conversation_key, body, status, next_attempt_at, received_at, handled_at)
                VALUES (@Key, 'user_send_text', 'user:1', @Body, @Status, @Later, @At, @Handled)
                """, events.Select(e => new { e.Key, e.Status, e.Body, e.At, e.Handled, Later = now.AddDays(1).ToUnixTimeMilliseconds() }), transaction);
            var messages = new[]
            {
                new { Key = "sent-old", Status = "sent", At = Ago(31), Due = Ago(31) },
                // Still waiting to be sent: it keeps its text, and the older messages after it are cleared all the same.
                new { Key = "pending-old", Status = "pending", At = Ago(31), Due = Ago(-1) },
                new { Key = "failed-old", Status = "failed", At = Ago(31), Due = Ago(31) },
                new { Key = "seen-recent", Status = "seen", At = Ago(29), Due = Ago(29) },
            };
            await db.ExecuteAsync("""
                INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, status, next_attempt_at, created_at, sent_at)
                VALUES (@Key, 'user', '1', '{"text":"Gọi 0903118247"}', @Status, @Due, @At, @At)
                """, messages, transaction);
            await transaction.CommitAsync();
        }

        var (deleted, cleared) = await app.Services.GetRequiredService<RetentionSweeper>().SweepAsync(CancellationToken.None);

        Assert.That((deleted, cleared), Is.EqualTo((RetentionSweeper.BatchSize * 2 + 7 + 1, 2)));
        await using var check = await app.OpenDatabaseAsync();
        Assert.That(await check.QueryAsync<string>("SELECT event_key FROM inbox_events ORDER BY event_key"),
            Is.EqualTo(new[] { "dead-kept", "pending-old", "recent" }));
        Assert.That(await check.QueryAsync<string>("SELECT idempotency_key FROM outbox_messages WHERE payload <> '' ORDER BY idempotency_key"),
            Is.EqualTo(new[] { "pending-old", "seen-recent" }));
    }

    [Test]
    public async Task Migrating_an_existing_database_clears_the_bodies_of_events_handled_before()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" }));
        var retention = Migrator.All.Single(m => m.Name.EndsWith("_retention", StringComparison.Ordinal));
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            // The database as it was before the retention migration, with what it kept then.
            await connection.ExecuteAsync("DELETE FROM schema_version WHERE version = @Version", new { retention.Version });
            await connection.ExecuteAsync("""
                INSERT INTO inbox_events (event_key, event_name, conversation_key, body, status, next_attempt_at, received_at)
                VALUES ('k1', 'user_send_text', 'user:1', @Body, 'done', 0, 0), ('k2', 'x', 'unknown', @Body, 'unknown', 0, 0),
                       ('k3', 'user_send_text', 'user:1', @Body, 'pending', 0, 0), ('k4', 'user_send_text', 'user:1', @Body, 'dead', 0, 0)
                """, new { Body = $"{{\"text\":\"{NationalId}\"}}" });
        }

        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();

        await using var check = new SqliteConnection($"Data Source={path}");
        Assert.That(await check.QueryAsync<string>("SELECT event_key FROM inbox_events WHERE body <> '' ORDER BY event_key"),
            Is.EqualTo(new[] { "k3", "k4" }));
    }
}
