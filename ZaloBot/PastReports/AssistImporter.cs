using Dapper;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.PastReports;

/// <summary>
/// Imports one file of past reports: reads it as it streams, checks each row, and writes the good rows in batches, each
/// batch one transaction with its figures (<see cref="HouseholdFigures"/>), its progress and its refused rows, taking
/// the app's write turn per batch only, so webhooks and commands go on between batches. A row already imported (same
/// team, day, household, categories and note) is counted as such and not written again. Imported rows get the team's
/// next <c>HT-</c> numbers and point at their import.
/// </summary>
public sealed class AssistImporter(Db db, TimeProvider clock)
{
    /// <summary>Rows per batch: a batch holds the write turn for a fraction of a second.</summary>
    public const int BatchSize = 2000;

    /// <summary>
    /// The import's page cache, in KiB: a batch updates pages all over the reports' indexes and the figures, and with
    /// SQLite's default (2 MB) it spills and writes the same pages to the log again and again.
    /// </summary>
    private const int CacheKib = 96 * 1024;

    public async Task RunAsync(long importId, string path, TableFormat format, OfficerScope scope, CancellationToken cancellationToken)
    {
        // A connection of its own, for its large cache. A batch lost to a power cut is imported again by uploading the
        // file again (its rows are found missing), so the batches' commits need no sync of their own.
        await using var connection = await db.OpenDedicatedAsync(cancellationToken);
        await connection.ExecuteAsync($"PRAGMA cache_size = -{CacheKib}; PRAGMA synchronous = NORMAL;");
        using (await db.TakeWriteTurnAsync(cancellationToken))
        {
            await AssistImportStore.StartAsync(connection, null, importId, clock.GetUtcNow());
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        using var records = TableFile.Read(file, format).GetEnumerator();
        var (rows, problem) = AssistImportRows.ForHeader(
            records.MoveNext() ? records.Current : null, await TeamsAsync(connection, scope), await UnitsWithoutTeamAsync(connection),
            await MembersAsync(connection), VietnamTime.Today(clock.GetUtcNow()));
        if (rows is null)
        {
            await FinishAsync(connection, importId, problem);
            return;
        }

        var batch = new List<ImportedReport>(BatchSize);
        var errors = new List<AssistImportError>();
        var read = 0;
        while (true)
        {
            var more = records.MoveNext();
            if (more)
            {
                read++;
                var (report, refusal) = rows.Check(records.Current);
                if (report is not null)
                {
                    batch.Add(report);
                }
                else
                {
                    errors.Add(new AssistImportError(records.Current.Line, refusal!));
                }
            }

            if (!more || batch.Count == BatchSize || errors.Count == BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteAsync(connection, importId, batch, errors, read, file.Position, cancellationToken);
                (read, batch, errors) = (0, new List<ImportedReport>(BatchSize), new List<AssistImportError>());
            }

            if (!more)
            {
                break;
            }
        }

        await FinishAsync(connection, importId, null);
    }

    private async Task FinishAsync(SqliteConnection connection, long importId, string? failure)
    {
        using (await db.TakeWriteTurnAsync())
        {
            await AssistImportStore.FinishAsync(connection, importId, failure, clock.GetUtcNow());
        }
    }

    private async Task WriteAsync(
        SqliteConnection connection, long importId, List<ImportedReport> batch, List<AssistImportError> errors, int read, long bytesRead,
        CancellationToken cancellationToken)
    {
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var existing = (await connection.QueryAsync<string>(
            "SELECT import_key FROM household_assists WHERE import_key IN (SELECT value FROM json_each(@Keys))",
            new { Keys = JsonSerializer.Serialize(batch.Select(r => r.Key)) }, transaction)).ToHashSet(StringComparer.Ordinal);
        var fresh = new List<(ImportedReport Report, string Key)>(batch.Count);
        foreach (var report in batch)
        {
            // A row already stored, by an earlier import or earlier in this file, adds nothing.
            if (existing.Add(report.Key))
            {
                fresh.Add((report, report.Key));
            }
        }

        var householdIds = await HouseholdFigures.HouseholdsAsync(
            connection, transaction, fresh.Select(r => (r.Report.Team.Id, r.Report.Head, r.Report.Village)).ToList());
        await HouseholdFigures.ChangeAsync(connection, transaction, householdIds, async () =>
        {
            var numbers = (await connection.QueryAsync<(long TeamId, long Last)>(
                    "SELECT team_id, MAX(number) FROM household_assists WHERE team_id IN @Teams GROUP BY team_id",
                    new { Teams = fresh.Select(r => r.Report.Team.Id).Distinct().ToList() }, transaction))
                .ToDictionary(r => r.TeamId, r => r.Last);
            var rows = JsonSerializer.Serialize(fresh.Select((r, i) => new object?[]
            {
                r.Report.Team.Id, numbers[r.Report.Team.Id] = numbers.GetValueOrDefault(r.Report.Team.Id) + 1, r.Report.MemberId, householdIds[i],
                r.Report.Head, r.Report.Village, HouseholdKey.For(r.Report.Head, r.Report.Village), r.Report.Note, VietnamTime.ToIso(r.Report.Day), r.Key,
                r.Report.Categories.Select(c => c.ToString()).ToArray(),
            }));
            await connection.ExecuteAsync("""
                INSERT INTO household_assists
                    (team_id, number, member_id, household_id, head_name, village, household_key, note, assisted_on, status, created_at, import_id, import_key)
                SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5, r.value ->> 6, r.value ->> 7,
                       r.value ->> 8, 'recorded', @Now, @ImportId, r.value ->> 9
                FROM json_each(@Rows) r;
                INSERT INTO household_assist_categories (assist_id, category)
                SELECT a.id, c.value FROM json_each(@Rows) r JOIN household_assists a ON a.import_key = r.value ->> 9, json_each(r.value -> 10) c;
                """, new { Rows = rows, Now = clock.GetUtcNow().ToUnixTimeMilliseconds(), ImportId = importId }, transaction);
        });
        await AssistImportStore.ProgressAsync(connection, transaction, importId, bytesRead, read, fresh.Count, batch.Count - fresh.Count, errors);
        await transaction.CommitAsync(cancellationToken);

        // Batch after batch, the background checkpoint never finds the log still, so the log would only grow (by tens of
        // megabytes a batch): copy it back now, while no writer of this process can add to it, and the next batch starts
        // the log again from its beginning.
        await connection.ExecuteAsync("PRAGMA wal_checkpoint(PASSIVE);");
    }

    /// <summary>Every team by its unit's code, with whether the uploader's units hold it.</summary>
    private static async Task<IReadOnlyDictionary<string, ImportTeam>> TeamsAsync(SqliteConnection connection, OfficerScope scope)
    {
        var within = await scope.UnitIdsAsync(connection);
        var inScope = within?.ToHashSet();
        return (await connection.QueryAsync<(string Code, long Id, string Name, long UnitId)>(
                "SELECT u.code, t.id, t.name, t.unit_id FROM teams t JOIN admin_units u ON u.id = t.unit_id"))
            .ToDictionary(t => t.Code, t => new ImportTeam(t.Id, t.Name, inScope?.Contains(t.UnitId) ?? true), StringComparer.Ordinal);
    }

    private static async Task<IReadOnlySet<string>> UnitsWithoutTeamAsync(SqliteConnection connection) =>
        (await connection.QueryAsync<string>("SELECT code FROM admin_units WHERE id NOT IN (SELECT unit_id FROM teams)")).ToHashSet(StringComparer.Ordinal);

    /// <summary>Members by team and phone; a past report may name someone who has left since, but a current member wins.</summary>
    private static async Task<IReadOnlyDictionary<(long TeamId, string Phone), long>> MembersAsync(SqliteConnection connection)
    {
        var members = new Dictionary<(long TeamId, string Phone), long>();
        foreach (var (teamId, phone, id) in await connection.QueryAsync<(long TeamId, string Phone, long Id)>(
                     "SELECT team_id, phone, id FROM team_members ORDER BY left_at IS NULL, left_at, id"))
        {
            members[(teamId, phone)] = id;
        }

        return members;
    }
}
