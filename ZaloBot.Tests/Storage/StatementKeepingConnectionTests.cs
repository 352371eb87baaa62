using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

public sealed class StatementKeepingConnectionTests
{
    [Test]
    public async Task Dapper_calls_with_the_same_text_compile_it_once_and_each_binds_its_own_values()
    {
        await using var connection = await (await MigratedDb.CreateAsync()).OpenWriterAsync(CancellationToken.None);
        var before = connection.Compilations;

        var first = await connection.QuerySingleAsync<long>("SELECT @A + @B", new { A = 1, B = 2 });
        var second = await connection.QuerySingleAsync<long>("SELECT @A + @B", new { A = 40, B = 2 });

        Assert.That((first, second), Is.EqualTo((3L, 42L)));
        Assert.That(connection.Compilations - before, Is.EqualTo(1), "the second call ran the statement the first compiled");
    }

    [Test]
    public async Task Transactions_and_savepoints_begun_again_and_again_compile_their_statements_only_the_first_time()
    {
        await using var connection = await (await MigratedDb.CreateAsync()).OpenWriterAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TEMP TABLE marks (n INTEGER NOT NULL)");
        var compiledByRound = new List<int>();

        for (var n = 1; n <= 3; n++)
        {
            var before = connection.Compilations;
            await using var transaction = connection.BeginTransaction(deferred: false);
            await transaction.SaveAsync("event");
            await connection.ExecuteAsync("INSERT INTO marks (n) VALUES (@N)", new { N = n }, transaction);
            await transaction.ReleaseAsync("event");
            await transaction.CommitAsync();
            compiledByRound.Add(connection.Compilations - before);
        }

        Assert.That(await connection.QueryAsync<long>("SELECT n FROM marks ORDER BY n"), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(compiledByRound[0], Is.EqualTo(5), "BEGIN, SAVEPOINT, the insert, RELEASE and COMMIT, the first time");
        Assert.That(compiledByRound.Skip(1), Is.All.EqualTo(0), "then none");
    }

    [Test]
    public async Task A_text_run_while_its_own_reader_is_open_gets_a_second_compiled_copy_and_both_read_their_rows()
    {
        await using var connection = await (await MigratedDb.CreateAsync()).OpenWriterAsync(CancellationToken.None);
        const string Count = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < @Upto) SELECT n FROM c";
        var before = connection.Compilations;
        var pairs = new List<(long Outer, long InnerSum)>();

        foreach (var outer in connection.Query<long>(Count, new { Upto = 3 }, buffered: false))
        {
            pairs.Add((outer, connection.Query<long>(Count, new { Upto = outer }).Sum()));
        }

        Assert.That(pairs, Is.EqualTo(new[] { (1L, 1L), (2L, 3L), (3L, 6L) }));
        Assert.That(connection.Compilations - before, Is.EqualTo(2), "one copy for the open reader, one for the calls inside it");
    }

    [Test]
    public async Task A_statement_that_fails_runs_again_with_the_next_values()
    {
        await using var connection = await (await MigratedDb.CreateAsync()).OpenWriterAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TEMP TABLE keys (k TEXT NOT NULL UNIQUE)");
        const string Insert = "INSERT INTO keys (k) VALUES (@K)";

        await connection.ExecuteAsync(Insert, new { K = "a" });
        Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(Insert, new { K = "a" }));
        await connection.ExecuteAsync(Insert, new { K = "b" });

        Assert.That(await connection.QueryAsync<string>("SELECT k FROM keys ORDER BY k"), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task A_value_left_out_is_refused_rather_than_taken_from_the_run_before()
    {
        await using var connection = await (await MigratedDb.CreateAsync()).OpenWriterAsync(CancellationToken.None);

        Assert.That(await connection.QuerySingleAsync<long>("SELECT @A", new { A = 5 }), Is.EqualTo(5));
        Assert.ThrowsAsync<InvalidOperationException>(() => connection.QuerySingleAsync<long>("SELECT @A"));
    }

    [Test]
    public async Task Texts_beyond_the_limit_are_compiled_at_each_use_and_still_answer()
    {
        await using var connection = await (await MigratedDb.CreateAsync()).OpenWriterAsync(CancellationToken.None);
        var texts = Enumerable.Range(0, StatementKeepingConnection.MaxTexts + 10).Select(i => $"SELECT {i}").ToList();
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            Assert.That(await connection.ExecuteScalarAsync<long>(text), Is.EqualTo(i));
        }

        var before = connection.Compilations;
        await connection.ExecuteScalarAsync<long>(texts[0]);
        var afterKept = connection.Compilations;
        Assert.That(await connection.ExecuteScalarAsync<long>(texts[^1]), Is.EqualTo(texts.Count - 1));

        Assert.That(afterKept, Is.EqualTo(before), "an early text was kept");
        Assert.That(connection.Compilations, Is.EqualTo(afterKept + 1), "one past the limit was compiled again");
    }
}
