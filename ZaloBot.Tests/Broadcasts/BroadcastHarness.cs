using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Broadcasts;

/// <summary>
/// Drives announcements through the admin API of a <see cref="TestApp"/> and seeds the people they go to straight
/// into the database (the sample units and the demo team come with Sandbox mode).
/// </summary>
public static class BroadcastHarness
{
    public const string ProvinceKey = "test-province-key-0123456789";
    public const string OfficerKey = "test-officer-key-tan-lap-0123";
    public const string OfficerName = "Cán bộ xã Tân Lập";

    /// <summary>A plain key (province admin) and an officer key for Xã Tân Lập.</summary>
    public static Dictionary<string, string?> Settings(int sendsPerSecond = 1000) => new()
    {
        ["Admin:ApiKeys:0"] = ProvinceKey,
        ["Admin:Keys:0:Key"] = OfficerKey,
        ["Admin:Keys:0:Name"] = OfficerName,
        ["Admin:Keys:0:Role"] = "officer",
        ["Admin:Keys:0:UnitCode"] = "19462",
        ["Zalo:Client:SendsPerSecond"] = sendsPerSecond.ToString(CultureInfo.InvariantCulture),
    };

    public static HttpClient Client(this TestApp app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Residents who follow the OA, last heard from <paramref name="interactedAgo"/> before <paramref name="now"/>.</summary>
    public static async Task<IReadOnlyList<string>> SeedResidentsAsync(
        TestApp app, string prefix, int count, string? villageCode, DateTimeOffset now, TimeSpan interactedAgo)
    {
        var ids = Enumerable.Range(0, count).Select(i => prefix + i.ToString("D5", CultureInfo.InvariantCulture)).ToList();
        await using var db = await app.OpenDatabaseAsync();
        await using var transaction = await db.BeginTransactionAsync();
        var at = (now - interactedAgo).ToUnixTimeMilliseconds();
        await db.ExecuteAsync("""
            INSERT INTO oa_contacts (zalo_user_id, is_follower, followed_at, last_interaction_at, first_seen_at, updated_at)
            VALUES (@Id, 1, @At, @At, @At, @At);
            INSERT INTO residents (zalo_user_id, village_unit_id, updated_at)
            VALUES (@Id, (SELECT id FROM admin_units WHERE code = @Village), @At);
            """, ids.Select(id => new { Id = id, At = at, Village = villageCode }), transaction);
        await transaction.CommitAsync();
        return ids;
    }

    /// <summary>Adds an active member to the team of a unit; <paramref name="interactedAgo"/> null means never wrote to the OA 1:1.</summary>
    public static async Task SeedMemberAsync(TestApp app, string unitCode, string userId, string name, DateTimeOffset now, TimeSpan? interactedAgo)
    {
        await using var db = await app.OpenDatabaseAsync();
        var ms = now.ToUnixTimeMilliseconds();
        // The unit's team, made here (unbound) when the unit has none yet.
        await db.ExecuteAsync("""
            INSERT OR IGNORE INTO teams (unit_id, level, name, leader_phone, bind_code, created_at)
            SELECT id, level, 'Tổ ' || name, '0905000000', 'T' || id || 'X', @Now FROM admin_units WHERE code = @UnitCode
            """, new { UnitCode = unitCode, Now = ms });
        await db.ExecuteAsync("""
            INSERT INTO team_members (team_id, zalo_user_id, full_name, name_key, phone, role, joined_at)
            VALUES ((SELECT t.id FROM teams t JOIN admin_units u ON u.id = t.unit_id WHERE u.code = @UnitCode), @UserId, @Name, @Name,
                    COALESCE((SELECT phone FROM team_members WHERE zalo_user_id = @UserId LIMIT 1), '09' || substr('00000000' || abs(random() % 100000000), -8)),
                    'member', @Now);
            INSERT INTO member_identities (member_id, via, user_id) VALUES (last_insert_rowid(), 'zalo_oa', @UserId);
            """, new { UnitCode = unitCode, UserId = userId, Name = name, Now = ms });
        if (interactedAgo is { } ago)
        {
            var at = (now - ago).ToUnixTimeMilliseconds();
            await db.ExecuteAsync("""
                INSERT INTO oa_contacts (zalo_user_id, is_follower, last_interaction_at, first_seen_at, updated_at) VALUES (@UserId, 0, @At, @At, @At)
                """, new { UserId = userId, At = at });
        }
    }

    public static async Task<JsonElement> CreateAsync(HttpClient admin, object request)
    {
        using var response = await admin.PostAsJsonAsync("/admin/api/broadcasts", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> PostAsync(HttpClient admin, long id, string action, object? body = null)
    {
        using var response = await admin.PostAsJsonAsync($"/admin/api/broadcasts/{id}/{action}", body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> StatusAsync(HttpClient admin, long id) =>
        await admin.GetFromJsonAsync<JsonElement>($"/admin/api/broadcasts/{id}");

    public static long Total(this JsonElement status, string name) => status.GetProperty("totals").GetProperty(name).GetInt64();

    public static async Task<JsonElement> UntilStatusAsync(HttpClient admin, long id, string wanted, int timeoutSeconds = 60)
    {
        JsonElement status = default;
        await Eventually.UntilAsync(async () => (status = await StatusAsync(admin, id)).GetProperty("status").GetString() == wanted,
            $"broadcast {id} is {wanted}", timeoutSeconds);
        return status;
    }

    /// <summary>The OA's messages shown in 1:1 chats whose text starts with <paramref name="title"/>.</summary>
    public static List<EmulatedMessage> Shown(ZaloEmulatorState emulator, string title) =>
        emulator.Messages.Where(m => m.FromOa && (m.Text ?? "").StartsWith(title, StringComparison.Ordinal)).ToList();
}
