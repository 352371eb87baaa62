using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Admin;
using ZaloBot.Admin.Reports;
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
    /// <summary>Rows per batch: a batch holds the write turn for a few tens of milliseconds.</summary>
    public const int BatchSize = 1000;

    public async Task RunAsync(long importId, string path, TableFormat format, OfficerScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
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
            "SELECT import_key FROM household_assists WHERE import_key IN @Keys", new { Keys = batch.Select(r => r.Key).ToList() }, transaction))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = new List<(ImportedReport Report, string Key)>(batch.Count);
        foreach (var report in batch)
        {
            // A row already stored, by an earlier import or earlier in this file, adds nothing.
            if (existing.Add(report.Key))
            {
                fresh.Add((report, report.Key));
            }
        }

        var householdIds = new long[fresh.Count];
        for (var i = 0; i < fresh.Count; i++)
        {
            var report = fresh[i].Report;
            householdIds[i] = await HouseholdFigures.HouseholdAsync(connection, transaction, report.Team.Id, report.Head, report.Village);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await HouseholdFigures.ChangeAsync(connection, transaction, householdIds, async () =>
        {
            var numbers = (await connection.QueryAsync<(long TeamId, long Last)>(
                    "SELECT team_id, MAX(number) FROM household_assists WHERE team_id IN @Teams GROUP BY team_id",
                    new { Teams = fresh.Select(r => r.Report.Team.Id).Distinct().ToList() }, transaction))
                .ToDictionary(r => r.TeamId, r => r.Last);
            using var insert = Command(connection, transaction, """
                INSERT INTO household_assists
                    (team_id, number, member_id, household_id, head_name, village, household_key, note, assisted_on, status, created_at, import_id, import_key)
                VALUES ($team, $number, $member, $household, $head, $village, $key, $note, $day, 'recorded', $now, $import, $importKey)
                RETURNING id
                """, "$team", "$number", "$member", "$household", "$head", "$village", "$key", "$note", "$day", "$now", "$import", "$importKey");
            using var category = Command(connection, transaction,
                "INSERT INTO household_assist_categories (assist_id, category) VALUES ($assist, $category)", "$assist", "$category");
            for (var i = 0; i < fresh.Count; i++)
            {
                var (report, key) = fresh[i];
                var number = numbers[report.Team.Id] = numbers.GetValueOrDefault(report.Team.Id) + 1;
                var assistId = (long)insert.Run(
                    report.Team.Id, number, report.MemberId, householdIds[i], report.Head, report.Village, HouseholdKey.For(report.Head, report.Village),
                    report.Note, VietnamTime.ToIso(report.Day), now, importId, key)!;
                foreach (var c in report.Categories)
                {
                    category.Run(assistId, c.ToString());
                }
            }
        });
        await AssistImportStore.ProgressAsync(connection, transaction, importId, bytesRead, read, fresh.Count, batch.Count - fresh.Count, errors);
        await transaction.CommitAsync(cancellationToken);
    }

    private static PreparedCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return new PreparedCommand(command);
    }

    /// <summary>A statement prepared once and run for every row of a batch.</summary>
    private sealed class PreparedCommand(SqliteCommand command) : IDisposable
    {
        public object? Run(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            return command.ExecuteScalar();
        }

        public void Dispose() => command.Dispose();
    }

    /// <summary>Every team by its unit's code, with whether the uploader's units hold it.</summary>
    private static async Task<IReadOnlyDictionary<string, ImportTeam>> TeamsAsync(SqliteConnection connection, OfficerScope scope)
    {
        var inScope = (await UnitTree.ListAsync(connection, scope, includeVillages: true)).Select(u => u.Id).ToHashSet();
        return (await connection.QueryAsync<(string Code, long Id, string Name, long UnitId)>(
                "SELECT u.code, t.id, t.name, t.unit_id FROM teams t JOIN admin_units u ON u.id = t.unit_id"))
            .ToDictionary(t => t.Code, t => new ImportTeam(t.Id, t.Name, inScope.Contains(t.UnitId)), StringComparer.Ordinal);
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
