using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

public sealed class KeptConnectionTests
{
    [Test]
    public async Task A_kept_statement_is_compiled_once_and_runs_again_with_new_values()
    {
        await using var kept = new KeptConnection(await MigratedDb.CreateAsync(), redoable: true);
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
    public async Task A_redoable_kept_connection_commits_without_a_sync_of_its_own()
    {
        await using var kept = new KeptConnection(await MigratedDb.CreateAsync(), redoable: true);

        var synchronous = await kept.RunAsync(s => s.Get("PRAGMA synchronous", null).Scalar());

        Assert.That(synchronous, Is.EqualTo(1L), "NORMAL");
    }

    [Test]
    public async Task After_a_failure_the_next_run_starts_from_a_fresh_connection()
    {
        await using var kept = new KeptConnection(await MigratedDb.CreateAsync(), redoable: false);
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
