using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

public sealed class KeptConnectionTests
{
    [Test]
    public async Task A_kept_statement_is_compiled_once_and_runs_again_with_new_values()
    {
        await using var kept = new KeptConnection(await MigratedDb.CreateAsync());
        var statements = new List<PreparedCommand>();

        var results = new List<object?>();
        foreach (var value in new long[] { 1, 41 })
        {
            results.Add(await kept.RunAsync(s =>
            {
                var plusOne = s.Get("SELECT @Value + 1", null, "Value");
                statements.Add(plusOne);
                plusOne[0] = value;
                return plusOne.Scalar();
            }));
        }

        Assert.That(results, Is.EqualTo(new object[] { 2L, 42L }));
        Assert.That(statements[1], Is.SameAs(statements[0]), "the second run reused the compiled statement");
    }

    [Test]
    public async Task Each_transaction_syncs_its_commit_or_not_as_it_asks_on_the_same_connection()
    {
        await using var kept = new KeptConnection(await MigratedDb.CreateAsync());
        var levels = new List<object?>();

        foreach (var durable in new[] { false, true, true, false })
        {
            levels.Add(await kept.RunAsync(s =>
            {
                using var transaction = s.BeginTransaction(durable);
                var level = s.Get("PRAGMA synchronous", transaction).Scalar();
                transaction.Commit();
                return level;
            }));
        }

        Assert.That(levels, Is.EqualTo(new object[] { 1L, 2L, 2L, 1L }), "NORMAL (redoable), FULL (durable), FULL, NORMAL");
    }

    [Test]
    public async Task The_webhooks_the_dispatcher_and_the_reply_sender_write_through_the_database_s_kept_connection()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();
        var db = app.Services.GetRequiredService<Db>();

        using var response = await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000071", "msg-kept-1", "vneid"));
        await Eventually.UntilAsync(async () => await app.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_messages WHERE recipient_id = '6142494823000000071' AND status = 'sent'") > 0, "the answer was sent and marked");

        IReadOnlyCollection<string> kept;
        using (await db.TakeWriteTurnAsync())
        {
            kept = [.. db.Writer.KeptStatements];
        }

        Assert.That(kept, Has.Some.Contains("INSERT OR IGNORE INTO inbox_events"), "the webhook's insert");
        Assert.That(kept, Has.Some.Contains("FROM inbox_events e INDEXED BY ix_inbox_events_pending"), "the dispatcher's fetch");
        Assert.That(kept, Has.Some.Contains("UPDATE inbox_events SET status = 'done'"), "the dispatcher's transaction");
        Assert.That(kept, Has.Some.Contains("FROM outbox_messages o INDEXED BY ix_outbox_pending"), "the sender's fetch");
        Assert.That(kept, Has.Some.Contains("SET status = 'sending'"), "the claim");
        Assert.That(kept, Has.Some.Contains("SET status = 'sent'"), "the sent mark");
    }

    [Test]
    public async Task A_second_resident_is_answered_without_compiling_any_statement_the_first_one_s_answer_compiled()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();
        var db = app.Services.GetRequiredService<Db>();

        async Task<int> CompilationsAfterAnsweringAsync(string userId)
        {
            using var response = await client.PostSignedAsync(ZaloWebhooks.UserText(userId, $"msg-{userId}", "vneid"));
            await Eventually.UntilAsync(async () => await app.QueryScalarAsync<long>(
                $"SELECT COUNT(*) FROM outbox_messages WHERE recipient_id = '{userId}' AND status = 'sent'") > 0, "the answer was sent and marked");
            using (await db.TakeWriteTurnAsync())
            {
                return db.Writer.Compilations;
            }
        }

        // Both senders have read their lanes once, so the announcement lane's first read is not counted in between.
        await Task.WhenAll(app.Services.GetServices<IHostedService>().OfType<ZaloBot.Messaging.OutboxSender>().Select(sender => sender.WhenRoundDoneAsync()));
        var afterFirst = await CompilationsAfterAnsweringAsync("6142494823000000072");
        var afterSecond = await CompilationsAfterAnsweringAsync("6142494823000000073");

        Assert.That(afterFirst, Is.GreaterThan(10), "the first answer compiled the handler's statements and the transactions'");
        Assert.That(afterSecond, Is.EqualTo(afterFirst));
    }

    [Test]
    public async Task After_a_failure_the_next_run_starts_from_a_fresh_connection()
    {
        await using var kept = new KeptConnection(await MigratedDb.CreateAsync());
        Microsoft.Data.Sqlite.SqliteConnection? failed = null;

        Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => kept.RunAsync(s =>
        {
            failed = s.Connection;
            return s.Get("SELECT * FROM no_such_table", null).Scalar();
        }));
        var next = await kept.RunAsync(s => (s.Connection, s.Get("SELECT 7", null).Scalar()));

        Assert.That(next.Connection, Is.Not.SameAs(failed));
        Assert.That(next.Item2, Is.EqualTo(7L));
    }
}
