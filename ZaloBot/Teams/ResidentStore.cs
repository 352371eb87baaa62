using System.Data;
using Dapper;

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

    public static async Task<Resident?> FindAsync(IDbConnection connection, IDbTransaction? transaction, string zaloUserId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>("""
            SELECT zalo_user_id AS ZaloUserId, village_unit_id AS VillageUnitId, name AS Name, phone AS Phone, updated_at AS UpdatedAt
            FROM residents WHERE zalo_user_id = @UserId
            """, new { UserId = zaloUserId }, transaction);
        if (row is null)
        {
            return null;
        }

        var village = row.VillageUnitId is { } id ? await UnitStore.FindAsync(connection, transaction, id) : null;
        return new Resident(row.ZaloUserId, village, row.Name, row.Phone, DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));
    }

    /// <summary>The village the resident last confirmed, or null when they never did.</summary>
    public static async Task<AdminUnit?> GetVillageAsync(IDbConnection connection, IDbTransaction? transaction, string zaloUserId)
    {
        var id = await connection.ExecuteScalarAsync<long?>(
            "SELECT village_unit_id FROM residents WHERE zalo_user_id = @UserId", new { UserId = zaloUserId }, transaction);
        return id is { } unitId ? await UnitStore.FindAsync(connection, transaction, unitId) : null;
    }

    /// <summary>Remembers the resident's village; false (and nothing stored) when the unit is not a village.</summary>
    public static async Task<bool> SetVillageAsync(
        IDbConnection connection, IDbTransaction? transaction, string zaloUserId, long villageUnitId, DateTimeOffset now)
    {
        var isVillage = await connection.ExecuteScalarAsync<long>(
            "SELECT EXISTS (SELECT 1 FROM admin_units WHERE id = @Id AND level = 'village')", new { Id = villageUnitId }, transaction) == 1;
        if (!isVillage)
        {
            return false;
        }

        await connection.ExecuteAsync("""
            INSERT INTO residents (zalo_user_id, village_unit_id, updated_at) VALUES (@UserId, @VillageId, @Now)
            ON CONFLICT (zalo_user_id) DO UPDATE SET village_unit_id = excluded.village_unit_id, updated_at = excluded.updated_at
            """, new { UserId = zaloUserId, VillageId = villageUnitId, Now = now.ToUnixTimeMilliseconds() }, transaction);
        return true;
    }

    /// <summary>
    /// Stores what the resident shared. A null keeps what was there, so sharing only a name does not forget a phone.
    /// <paramref name="phone"/> must already be in national form (<see cref="PhoneNumber.Normalize"/>).
    /// </summary>
    public static Task SetContactAsync(
        IDbConnection connection, IDbTransaction? transaction, string zaloUserId, string? name, string? phone, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            INSERT INTO residents (zalo_user_id, name, phone, updated_at) VALUES (@UserId, @Name, @Phone, @Now)
            ON CONFLICT (zalo_user_id) DO UPDATE SET
                name = COALESCE(excluded.name, residents.name), phone = COALESCE(excluded.phone, residents.phone),
                updated_at = excluded.updated_at
            """, new { UserId = zaloUserId, Name = name, Phone = phone, Now = now.ToUnixTimeMilliseconds() }, transaction);
}
