using System.Data;
using Dapper;
using ZaloBot.Messaging;

namespace ZaloBot.Teams;

/// <summary>
/// What the bot remembers about a resident: the village they confirmed, and the name and phone they chose to share.
/// <see cref="Phone"/> is the national form; show it with <see cref="PhoneNumber.Mask"/>.
/// </summary>
public sealed record Resident(string ZaloUserId, AdminUnit? Village, string? Name, string? Phone, DateTimeOffset UpdatedAt);

/// <summary>
/// The <c>residents</c> table. It sits with the registry rather than in Handoff because more than one feature
/// reads it: Handoff learns residents' villages, announcements address residents by village. Every method runs
/// on the caller's connection and transaction.
/// </summary>
public static class ResidentStore
{
    private sealed record Row(string ZaloUserId, long? VillageUnitId, string? Name, string? Phone, long UpdatedAt);

    public static async Task<Resident?> FindAsync(IDbConnection connection, IDbTransaction? transaction, Conversation resident)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>("""
            SELECT zalo_user_id AS ZaloUserId, village_unit_id AS VillageUnitId, name AS Name, phone AS Phone, updated_at AS UpdatedAt
            FROM residents WHERE via = @Via AND zalo_user_id = @UserId
            """, Key(resident), transaction);
        if (row is null)
        {
            return null;
        }

        var village = row.VillageUnitId is { } id ? await UnitStore.FindAsync(connection, transaction, id) : null;
        return new Resident(row.ZaloUserId, village, row.Name, row.Phone, DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));
    }

    /// <summary>The village the resident last confirmed, or null when they never did.</summary>
    public static async Task<AdminUnit?> GetVillageAsync(IDbConnection connection, IDbTransaction? transaction, Conversation resident)
    {
        var id = await connection.ExecuteScalarAsync<long?>(
            "SELECT village_unit_id FROM residents WHERE via = @Via AND zalo_user_id = @UserId", Key(resident), transaction);
        return id is { } unitId ? await UnitStore.FindAsync(connection, transaction, unitId) : null;
    }

    /// <summary>Remembers the resident's village; false (and nothing stored) when the unit is not a village.</summary>
    public static async Task<bool> SetVillageAsync(
        IDbConnection connection, IDbTransaction? transaction, Conversation resident, long villageUnitId, DateTimeOffset now)
    {
        var isVillage = await connection.ExecuteScalarAsync<long>(
            "SELECT EXISTS (SELECT 1 FROM admin_units WHERE id = @Id AND level = 'village')", new { Id = villageUnitId }, transaction) == 1;
        if (!isVillage)
        {
            return false;
        }

        await connection.ExecuteAsync("""
            INSERT INTO residents (via, zalo_user_id, village_unit_id, updated_at) VALUES (@Via, @UserId, @VillageId, @Now)
            ON CONFLICT (via, zalo_user_id) DO UPDATE SET village_unit_id = excluded.village_unit_id, updated_at = excluded.updated_at
            """, new { Via = resident.Channel.Code(), UserId = resident.Id, VillageId = villageUnitId, Now = now.ToUnixTimeMilliseconds() }, transaction);
        return true;
    }

    /// <summary>
    /// Stores what the resident shared. A null keeps what was there, so sharing only a name does not forget a phone.
    /// <paramref name="phone"/> must already be in national form (<see cref="PhoneNumber.Normalize"/>).
    /// </summary>
    public static Task SetContactAsync(
        IDbConnection connection, IDbTransaction? transaction, Conversation resident, string? name, string? phone, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            INSERT INTO residents (via, zalo_user_id, name, phone, updated_at) VALUES (@Via, @UserId, @Name, @Phone, @Now)
            ON CONFLICT (via, zalo_user_id) DO UPDATE SET
                name = COALESCE(excluded.name, residents.name), phone = COALESCE(excluded.phone, residents.phone),
                updated_at = excluded.updated_at
            """, new { Via = resident.Channel.Code(), UserId = resident.Id, Name = name, Phone = phone, Now = now.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>A resident's row is theirs on one channel: the OA and the bot give one person different ids.</summary>
    private static object Key(Conversation resident) => new { Via = resident.Channel.Code(), UserId = resident.Id };
}
