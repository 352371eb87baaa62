using Dapper;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

public sealed class DbTests
{
    private static Db DbFor(string path) => new(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" }));

    [Test]
    public async Task A_connection_the_pool_hands_out_again_keeps_its_pragmas()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = DbFor(path);

        for (var open = 0; open < 3; open++)
        {
            await using var connection = await db.OpenAsync();
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1), $"open {open}");
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.EqualTo(5000), $"open {open}");
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(2), $"open {open}: FULL");
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"), Is.EqualTo(0), $"open {open}: checkpoints are the checkpointer's");
        }
    }

    [Test]
    public async Task Only_redoable_opens_skip_the_sync_and_the_pool_hands_the_same_connection_back_durable()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = DbFor(path);

        for (var round = 0; round < 2; round++)
        {
            await using (var redoable = await db.OpenRedoableAsync())
            {
                Assert.That(await redoable.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(1), $"round {round}: NORMAL");
                Assert.That(await redoable.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1), $"round {round}");
            }

            // One connection open at a time: the pool hands out the one just closed.
            await using var durable = await db.OpenAsync();
            Assert.That(await durable.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(2), $"round {round}: FULL");
        }
    }

    [Test]
    public async Task Writers_take_turns_in_arrival_order()
    {
        var db = DbFor(TestApp.NewDatabasePath());
        var order = new List<int>();
        var first = await db.TakeWriteTurnAsync();
        var waiting = Enumerable.Range(1, 3).Select(async i =>
        {
            using var turn = await db.TakeWriteTurnAsync();
            lock (order)
            {
                order.Add(i);
            }
        }).ToList();

        Assert.That(db.WaitingWriters, Is.EqualTo(3), "the three wait in line");
        Assert.That(order, Is.Empty, "nobody writes while the turn is held");
        first.Dispose();
        first.Dispose();
        await Task.WhenAll(waiting);
        Assert.That(order, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public async Task Urgent_writers_go_first_but_not_more_than_twice_in_a_row_while_another_waits()
    {
        var db = DbFor(TestApp.NewDatabasePath());
        var order = new List<string>();
        var held = await db.TakeWriteTurnAsync();
        var waiting = new List<Task>();
        foreach (var (name, urgent) in new[] { ("ordinary", false), ("urgent 1", true), ("urgent 2", true), ("urgent 3", true) })
        {
            waiting.Add(TakeAndRecordAsync(name, urgent));
            Assert.That(db.WaitingWriters, Is.EqualTo(waiting.Count), $"{name} is in line before the next one comes");
        }

        held.Dispose();
        await Task.WhenAll(waiting);
        Assert.That(order, Is.EqualTo(new[] { "urgent 1", "urgent 2", "ordinary", "urgent 3" }));

        async Task TakeAndRecordAsync(string name, bool urgent)
        {
            using var turn = await db.TakeWriteTurnAsync(urgent);
            lock (order)
            {
                order.Add(name);
            }
        }
    }

    [Test]
    public async Task A_writer_that_stops_waiting_does_not_keep_the_turn()
    {
        var db = DbFor(TestApp.NewDatabasePath());
        var held = await db.TakeWriteTurnAsync();
        using var giveUp = new CancellationTokenSource();
        var quitter = db.TakeWriteTurnAsync(giveUp.Token);
        var next = db.TakeWriteTurnAsync();

        await giveUp.CancelAsync();
        Assert.That(async () => await quitter, Throws.InstanceOf<OperationCanceledException>());
        held.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await db.TakeWriteTurnAsync().WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
