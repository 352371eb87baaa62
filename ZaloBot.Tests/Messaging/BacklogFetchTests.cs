using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Messaging;

/// <summary>
/// With thousands of rows waiting, one fetch of the dispatcher or the sender takes the oldest due rows and keeps a
/// retrying conversation's later events back. How long a fetch takes behind a backlog is measured by the benchmark
/// (the ingest part's maximum-rate run and the broadcast part leave thousands of rows waiting), not asserted here.
/// </summary>
public sealed class BacklogFetchTests
{
    private const int Backlog = 4000;

    private static async Task<Db> NewDatabaseAsync()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" }));
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        return db;
    }

    [Test]
    public async Task Sender_fetch_with_thousands_pending_takes_the_oldest_first()
    {
        var db = await NewDatabaseAsync();
        await using (var connection = await db.OpenAsync())
        {
            await using var transaction = connection.BeginTransaction();
            await connection.ExecuteAsync("""
                INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, status, next_attempt_at, created_at)
                VALUES (@Key, 'user', @Recipient, '{"text":"x"}', 'pending', 0, 0)
                """, Enumerable.Range(0, Backlog).Select(i => new { Key = $"k{i}", Recipient = $"u{i % 1500}" }), transaction);
            await transaction.CommitAsync();
        }

        var store = new OutboxStore(db, TimeProvider.System);
        var due = await store.GetDueAsync(OutboxLane.Replies, 200, CancellationToken.None);

        Assert.That(due.Select(r => r.Id), Is.EqualTo(Enumerable.Range(1, 200).Select(i => (long)i)));
    }

    [Test]
    public async Task Dispatcher_fetch_with_thousands_pending_keeps_a_retrying_conversation_back()
    {
        var db = await NewDatabaseAsync();
        await using (var connection = await db.OpenAsync())
        {
            await using var transaction = connection.BeginTransaction();
            await connection.ExecuteAsync("""
                INSERT INTO inbox_events (event_key, event_name, conversation_key, body, status, next_attempt_at, received_at)
                VALUES (@Key, 'user_send_text', @Conversation, '{}', 'pending', @Next, 0)
                """, Enumerable.Range(0, Backlog).Select(i => new
            {
                Key = $"e{i}",
                Conversation = $"user:{i % 1500}",
                // The first event of user:0 waits for its retry, so that user's later events must wait too.
                Next = i == 0 ? long.MaxValue : 0,
            }), transaction);
            await transaction.CommitAsync();
        }

        var runnable = await db.RunOnWriterAsync(urgent: false, statements =>
        {
            using var transaction = statements.BeginTransaction(durable: false);
            return InboxStore.GetRunnable(statements, transaction, 200, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        });

        Assert.That(runnable, Has.Count.EqualTo(200));
        Assert.That(runnable.Select(e => e.ConversationKey), Has.None.EqualTo("user:0"));
        Assert.That(runnable.Select(e => e.Id), Is.Ordered);
    }
}
