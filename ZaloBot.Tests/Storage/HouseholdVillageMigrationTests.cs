using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

/// <summary>The migration that gives each household its village unit resolves the households an existing database holds.</summary>
public sealed class HouseholdVillageMigrationTests
{
    private const int VillageMigration = 21;

    [Test]
    public async Task A_database_with_households_is_migrated_with_each_household_in_the_village_its_text_names_as_the_rebuild_resolves_it()
    {
        var (db, path) = await MigratedDb.CreateBeforeAsync(VillageMigration);
        await using (var before = new SqliteConnection($"Data Source={path}"))
        {
            await before.OpenAsync();

            // The Thôn Tân Lập team helps households of its own village, of Bản Bù (written without diacritics or kind),
            // of a place that is no village of the commune, and of a name two villages share.
            await before.ExecuteAsync("""
                INSERT INTO admin_units (id, code, level, name, parent_id, created_at, updated_at) VALUES
                    (1, 'P', 'province', 'Tỉnh', NULL, 0, 0), (2, 'C', 'commune', 'Xã Tân Lập', 1, 0, 0),
                    (3, 'C-1', 'village', 'Thôn Tân Lập', 2, 0, 0), (4, 'C-2', 'village', 'Bản Bù', 2, 0, 0),
                    (5, 'C-3', 'village', 'Thôn 5', 2, 0, 0), (6, 'C-4', 'village', 'Bản 5', 2, 0, 0),
                    (7, 'D', 'commune', 'Xã Khác', 1, 0, 0), (8, 'D-1', 'village', 'Bản Bù', 7, 0, 0);
                INSERT INTO teams (id, unit_id, level, name, leader_phone, bind_code, created_at) VALUES
                    (1, 3, 'village', 'Tổ thôn', '0912000001', 'BINDV', 0);
                INSERT INTO team_members (id, team_id, zalo_user_id, full_name, name_key, phone, role, joined_at) VALUES
                    (1, 1, 'u1', 'An', 'an', '0912000001', 'leader', 0);
                INSERT INTO households (id, commune_unit_id, household_key, head_name, village) VALUES
                    (1, 2, 'le van a|tan lap', 'Lê Văn A', 'Thôn Tân Lập'), (2, 2, 'tran thi b|bu', 'Trần Thị B', 'bu'),
                    (3, 2, 'ho van c|xom giua', 'Hồ Văn C', 'Xóm Giữa'), (4, 2, 'do van d|5', 'Đỗ Văn D', 'thôn 5');
                INSERT INTO household_assists (id, team_id, number, member_id, head_name, village, household_key, note, assisted_on, status, created_at, household_id) VALUES
                    (10, 1, 1, 1, 'Lê Văn A', 'Thôn Tân Lập', 'le van a|tan lap', '', '2026-01-05', 'recorded', 0, 1),
                    (11, 1, 2, 1, 'Trần Thị B', 'bu', 'tran thi b|bu', '', '2026-02-07', 'recorded', 0, 2),
                    (12, 1, 3, 1, 'Hồ Văn C', 'Xóm Giữa', 'ho van c|xom giua', '', '2026-02-08', 'recorded', 0, 3),
                    (13, 1, 4, 1, 'Đỗ Văn D', 'thôn 5', 'do van d|5', '', '2026-03-01', 'recorded', 0, 4);
                """);
        }

        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();

        await using var connection = await db.OpenAsync();
        var migrated = (await connection.QueryAsync<(long, long?)>("SELECT id, village_unit_id FROM households ORDER BY id")).ToList();
        Assert.That(migrated, Is.EqualTo(new (long, long?)[] { (1, 3), (2, 4), (3, null), (4, null) }),
            "its own village; Bản Bù of its commune, not the other's; no village; two villages named 5");
        Assert.That(await connection.QueryAsync<string>("PRAGMA foreign_key_check"), Is.Empty);

        await FiguresRebuildCommand.RebuildAsync(db, TextWriter.Null, CancellationToken.None);
        Assert.That(await connection.QueryAsync<(long, long?)>("SELECT id, village_unit_id FROM households ORDER BY id"), Is.EqualTo(migrated),
            "the migration resolves as the app and the rebuild do");
    }
}
