using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.AdminAuth;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.PastReports;

/// <summary>
/// <c>ZaloBot seed-demo --assists N</c>: a province-size data set for trying the console. It imports the province's
/// real 78 commune-level units (<c>Teams/Data/quang-tri-units-2025.csv</c>), makes 14 demo villages under each
/// (<c>…-DM01</c>, "Thôn 1"…), a team for every commune and village with 6 members, and N reports written as a
/// spreadsheet and imported through the same path as an official's upload. Made-up people, households and phones
/// throughout; the same N gives the same rows, so running it again adds nothing. It refuses a database that holds
/// teams of its own (other than the Sandbox's sample team and an earlier demo), so it never mixes into real data.
/// </summary>
public static class DemoDataCommand
{
    public const string Command = "seed-demo";

    public const int VillagesPerCommune = 14;
    public const int MembersPerTeam = 6;

    /// <summary>Bind codes of the demo's teams start so: how a second run knows its own teams.</summary>
    public const string BindPrefix = "DEMO";

    /// <summary>The province's unit list, as shipped (the attribution header stays with it).</summary>
    public static string ProvinceUnitsCsv { get; } = ReadEmbedded("ZaloBot.Teams.Data.quang-tri-units-2025.csv");

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Hà", "Trương"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quang", "Ngọc"];

    private static readonly string[] GivenNames =
    [
        "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
        "Tuấn", "Vy", "Hoa", "Hương", "Khánh", "Lộc", "Nhân", "Phúc", "Tài", "Thành", "Trí", "Yến",
    ];

    /// <summary>What teams write in the categories column, as often as they help with it; some without diacritics.</summary>
    private static readonly string[] CategoryCells =
    [
        "VNeID", "VNeID", "VNeID; thanh toán điện tử", "dich vu cong", "Dịch vụ công trực tuyến; VNeID", "thanh toan dien tu",
        "Thương mại điện tử", "Y tế", "Giáo dục", "Kỹ năng số", "kỹ năng số; y tế", "Khác",
    ];

    /// <summary>Seeds <paramref name="assists"/> reports into the database <paramref name="settings"/> configure.</summary>
    public static async Task<int> RunAsync(int assists, string[] settings, TextWriter output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(assists, 1);
        ArgumentNullException.ThrowIfNull(output);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        builder.AddStorage();
        using var host = builder.Build();
        await host.MigrateDatabaseAsync();
        var db = host.Services.GetRequiredService<Db>();
        var watch = Stopwatch.StartNew();
        var (teams, refusal) = await SeedTeamsAsync(db, DateTimeOffset.UtcNow);
        if (refusal is not null)
        {
            await output.WriteLineAsync(refusal);
            return 2;
        }

        await output.WriteLineAsync($"{teams.Count:N0} teams with {teams.Count * MembersPerTeam:N0} members ready in {watch.Elapsed.TotalSeconds:0.0} s; writing {assists:N0} reports…");
        var path = Path.Combine(Path.GetTempPath(), $"zalobot-demo-{Guid.NewGuid():N}.csv");
        try
        {
            await WriteReportsAsync(path, teams, assists, VietnamTime.Today(DateTimeOffset.UtcNow));
            var import = await ImportAsync(db, path);
            await output.WriteLineAsync(
                $"Imported {import.Added:N0} reports ({import.Duplicates:N0} already there, {import.Refused:N0} refused) in "
                + $"{(import.FinishedAt!.Value - import.StartedAt!.Value).TotalSeconds:0.0} s, {import.RowsPerSecond(import.FinishedAt.Value):N0} rows/s.");
            return import is { Status: AssistImportStatus.Done, Refused: 0 } ? 0 : 2;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A demo team: its unit's code, its village's name and its members' phones.</summary>
    public sealed record DemoTeam(string UnitCode, string Place, IReadOnlyList<string> Phones, IReadOnlyList<string> Villages);

    /// <summary>The units, teams and members; or why this database is refused.</summary>
    public static async Task<(IReadOnlyList<DemoTeam> Teams, string? Refusal)> SeedTeamsAsync(Db db, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var others = await connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM teams t JOIN admin_units u ON u.id = t.unit_id
            WHERE t.bind_code NOT LIKE @Demo AND u.code NOT LIKE 'MAU-%'
            """, new { Demo = BindPrefix + "%" }, transaction);
        if (others > 0)
        {
            return ([], $"Refused: this database holds {others} team(s) of its own. The demo data goes only into Sandbox or a fresh database.");
        }

        var imported = await UnitImporter.ImportCsvAsync(connection, transaction, ProvinceUnitsCsv, now);
        if (imported.HasErrors)
        {
            throw new InvalidOperationException("The province's unit list has errors: " + string.Join("; ", imported.Errors.Select(e => $"line {e.Line}: {e.Message}")));
        }

        var communes = (await connection.QueryAsync<(string Code, string Name)>(
            "SELECT code, name FROM admin_units WHERE level = 'commune' AND parent_id = (SELECT id FROM admin_units WHERE code = '44') ORDER BY code",
            transaction: transaction)).ToList();
        var villages = communes.SelectMany(c => Enumerable.Range(1, VillagesPerCommune).Select(n => (Line: 0, Input: new UnitInput(
            $"{c.Code}-DM{n:00}", "village", $"Thôn {n}", c.Code)))).ToList();
        await UnitImporter.ImportAsync(connection, transaction, villages, now);

        var teams = new List<DemoTeam>();
        var index = 0;
        foreach (var (code, name) in communes)
        {
            var places = Enumerable.Range(1, VillagesPerCommune).Select(n => $"Thôn {n}").ToList();
            teams.Add(await TeamAsync(connection, transaction, code, TeamLevel.Commune, $"Tổ CNS {name}", name, places, index++, now));
            for (var n = 1; n <= VillagesPerCommune; n++)
            {
                teams.Add(await TeamAsync(connection, transaction, $"{code}-DM{n:00}", TeamLevel.Village, $"Tổ CNSCĐ Thôn {n}, {name}", $"Thôn {n}", [$"Thôn {n}"], index++, now));
            }
        }

        await transaction.CommitAsync();
        return (teams, null);
    }

    private static async Task<DemoTeam> TeamAsync(
        SqliteConnection connection, SqliteTransaction transaction, string unitCode, TeamLevel level, string name, string place, IReadOnlyList<string> villages,
        int index, DateTimeOffset now)
    {
        var phones = Enumerable.Range(0, MembersPerTeam).Select(m => string.Create(CultureInfo.InvariantCulture, $"091{index:0000}{m:00}0")).ToList();
        var unit = (await UnitStore.FindByCodeAsync(connection, transaction, unitCode))!;
        if (await TeamStore.FindByUnitAsync(connection, transaction, unit.Id) is null)
        {
            var id = await TeamStore.CreateAsync(connection, transaction, unit.Id, level, name, phones[0], string.Create(CultureInfo.InvariantCulture, $"{BindPrefix}{index:0000}"), now);
            for (var m = 0; m < MembersPerTeam; m++)
            {
                var memberName = $"{FamilyNames[(index + m) % FamilyNames.Length]} {MiddleNames[m % MiddleNames.Length]} {GivenNames[(index * 7 + m) % GivenNames.Length]}";
                await MemberStore.AddAsync(connection, transaction, id, ChannelId.ZaloOa, $"demo-{index}-{m}", memberName, phones[m],
                    m == 0 ? MemberRole.Leader : m == 1 ? MemberRole.Deputy : MemberRole.Member, now);
            }
        }

        return new DemoTeam(unitCode, place, phones, villages);
    }

    /// <summary>
    /// The reports as an official's spreadsheet would have them: spread over the teams and the last two years, about
    /// three reports for every two households, a member named on nine in ten.
    /// </summary>
    public static async Task WriteReportsAsync(string path, IReadOnlyList<DemoTeam> teams, int count, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var random = new Random(count);
        var householdsPerTeam = Math.Max(1, count * 2 / 3 / teams.Count);
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
        await writer.WriteLineAsync(AssistImportRows.Header);
        for (var i = 0; i < count; i++)
        {
            var team = teams[random.Next(teams.Count)];
            var household = random.Next(householdsPerTeam);
            var head = $"{FamilyNames[household % FamilyNames.Length]} {MiddleNames[household / FamilyNames.Length % MiddleNames.Length]} "
                + GivenNames[household / (FamilyNames.Length * MiddleNames.Length) % GivenNames.Length];
            var village = team.Villages[household % team.Villages.Count];
            var day = today.AddDays(-1 - random.Next(730));
            var date = i % 2 == 0 ? VietnamTime.ToIso(day) : VietnamTime.ToDisplay(day);
            var phone = random.Next(10) == 0 ? "" : team.Phones[random.Next(team.Phones.Count)];
            var categories = CategoryCells[random.Next(CategoryCells.Length)];
            await writer.WriteLineAsync($"{team.UnitCode},{date},{head},{village},{categories},{phone},\"Báo cáo giấy, phiếu {i + 1}\"");
        }
    }

    private static async Task<AssistImport> ImportAsync(Db db, string path)
    {
        var owner = new Officer("", new AdminKey(Command, AdminRole.Province, null));
        await using var connection = await db.OpenAsync();
        long id;
        using (await db.TakeWriteTurnAsync())
        {
            id = await AssistImportStore.CreateAsync(connection, Path.GetFileName(path), TableFormat.Csv, owner, new FileInfo(path).Length, DateTimeOffset.UtcNow);
        }

        await new AssistImporter(db, TimeProvider.System).RunAsync(id, path, TableFormat.Csv, owner.Scope, CancellationToken.None);
        return (await AssistImportStore.FindAsync(connection, id))!;
    }

    private static string ReadEmbedded(string name)
    {
        using var stream = typeof(DemoDataCommand).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
