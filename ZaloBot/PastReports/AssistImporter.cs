using Dapper;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.PastReports;

/// <summary>
/// Imports one file of past reports in two steps. First it reads the file as it streams, checks each row, and sets the
/// good rows aside in a temporary table of its connection (on disk, in SQLite's temporary folder), recording the
/// refused ones as it goes. Then it writes them sorted by commune, team and day, in batches, each batch one transaction
/// with its figures (<see cref="HouseholdFigures"/>) and its progress, taking the app's write turn per batch only, so
/// webhooks and commands go on between batches. Sorted, a batch's reports, households and figures sit together on a
/// few pages, where rows in the file's order would each touch pages all over the tables. A row already imported (same
/// team, day, household, categories and note) is counted as such and not written again. Imported rows get the team's
/// next <c>HT-</c> numbers, in the order of their days, and point at their import.
/// </summary>
public sealed class AssistImporter(Db db, TimeProvider clock)
{
    /// <summary>Rows per batch: a batch holds the write turn for a fraction of a second.</summary>
    private const int BatchSize = 5000;

    /// <summary>Rows read between two records of the reading's progress.</summary>
    private const int ReadProgressRows = 20_000;

    /// <summary>
    /// The import's page cache, in KiB (also what SQLite's sorter may hold in memory): the batches come sorted, so each
    /// touches few pages, but with SQLite's default (2 MB) a batch would still spill pages and write them to the log twice.
    /// </summary>
    private const int CacheKib = 16 * 1024;

