using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

/// <summary>The migration that adds the figures fills them from the reports an existing database already holds.</summary>
public sealed class FiguresMigrationTests
{
    private const int FirstFiguresMigration = 15;

    [Test]
    public async Task A_database_with_reports_is_migrated_with_its_households_and_figures_and_keeps_every_link()
    {
        var (db, path) = await MigratedDb.CreateBeforeAsync(FirstFiguresMigration);
        await using (var before = new SqliteConnection($"Data Source={path}"))
        {
            await before.OpenAsync();

            // Two teams of one commune help the same household; a cancelled report; a help request closed by a report.
            await before.ExecuteAsync("""
                INSERT INTO admin_units (id, code, level, name, parent_id, created_at, updated_at) VALUES
                    (1, 'P', 'province', 'Tỉnh', NULL, 0, 0), (2, 'C', 'commune', 'Xã C', 1, 0, 0), (3, 'C-V', 'village', 'Thôn V', 2, 0, 0);
                INSERT INTO teams (id, unit_id, level, name, leader_phone, bind_code, created_at) VALUES
                    (1, 2, 'commune', 'Tổ xã', '0912000001', 'BINDC', 0), (2, 3, 'village', 'Tổ thôn', '0912000002', 'BINDV', 0);
                INSERT INTO team_members (id, team_id, zalo_user_id, full_name, name_key, phone, role, joined_at) VALUES
                    (1, 1, 'u1', 'An', 'an', '0912000001', 'leader', 0), (2, 2, 'u2', 'Bình', 'binh', '0912000002', 'leader', 0);
                INSERT INTO household_assists (id, team_id, number, member_id, head_name, village, household_key, note, assisted_on, status, created_at) VALUES
                    (10, 1, 1, 1, 'Lê Văn A', 'Thôn V', 'le van a|v', '', '2026-01-05', 'recorded', 0),
                    (11, 2, 1, 2, 'Lê Văn A', 'V', 'le van a|v', '', '2026-02-07', 'recorded', 0),
                    (12, 2, 2, 2, 'Trần Thị B', 'Thôn V', 'tran thi b|v', '', '2026-02-08', 'cancelled', 0),
                    (13, 2, 3, 2, 'Hồ Văn C', 'Thôn V', 'ho van c|v', '', '2026-03-01', 'corrected', 0);
                INSERT INTO household_assist_categories (assist_id, category) VALUES
                    (10, 'ElectronicId'), (11, 'EPayment'), (11, 'ElectronicId'), (12, 'Health'), (13, 'Other');
                INSERT INTO help_requests (number, resident_user_id, commune_unit_id, team_id, topic, status, created_at, assist_id)
                VALUES (1, 'r1', 2, 2, 'VNeID', 'done', 0, 13);
                """);
        }

        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();

        await using var connection = await db.OpenAsync();
        Assert.That(await connection.QueryAsync<(long, string, long)>("SELECT id, head_name, assists FROM households ORDER BY id"),
            Is.EqualTo(new[] { (1L, "Hồ Văn C", 1L), (2L, "Lê Văn A", 2L), (3L, "Trần Thị B", 0L) }), "one household per key in the commune; cancelled counts nothing");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM household_assist_categories"), Is.EqualTo(5), "every category kept");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT assist_id FROM help_requests"), Is.EqualTo(13), "the request still names its report");
        Assert.That(await connection.QueryAsync<string>("PRAGMA foreign_key_check"), Is.Empty);
        Assert.That(await connection.QueryAsync<(string, string, long, long)>("""
            SELECT subject, category, assists, households FROM figures_by_month WHERE subject_id = 2 AND subject = 'commune' AND month = '2026-02' ORDER BY category
            """), Is.EqualTo(new[] { ("commune", "", 1L, 0L), ("commune", "EPayment", 1L, 1L), ("commune", "ElectronicId", 1L, 0L) }),
            "in February the commune's household was helped again (not new), with e-payment for the first time");

        var migrated = await FiguresAsync(connection);
        await FiguresRebuildCommand.RebuildAsync(db, TextWriter.Null, CancellationToken.None);
        Assert.That(await FiguresAsync(connection), Is.EqualTo(migrated), "the migration fills the figures as the app keeps them");
    }

    private static async Task<List<string>> FiguresAsync(SqliteConnection connection) =>
        (await connection.QueryAsync<string>("""
            SELECT subject || ' ' || subject_id || ' ' || category || ' ' || day || ' ' || assists || ' ' || households FROM figures_by_day
            WHERE assists <> 0 OR households <> 0
            UNION ALL
            SELECT subject || ' ' || subject_id || ' ' || category || ' ' || month || ' ' || assists || ' ' || households FROM figures_by_month
            WHERE assists <> 0 OR households <> 0
            ORDER BY 1
            """)).ToList();
}
