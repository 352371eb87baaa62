using System.Data;
using Dapper;

namespace ZaloBot.Teams;

/// <summary>
/// The village unit a household lives in: the village of its commune whose name has the same village key as the
/// household's village text (<see cref="HouseholdKey.Village"/>: folded, without "thôn", "bản", "khu phố"…), so
/// "thon tan hoa", "Tân Hòa" and "Thôn Tân Hòa" are Thôn Tân Hòa. The rule is the household's own identity, so every
/// report of one household resolves alike; a text that names no village of the commune, or two, resolves to none and
/// is listed for an official to fix.
/// </summary>
public static class HouseholdVillages
{
    /// <summary>The village key of each village of the commune that only one of its villages has, with that village's id.</summary>
    public static Dictionary<string, long> OfCommune(IDbConnection connection, IDbTransaction? transaction, long communeId) =>
        connection.Query<(long Id, string Name)>(
                "SELECT id, name FROM admin_units WHERE parent_id = @CommuneId AND level = 'village'", new { CommuneId = communeId }, transaction)
            .GroupBy(v => HouseholdKey.Village(v.Name), StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Id, StringComparer.Ordinal);

    /// <summary>Resolves the village of every household again (after a unit import or a repair), commune by commune.</summary>
    public static async Task ResolveAllAsync(IDbConnection connection, IDbTransaction? transaction)
    {
        await connection.ExecuteAsync("UPDATE households SET village_unit_id = NULL WHERE village_unit_id IS NOT NULL", transaction: transaction);
        var communes = await connection.QueryAsync<long>("SELECT DISTINCT commune_unit_id FROM households", transaction: transaction);
        foreach (var communeId in communes.ToList())
        {
            foreach (var (key, villageId) in OfCommune(connection, transaction, communeId))
            {
                await connection.ExecuteAsync("""
                    UPDATE households SET village_unit_id = @VillageId
                    WHERE commune_unit_id = @CommuneId AND substr(household_key, instr(household_key, '|') + 1) = @Key
                    """, new { VillageId = villageId, CommuneId = communeId, Key = key }, transaction);
            }
        }
    }
}
