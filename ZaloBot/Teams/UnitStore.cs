using System.Data;
using Dapper;

namespace ZaloBot.Teams;

public enum UpsertOutcome
{
    Added,
    Updated,
    Unchanged,
}

/// <summary>The <c>admin_units</c> table. Every method runs on the caller's connection and transaction.</summary>
public static class UnitStore
{
    private const string Select = """
        SELECT u.id AS Id, u.code AS Code, u.level AS Level, u.name AS Name, u.parent_id AS ParentId, p.code AS ParentCode
        FROM admin_units u LEFT JOIN admin_units p ON p.id = u.parent_id
        """;

    private sealed record Row(long Id, string Code, string Level, string Name, long? ParentId, string? ParentCode)
    {
        public AdminUnit AsUnit() => new(Id, Code, UnitLevels.FromCode(Level), Name, ParentId, ParentCode);
    }

    public static async Task<AdminUnit?> FindByCodeAsync(IDbConnection connection, IDbTransaction? transaction, string code)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE u.code = @Code", new { Code = code }, transaction);
        return row?.AsUnit();
    }

    public static async Task<AdminUnit?> FindAsync(IDbConnection connection, IDbTransaction? transaction, long id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE u.id = @Id", new { Id = id }, transaction);
        return row?.AsUnit();
    }

    /// <summary>Units filtered by level and parent, and to the given ids unless those are null, in tree order of their codes.</summary>
    public static async Task<IReadOnlyList<AdminUnit>> ListAsync(
        IDbConnection connection, UnitLevel? level, string? parentCode, IReadOnlyList<long>? within, int limit, int offset)
    {
        var rows = await connection.QueryAsync<Row>(Select + """
             WHERE (@Level IS NULL OR u.level = @Level) AND (@ParentCode IS NULL OR p.code = @ParentCode)
               AND (@Everywhere OR u.id IN @Within)
             ORDER BY u.code
             LIMIT @Limit OFFSET @Offset
            """, new { Level = level?.Code(), ParentCode = parentCode, Everywhere = within is null, Within = within ?? [], Limit = limit, Offset = offset });
        return rows.Select(r => r.AsUnit()).ToList();
    }

    /// <summary>Adds a unit, or updates the name and parent of the unit with that code.</summary>
    public static async Task<UpsertOutcome> UpsertAsync(
        IDbConnection connection, IDbTransaction? transaction, string code, UnitLevel level, string name, long? parentId, DateTimeOffset now)
    {
        var existing = await connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM admin_units WHERE code = @Code", new { Code = code }, transaction);
        var parameters = new { Code = code, Level = level.Code(), Name = name, ParentId = parentId, Now = now.ToUnixTimeMilliseconds() };
        if (existing is null)
        {
            await connection.ExecuteAsync("""
                INSERT INTO admin_units (code, level, name, parent_id, created_at, updated_at)
                VALUES (@Code, @Level, @Name, @ParentId, @Now, @Now)
                """, parameters, transaction);
            return UpsertOutcome.Added;
        }

        var changed = await connection.ExecuteAsync("""
            UPDATE admin_units SET level = @Level, name = @Name, parent_id = @ParentId, updated_at = @Now
            WHERE code = @Code AND (level <> @Level OR name <> @Name OR parent_id IS NOT @ParentId)
            """, parameters, transaction);
        return changed == 1 ? UpsertOutcome.Updated : UpsertOutcome.Unchanged;
    }

    /// <summary>The names the unit was known by before, in the order they were given.</summary>
    public static async Task<IReadOnlyList<string>> FormerNamesAsync(IDbConnection connection, IDbTransaction? transaction, long unitId) =>
        (await connection.QueryAsync<string>(
            "SELECT name FROM admin_unit_former_names WHERE unit_id = @UnitId ORDER BY position", new { UnitId = unitId }, transaction)).AsList();

    /// <summary>Every unit's former names, keyed by unit id, for matching what residents type.</summary>
    public static async Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> AllFormerNamesAsync(IDbConnection connection, IDbTransaction? transaction) =>
        (await connection.QueryAsync<(long UnitId, string Name)>(
            "SELECT unit_id, name FROM admin_unit_former_names ORDER BY unit_id, position", transaction: transaction))
        .GroupBy(r => r.UnitId)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Name).ToList());

    /// <summary>Replaces the unit's former names; false when they were already exactly these.</summary>
    public static async Task<bool> SetFormerNamesAsync(IDbConnection connection, IDbTransaction? transaction, long unitId, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if ((await FormerNamesAsync(connection, transaction, unitId)).SequenceEqual(names, StringComparer.Ordinal))
        {
            return false;
        }

        await connection.ExecuteAsync("DELETE FROM admin_unit_former_names WHERE unit_id = @UnitId", new { UnitId = unitId }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO admin_unit_former_names (unit_id, position, name) VALUES (@UnitId, @Position, @Name)",
            names.Select((name, position) => new { UnitId = unitId, Position = position, Name = name }), transaction);
        return true;
    }

    /// <summary>True when some unit has this one as parent; a unit with children keeps its level.</summary>
    public static async Task<bool> HasChildrenAsync(IDbConnection connection, IDbTransaction? transaction, long id) =>
        await connection.ExecuteScalarAsync<long>(
            "SELECT EXISTS (SELECT 1 FROM admin_units WHERE parent_id = @Id)", new { Id = id }, transaction) == 1;
}
