using System.Data;
using Dapper;
using ZaloBot.Text;

namespace ZaloBot.AdminAuth;

/// <summary>
/// What an admin caller may reach: everything (a province admin), or one commune-level unit and the units under it
/// (an officer). The queries here are the only place that decides whether a unit, team, member or announcement is
/// inside a scope; the reports narrow their rows with the same <see cref="UnitsCte"/>. An officer whose key names a
/// code that is not a commune-level unit holds nothing at all, rather than whatever lies under that code.
/// </summary>
public sealed record OfficerScope
{
    /// <summary>
    /// <c>officer_units</c>: the ids of the units in scope. Needs the parameters of <see cref="Parameters"/>
    /// (<c>@Everything</c>, <c>@ScopeCodes</c>); starts a <c>WITH RECURSIVE</c> list.
    /// </summary>
    public const string UnitsCte = """
        officer_units (id) AS (
            SELECT id FROM admin_units WHERE @Everything OR (code IN @ScopeCodes AND level = 'commune')
            UNION
            SELECT a.id FROM admin_units a JOIN officer_units o ON a.parent_id = o.id
        )
        """;

    private OfficerScope(string? communeCode) => CommuneCode = communeCode;

    /// <summary>Every unit.</summary>
    public static OfficerScope Everything { get; } = new((string?)null);

    /// <summary>The officer's commune-level unit code; null means every unit.</summary>
    public string? CommuneCode { get; }

    public bool IsEverything => CommuneCode is null;

    /// <summary>The scope roots' codes for <see cref="UnitsCte"/>; null means every unit.</summary>
    public IReadOnlyList<string>? UnitCodes => CommuneCode is null ? null : [CommuneCode];

    /// <summary>One commune-level unit and the units under it.</summary>
    public static OfficerScope Commune(string code) => new(code ?? "");

    /// <summary>The scope of a key: everything for a province admin, else the officer's commune (none when the key names none).</summary>
    public static OfficerScope For(AdminRole role, string? unitCode) =>
        role == AdminRole.Province ? Everything : Commune(UnitCode.Normalize(unitCode) ?? "");

    /// <summary>The parameters <see cref="UnitsCte"/> reads.</summary>
    public object Parameters => new { Everything = IsEverything, ScopeCodes = UnitCodes ?? [] };

    /// <summary>The ids of the units in scope; null means every unit.</summary>
    public async Task<IReadOnlyList<long>?> UnitIdsAsync(IDbConnection connection) =>
        IsEverything ? null : (await connection.QueryAsync<long>("WITH RECURSIVE " + UnitsCte + " SELECT id FROM officer_units", Parameters)).ToList();

    /// <summary>The ids of the teams in scope; null means every team.</summary>
    public async Task<IReadOnlyList<long>?> TeamIdsAsync(IDbConnection connection) =>
        IsEverything
            ? null
            : (await connection.QueryAsync<long>(
                "WITH RECURSIVE " + UnitsCte + " SELECT id FROM teams WHERE unit_id IN (SELECT id FROM officer_units)", Parameters)).ToList();

    public Task<bool> HoldsUnitAsync(IDbConnection connection, long unitId) =>
        HoldsAsync(connection, "SELECT @Id IN (SELECT id FROM officer_units)", unitId);

    /// <summary>True when some unit, in scope or not, has this code.</summary>
    public static async Task<bool> UnitExistsAsync(IDbConnection connection, string unitCode) =>
        await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM admin_units WHERE code = @Code)", new { Code = UnitCode.Normalize(unitCode) });

    /// <summary>True when a unit with this code exists and is in scope (for an officer, a code that names nothing is outside).</summary>
    public async Task<bool> HoldsUnitCodeAsync(IDbConnection connection, string unitCode) =>
        IsEverything || await connection.ExecuteScalarAsync<bool>(
            "WITH RECURSIVE " + UnitsCte + " SELECT EXISTS (SELECT 1 FROM admin_units WHERE code = @Code AND id IN (SELECT id FROM officer_units))",
            With("Code", UnitCode.Normalize(unitCode)));

    public Task<bool> HoldsTeamAsync(IDbConnection connection, long teamId) =>
        HoldsAsync(connection, "SELECT EXISTS (SELECT 1 FROM teams WHERE id = @Id AND unit_id IN (SELECT id FROM officer_units))", teamId);

    public Task<bool> HoldsMemberAsync(IDbConnection connection, long memberId) =>
        HoldsAsync(connection, """
            SELECT EXISTS (SELECT 1 FROM team_members m JOIN teams t ON t.id = m.team_id
                           WHERE m.id = @Id AND t.unit_id IN (SELECT id FROM officer_units))
            """, memberId);

    /// <summary>
    /// An announcement is an officer's when it is addressed to units and every one of them is in scope; one addressed
    /// to the whole province (no units) is a province admin's only.
    /// </summary>
    public Task<bool> HoldsBroadcastAsync(IDbConnection connection, long broadcastId) =>
        HoldsAsync(connection, """
            SELECT EXISTS (SELECT 1 FROM broadcast_units WHERE broadcast_id = @Id)
               AND NOT EXISTS (SELECT 1 FROM broadcast_units WHERE broadcast_id = @Id AND unit_id NOT IN (SELECT id FROM officer_units))
            """, broadcastId);

    private DynamicParameters With(string name, object? value)
    {
        var parameters = new DynamicParameters(Parameters);
        parameters.Add(name, value);
        return parameters;
    }

    private async Task<bool> HoldsAsync(IDbConnection connection, string select, long id) =>
        IsEverything || await connection.ExecuteScalarAsync<bool>("WITH RECURSIVE " + UnitsCte + " " + select,
            With("Id", id));
}
