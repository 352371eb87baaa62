using System.Data;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.Sandbox;

/// <summary>
/// What Sandbox mode loads at start so the commands work in the simulator at once: the province's real communes
/// (<see cref="DefaultUnits"/>), a few made-up villages under three of them (Teams/Sample/demo-villages.csv,
/// clearly not official), and one village team already bound to a demo group. Running it again changes nothing.
/// </summary>
public static class SandboxSeed
{
    public const string DemoGroupId = "demo-group-tan-lap";
    /// <summary>Thôn Tân Lập (demo) of the real Xã Tân Lập: the demo team's village.</summary>
    public const string DemoUnitCode = "DEMO-TANLAP-1";
    public const string DemoBindCode = "TANLAP";

    /// <summary>The demo team's leader phone: whoever registers with it becomes tổ trưởng (it is the help's example number).</summary>
    public const string DemoLeaderPhone = "0912345678";

    public const string DemoTeamName = "Tổ CNSCĐ Thôn Tân Lập (demo)";

    /// <summary>The groups the simulator page lists.</summary>
    public static IReadOnlyList<SandboxGroup> DemoGroups { get; } = [new(DemoGroupId, DemoTeamName)];

    /// <summary>The demo villages file, as shipped in the assembly.</summary>
    public static string DemoVillagesCsv { get; } = DefaultUnits.ReadEmbedded("ZaloBot.Teams.Sample.demo-villages.csv");

    public static async Task SeedAsync(IDbConnection connection, IDbTransaction transaction, DateTimeOffset now)
    {
        foreach (var (file, csv) in new[] { (DefaultUnits.FileName, DefaultUnits.Csv), ("demo-villages.csv", DemoVillagesCsv) })
        {
            var imported = await UnitImporter.ImportCsvAsync(connection, transaction, csv, now);
            if (imported.HasErrors)
            {
                throw new InvalidOperationException($"{file} has errors: " + string.Join("; ", imported.Errors.Select(e => $"line {e.Line}: {e.Message}")));
            }
        }

        var unit = (await UnitStore.FindByCodeAsync(connection, transaction, DemoUnitCode))!;
        var team = await TeamStore.FindByUnitAsync(connection, transaction, unit.Id);
        if (team is null)
        {
            var id = await TeamStore.CreateAsync(connection, transaction, unit.Id, TeamLevel.Village, DemoTeamName, DemoLeaderPhone, DemoBindCode, now);
            team = (await TeamStore.FindAsync(connection, transaction, id))!;
        }

        if (team.GroupId is null)
        {
            await TeamStore.BindAsync(connection, transaction, team.Id, Conversation.Group(ChannelId.ZaloOa, DemoGroupId), "sandbox-seed", now);
        }
    }
}

/// <summary>Runs <see cref="SandboxSeed"/> at start (Sandbox mode registers it), after the migrations.</summary>
internal sealed partial class SandboxSeeder(Db db, TimeProvider clock, SandboxGroups groups, ILogger<SandboxSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await SandboxSeed.SeedAsync(connection, transaction, clock.GetUtcNow());
        await transaction.CommitAsync(cancellationToken);

        // The simulator page lists these groups, so a newcomer can act as a member of the demo team.
        foreach (var group in SandboxSeed.DemoGroups)
        {
            groups.Add(group);
        }

        LogSeeded(SandboxSeed.DemoGroupId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox: the province's communes and the demo villages loaded; demo team bound to group {GroupId}")]
    private partial void LogSeeded(string groupId);
}
