using ZaloBot.Messaging;
using ZaloBot.Sandbox;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Teams;

/// <summary>The residents table as other features read it: a resident's village, name and phone.</summary>
public sealed class ResidentStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    private static readonly Conversation R1 = Conversation.User(ChannelId.ZaloOa, "r1");
    private static readonly Conversation R2 = Conversation.User(ChannelId.ZaloOa, "r2");
    private static readonly Conversation R3 = Conversation.User(ChannelId.ZaloOa, "r3");

    private Db _db = null!;

    [SetUp]
    public async Task MigrateAndSeed()
    {
        _db = await MigratedDb.CreateAsync();
        await using var connection = await _db.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await SandboxSeed.SeedAsync(connection, transaction, Now);
        await transaction.CommitAsync();
    }

    [Test]
    public async Task A_village_is_remembered_and_replaced_and_a_unit_that_is_not_a_village_is_refused()
    {
        await using var connection = await _db.OpenAsync();
        var tanLap = (await UnitStore.FindByCodeAsync(connection, null, "DEMO-TANLAP-1"))!;
        var tanHoa = (await UnitStore.FindByCodeAsync(connection, null, "DEMO-TANLAP-2"))!;
        var commune = (await UnitStore.FindByCodeAsync(connection, null, "19462"))!;

        Assert.That(await ResidentStore.GetVillageAsync(connection, null, R1), Is.Null);
        Assert.That(await ResidentStore.SetVillageAsync(connection, null, R1, tanLap.Id, Now), Is.True);
        Assert.That((await ResidentStore.GetVillageAsync(connection, null, R1))?.Code, Is.EqualTo("DEMO-TANLAP-1"));
        Assert.That(await ResidentStore.SetVillageAsync(connection, null, R1, tanHoa.Id, Now.AddDays(1)), Is.True);
        Assert.That((await ResidentStore.GetVillageAsync(connection, null, R1))?.Code, Is.EqualTo("DEMO-TANLAP-2"));

        Assert.That(await ResidentStore.SetVillageAsync(connection, null, R2, commune.Id, Now), Is.False);
        Assert.That(await ResidentStore.FindAsync(connection, null, R2), Is.Null);
    }

    [Test]
    public async Task Contact_and_village_are_kept_apart_and_a_missing_part_keeps_what_was_there()
    {
        await using var connection = await _db.OpenAsync();
        var tanLap = (await UnitStore.FindByCodeAsync(connection, null, "DEMO-TANLAP-1"))!;

        await ResidentStore.SetContactAsync(connection, null, R3, "Lê Thị Hoa", "0912000111", Now);
        await ResidentStore.SetVillageAsync(connection, null, R3, tanLap.Id, Now.AddMinutes(1));
        await ResidentStore.SetContactAsync(connection, null, R3, null, "0977444555", Now.AddMinutes(2));

        var resident = (await ResidentStore.FindAsync(connection, null, R3))!;
        Assert.That((resident.Name, resident.Phone, resident.Village?.Name), Is.EqualTo(("Lê Thị Hoa", "0977444555", "Thôn Tân Lập")));
        Assert.That(resident.UpdatedAt, Is.EqualTo(Now.AddMinutes(2)));
    }

    [Test]
    public async Task The_same_id_on_the_oa_and_on_the_bot_is_two_residents()
    {
        await using var connection = await _db.OpenAsync();
        var tanLap = (await UnitStore.FindByCodeAsync(connection, null, "DEMO-TANLAP-1"))!;
        var onBot = Conversation.User(ChannelId.ZaloBot, "r1");

        await ResidentStore.SetVillageAsync(connection, null, onBot, tanLap.Id, Now);
        await ResidentStore.SetContactAsync(connection, null, onBot, "Bà Hoa", "0912000111", Now);

        Assert.That((await ResidentStore.FindAsync(connection, null, onBot))?.Village?.Code, Is.EqualTo("DEMO-TANLAP-1"));
        Assert.That(await ResidentStore.FindAsync(connection, null, R1), Is.Null, "the OA's r1 is someone else");
    }
}