    public async Task RunAsync(long importId, string path, TableFormat format, OfficerScope scope, CancellationToken cancellationToken)
    {
        // A connection of its own, for its cache and its temporary table. A batch lost to a power cut is imported again by
        // uploading the file again (its rows are found missing), so the batches' commits need no sync of their own. The
        // temporary table is this connection's alone, and goes with it: no journal, and no zeroing of what it frees.
        await using var connection = await db.OpenDedicatedAsync(cancellationToken);
        await connection.ExecuteAsync($"""
            PRAGMA cache_size = -{CacheKib}; PRAGMA synchronous = NORMAL; PRAGMA temp_store = FILE; PRAGMA temp.journal_mode = OFF; PRAGMA temp.secure_delete = OFF;
            """);
        using (await db.TakeWriteTurnAsync(cancellationToken))
        {
            await AssistImportStore.StartAsync(connection, null, importId, clock.GetUtcNow());
        }

        var teams = await TeamsAsync(connection, scope);
        int staged;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan))
        {
            using var records = TableFile.Read(file, format).GetEnumerator();
            var (rows, problem) = AssistImportRows.ForHeader(
                records.MoveNext() ? records.Current : null, teams, await UnitsWithoutTeamAsync(connection), await MembersAsync(connection),
                VietnamTime.Today(clock.GetUtcNow()));
            if (rows is null)
            {
                await FinishAsync(connection, importId, problem);
                return;
            }

            staged = await StageAsync(connection, importId, file, records, rows, cancellationToken);
        }

        // Sorted once, into a table read back in order, batch by batch.
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE import_sorted AS SELECT * FROM import_rows ORDER BY commune_id, team_id, day, line;
            DROP TABLE import_rows;
            """);
        var teamsById = teams.Values.ToDictionary(t => t.Id);
        for (var after = 0; after < staged; after += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<ImportedReport>(BatchSize);
            using (var reader = await connection.ExecuteReaderAsync("""
                       SELECT line, team_id, day, head, village, categories, member_id, note FROM import_sorted WHERE rowid > @After ORDER BY rowid LIMIT @Limit
                       """, new { After = after, Limit = BatchSize }))
            {
                while (reader.Read())
                {
                    var categories = reader.GetInt32(5);
                    batch.Add(new ImportedReport(
                        reader.GetInt32(0), teamsById[reader.GetInt64(1)], VietnamTime.FromIso(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                        Enum.GetValues<AssistCategory>().Where(c => (categories & (1 << (int)c)) != 0).ToList(), reader.IsDBNull(6) ? null : reader.GetInt64(6),
                        reader.GetString(7)));
                }
            }

            await WriteAsync(connection, importId, batch, cancellationToken);
        }

        await FinishAsync(connection, importId, null);
    }

    /// <summary>
    /// Reads and checks every row, sets the good ones aside in the temporary table <c>import_rows</c>, and records how
    /// far the reading is and the refused rows every <see cref="ReadProgressRows"/> rows. Returns the rows set aside.
    /// </summary>
    private async Task<int> StageAsync(
        SqliteConnection connection, long importId, FileStream file, IEnumerator<CsvRecord> records, AssistImportRows rows, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE import_rows (
                line INTEGER, commune_id INTEGER, team_id INTEGER, day TEXT, head TEXT, village TEXT, categories INTEGER, member_id INTEGER, note TEXT)
            """);
        var staged = 0;
        var more = true;
        while (more)
        {
            var (read, errors) = (0, new List<AssistImportError>());
            await using (var transaction = connection.BeginTransaction(deferred: true))
            using (var stage = new PreparedCommand(connection, transaction, """
                       INSERT INTO import_rows VALUES (@Line, @Commune, @Team, @Day, @Head, @Village, @Categories, @Member, @Note)
                       """, "Line", "Commune", "Team", "Day", "Head", "Village", "Categories", "Member", "Note"))
            {
                while (read < ReadProgressRows && (more = records.MoveNext()))
                {
                    read++;
                    var (report, refusal) = rows.Check(records.Current);
                    if (report is null)
                    {
                        errors.Add(new AssistImportError(records.Current.Line, refusal!));
                        continue;
                    }

                    (stage[0], stage[1], stage[2], stage[3]) = (report.Line, report.Team.CommuneId, report.Team.Id, VietnamTime.ToIso(report.Day));
                    (stage[4], stage[5], stage[6]) = (report.Head, report.Village, report.Categories.Sum(c => 1 << (int)c));
                    (stage[7], stage[8]) = (report.MemberId, report.Note);
                    stage.Run();
                    staged++;
                }

                await transaction.CommitAsync(cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            using var turn = await db.TakeWriteTurnAsync(cancellationToken);
            await using var progress = connection.BeginTransaction(deferred: false);
            // The whole file is read when the last rows are: a workbook's reader need not reach the zip's end.
            await AssistImportStore.RowsReadAsync(connection, progress, importId, more ? file.Position : file.Length, read, errors);
            await progress.CommitAsync(cancellationToken);
        }

        return staged;
    }

    private async Task FinishAsync(SqliteConnection connection, long importId, string? failure)
    {
        using (await db.TakeWriteTurnAsync())
        {
            await AssistImportStore.FinishAsync(connection, importId, failure, clock.GetUtcNow());
        }
    }

    /// <summary>A row to write, with its household key and identity.</summary>
    private sealed record Row(ImportedReport Report, string HouseholdKey, string Key, string Day);

    private async Task WriteAsync(SqliteConnection connection, long importId, List<ImportedReport> batch, CancellationToken cancellationToken)
    {
        var rows = batch.Select(r => new Row(r, r.HouseholdKey, r.Key, VietnamTime.ToIso(r.Day))).ToList();
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);

        // A row already stored, by an earlier import or earlier in this file, adds nothing. The batch is sorted by team
        // and day, so each team's imported rows over the batch's days are read at once, from the index of the team's
        // reports by day, which holds the identities.
        var stored = new HashSet<string>(StringComparer.Ordinal);
        using (var storedKeys = new PreparedCommand(connection, transaction, """
                   SELECT import_key FROM household_assists WHERE team_id = @Team AND assisted_on BETWEEN @From AND @To AND import_key IS NOT NULL
                   """, "Team", "From", "To"))
        {
            foreach (var team in rows.GroupBy(r => r.Report.Team.Id))
            {
                (storedKeys[0], storedKeys[1], storedKeys[2]) = (team.Key, team.Min(r => r.Day), team.Max(r => r.Day));
                using var reader = storedKeys.Read();
                while (reader.Read())
                {
                    stored.Add(reader.GetString(0));
                }
            }
        }

        var fresh = rows.Where(r => stored.Add(r.Key)).ToList();

        var householdIds = HouseholdFigures.Households(
            connection, transaction, fresh.Select(r => (r.Report.Team.CommuneId, r.HouseholdKey, r.Report.Head, r.Report.Village)).ToList());

        // The write turn and the transaction's write lock are held, so the ids after the last one given are free, and
        // so are each team's numbers after its last.
        var lastId = await connection.ExecuteScalarAsync<long>("""
            SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'household_assists'), 0), COALESCE((SELECT MAX(id) FROM household_assists), 0))
            """, transaction: transaction);
        var numbers = new Dictionary<long, long>();
        using (var lastNumber = new PreparedCommand(connection, transaction, "SELECT MAX(number) FROM household_assists WHERE team_id = @Team", "Team"))
        {
            foreach (var team in fresh.Select(r => r.Report.Team.Id).Distinct())
            {
                lastNumber[0] = team;
                numbers[team] = lastNumber.Scalar() as long? ?? 0;
            }
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using (var insert = new PreparedCommand(connection, transaction, """
                   INSERT INTO household_assists
                       (id, team_id, number, member_id, household_id, head_name, village, household_key, note, assisted_on, status, created_at, import_id, import_key)
                   VALUES (@Id, @Team, @Number, @Member, @Household, @Head, @Village, @HouseholdKey, @Note, @Day, 'recorded', @Now, @Import, @Key)
                   """, "Id", "Team", "Number", "Member", "Household", "Head", "Village", "HouseholdKey", "Note", "Day", "Now", "Import", "Key"))
        using (var category = new PreparedCommand(connection, transaction,
                   "INSERT INTO household_assist_categories (assist_id, category) VALUES (@Id, @Category)", "Id", "Category"))
        {
            (insert[10], insert[11]) = (now, importId);
            for (var i = 0; i < fresh.Count; i++)
            {
                var (report, householdKey, key, day) = fresh[i];
                var id = lastId + 1 + i;
                (insert[0], insert[1], insert[2], insert[3], insert[4]) = (id, report.Team.Id, ++CollectionsMarshal.GetValueRefOrNullRef(numbers, report.Team.Id), report.MemberId, householdIds[i]);
                (insert[5], insert[6], insert[7], insert[8], insert[9], insert[12]) = (report.Head, report.Village, householdKey, report.Note, day, key);
                insert.Run();
                category[0] = id;
                foreach (var name in report.Categories)
                {
                    category[1] = name.ToString();
                    category.Run();
                }
            }
        }

        await HouseholdFigures.AddedAsync(connection, transaction, householdIds, Enumerable.Range(0, fresh.Count).Select(i => lastId + 1 + i).ToHashSet());

        await AssistImportStore.RowsWrittenAsync(connection, transaction, importId, fresh.Count, batch.Count - fresh.Count);
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
        return (await connection.QueryAsync<(string Code, long Id, long CommuneId, string Name, long UnitId)>(
                $"SELECT u.code, t.id, {HouseholdFigures.CommuneOfTeam}, t.name, t.unit_id FROM teams t JOIN admin_units u ON u.id = t.unit_id"))
            .ToDictionary(t => t.Code, t => new ImportTeam(t.Id, t.CommuneId, t.Name, inScope?.Contains(t.UnitId) ?? true), StringComparer.Ordinal);
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
