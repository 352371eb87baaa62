using System.Diagnostics;
using Dapper;
using ZaloBot.Storage;

namespace ZaloBot.Teams;

/// <summary>
/// <c>ZaloBot rebuild-figures</c>: recomputes the unique households and the daily and monthly figures from the reports
/// themselves, in batches, for after a restore, a repair by hand, or a change of which commune a village belongs to.
/// Run it with the app stopped (the figures are partial until it ends). Configuration is the app's own.
/// </summary>
public static class FiguresRebuildCommand
{
    public const string Command = "rebuild-figures";

    /// <summary>Households per batch: each batch is one transaction.</summary>
    private const int BatchSize = 2000;

    /// <summary>Reports relinked to their household per transaction.</summary>
    private const int RelinkBatch = 50_000;

    /// <summary>Rebuilds the figures of the database <paramref name="settings"/> configure.</summary>
    public static async Task<int> RunAsync(string[] settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        builder.AddStorage();
        using var host = builder.Build();
        await host.MigrateDatabaseAsync();
        var (households, reports, elapsed) = await RebuildAsync(host.Services.GetRequiredService<Db>(), output, cancellationToken);
        await output.WriteLineAsync($"Rebuilt the figures of {households:N0} households ({reports:N0} reports) in {elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    public static async Task<(long Households, long Reports, TimeSpan Elapsed)> RebuildAsync(Db db, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(output);
        var watch = Stopwatch.StartNew();
        await using var connection = await db.OpenAsync(cancellationToken);
        async Task InTransactionAsync(Func<Microsoft.Data.Sqlite.SqliteTransaction, Task> work)
        {
            using var turn = await db.TakeWriteTurnAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await work(transaction);
            await transaction.CommitAsync(cancellationToken);
        }

        // Each report's household is its key within its team's commune-level unit now (a village may have moved).
        await InTransactionAsync(transaction => connection.ExecuteAsync($"""
            INSERT INTO households (commune_unit_id, household_key, head_name, village)
            SELECT {HouseholdFigures.CommuneOfTeam}, a.household_key, MAX(a.head_name), MAX(a.village)
            FROM household_assists a JOIN teams t ON t.id = a.team_id JOIN admin_units u ON u.id = t.unit_id
            GROUP BY 1, 2
            ON CONFLICT (commune_unit_id, household_key) DO NOTHING
            """, transaction: transaction));
        var lastReport = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM household_assists");
        for (long from = 0; from < lastReport; from += RelinkBatch)
        {
            await InTransactionAsync(transaction => connection.ExecuteAsync($"""
                UPDATE household_assists
                SET household_id = (SELECT h.id FROM households h JOIN teams t ON t.id = household_assists.team_id JOIN admin_units u ON u.id = t.unit_id
                                    WHERE h.commune_unit_id = {HouseholdFigures.CommuneOfTeam} AND h.household_key = household_assists.household_key)
                WHERE id > @From AND id <= @To
                """, new { From = from, To = from + RelinkBatch }, transaction));
        }

        await InTransactionAsync(async transaction =>
        {
            await connection.ExecuteAsync(
                "DELETE FROM households WHERE id NOT IN (SELECT household_id FROM household_assists)", transaction: transaction);
            await connection.ExecuteAsync("DELETE FROM figures_by_day; DELETE FROM figures_by_month;", transaction: transaction);
        });
        await InTransactionAsync(transaction => HouseholdVillages.ResolveAllAsync(connection, transaction));

        var ids = (await connection.QueryAsync<long>("SELECT id FROM households ORDER BY id")).ToList();
        for (var i = 0; i < ids.Count; i += BatchSize)
        {
            var batch = ids.GetRange(i, Math.Min(BatchSize, ids.Count - i));
            await InTransactionAsync(transaction => HouseholdFigures.AddAsync(connection, transaction, batch));
            if ((i / BatchSize) % 50 == 49)
            {
                await output.WriteLineAsync($"  {i + batch.Count:N0} of {ids.Count:N0} households");
            }
        }

        return (ids.Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM household_assists"), watch.Elapsed);
    }
}
