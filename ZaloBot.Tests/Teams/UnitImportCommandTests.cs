using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Teams;

public sealed class UnitImportCommandTests
{
    [Test]
    public async Task The_command_line_imports_a_file_into_the_configured_database_and_lists_refused_rows()
    {
        var database = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var file = Path.Combine(Path.GetDirectoryName(database)!, Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(file, SandboxSeed.SampleUnitsCsv + "MAU-SAI,village,Thôn Sai,MAU-KHONGCO\n");
        using var output = new StringWriter();

        var exitCode = await UnitImportCommand.RunAsync(
            [UnitImportCommand.Command, file, $"--ConnectionStrings:ZaloBot=Data Source={database}"], output);

        Assert.That(exitCode, Is.EqualTo(2), "some rows were refused");
        Assert.That(output.ToString(), Does.Contain(": 15 added, 0 updated, 0 unchanged, 1 refused.")
            .And.Contain("line 21 (MAU-SAI): Không tìm thấy đơn vị cha “MAU-KHONGCO”."));
        await using var connection = new SqliteConnection($"Data Source={database}");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM admin_units WHERE level = 'village'"), Is.EqualTo(8));
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT name FROM admin_units WHERE code = 'MAU-CONCO'"), Is.EqualTo("Đặc khu Cồn Cỏ"));
    }

    [Test]
    public async Task A_missing_file_is_an_error()
    {
        using var output = new StringWriter();
        Assert.That(await UnitImportCommand.RunAsync([UnitImportCommand.Command, "/nonexistent/units.csv"], output), Is.EqualTo(1));
        Assert.That(await UnitImportCommand.RunAsync([UnitImportCommand.Command], output), Is.EqualTo(1));
    }
}
