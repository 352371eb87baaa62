using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Teams;

public sealed class UnitImportCommandTests
{
    [Test]
    public async Task The_provinces_shipped_list_imports_cleanly_78_communes_none_refused_and_again_changes_nothing()
    {
        var database = NewDatabase();
        var first = await CommandRun.RunAsync("import-units", "--default", Connection(database));
        var again = await CommandRun.RunAsync("import-units", "--default", Connection(database));

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.Output, Does.Contain("quang-tri-units-2025.csv (shipped): 79 added, 0 updated, 0 unchanged, 0 refused."));
        Assert.That(again.ExitCode, Is.Zero);
        Assert.That(again.Output, Does.Contain(": 0 added, 0 updated, 79 unchanged, 0 refused."));
        await using var connection = new SqliteConnection($"Data Source={database}");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM admin_units WHERE level = 'commune'"), Is.EqualTo(78));
        Assert.That(await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM admin_units c JOIN admin_units p ON p.id = c.parent_id WHERE c.level = 'commune' AND p.code = '44'"), Is.EqualTo(78));
        var kheSanh = (await UnitStore.FindByCodeAsync(connection, null, "19429"))!;
        Assert.That(kheSanh.Name, Is.EqualTo("Xã Khe Sanh"));
        Assert.That(await UnitStore.FormerNamesAsync(connection, null, kheSanh.Id),
            Is.EqualTo(new[] { "Thị trấn Khe Sanh", "Xã Tân Hợp", "Xã Húc", "Xã Hướng Tân" }));
    }

    [Test]
    public void The_shipped_list_keeps_its_attribution_header()
    {
        Assert.That(DefaultUnits.Csv, Does.StartWith("# Tỉnh Quảng Trị after the 2025 reorganisation")
            .And.Contain("thanglequoc/vietnamese-provinces-database (MIT)"));
    }

    [Test]
    public async Task The_command_line_imports_a_file_into_the_configured_database_and_lists_refused_rows()
    {
        var database = NewDatabase();
        var file = Path.Combine(Path.GetDirectoryName(database)!, Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(file, DefaultUnits.Csv + "SAI,village,Thôn Sai,KHONGCO,\n");

        var run = await CommandRun.RunAsync("import-units", file, Connection(database));

        Assert.That(run.ExitCode, Is.EqualTo(2), "some rows were refused");
        Assert.That(run.Output, Does.Contain(": 79 added, 0 updated, 0 unchanged, 1 refused.")
            .And.Contain("line 85 (SAI): Không tìm thấy đơn vị cha “KHONGCO”."));
        await using var connection = new SqliteConnection($"Data Source={database}");
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT name FROM admin_units WHERE code = '19742'"), Is.EqualTo("Đặc khu Cồn Cỏ"));
    }

    [Test]
    public async Task A_missing_file_is_an_error_that_says_where_it_was_looked_for()
    {
        var run = await CommandRun.RunAsync("import-units", "/nonexistent/units.csv");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("File not found: /nonexistent/units.csv"));
    }

    private static string NewDatabase()
    {
        var database = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        return database;
    }

    private static string Connection(string database) => $"--ConnectionStrings:ZaloBot=Data Source={database}";
}
