using System.Data;
using Dapper;
using ZaloBot.Teams;

namespace ZaloBot.Handoff;

/// <summary>Which team's group a request goes to, and the places residents choose from.</summary>
public static class HandoffRouting
{
    /// <summary>
    /// The team whose group gets a request from this place: the village's team when it has a bound group, else the
    /// commune's. <c>VillageHasNoTeam</c> says a village was known but its team could not take it. Null when
    /// neither team has a group to post to.
    /// </summary>
    public static async Task<(Team? Team, bool VillageHasNoTeam)> TeamForAsync(
        IDbConnection connection, IDbTransaction? transaction, AdminUnit? village, AdminUnit commune)
    {
        ArgumentNullException.ThrowIfNull(commune);
        if (village is not null && await TeamStore.FindByUnitAsync(connection, transaction, village.Id) is { GroupId: not null } villageTeam)
        {
            return (villageTeam, false);
        }

        var communeTeam = await TeamStore.FindByUnitAsync(connection, transaction, commune.Id);
        return (communeTeam is { GroupId: not null } ? communeTeam : null, village is not null);
    }

    /// <summary>The commune team a waiting request can be raised to; null when the request is already there or there is none.</summary>
    public static async Task<Team?> EscalationTeamAsync(IDbConnection connection, IDbTransaction? transaction, HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var team = await TeamStore.FindByUnitAsync(connection, transaction, request.Commune.Id);
        return team is { GroupId: not null } && team.Id != request.TeamId ? team : null;
    }

    /// <summary>The teams whose groups have the request: the one it was posted to, and the one it was raised to.</summary>
    public static async Task<IReadOnlyList<Team>> TeamsOfAsync(IDbConnection connection, IDbTransaction? transaction, HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var teams = new List<Team>();
        foreach (var id in new[] { request.TeamId, request.EscalatedTeamId }.OfType<long>().Distinct())
        {
            if (await TeamStore.FindAsync(connection, transaction, id) is { GroupId: not null } team)
            {
                teams.Add(team);
            }
        }

        return teams;
    }

    /// <summary>Every village with its commune (and the commune's former names), for matching what a resident types.</summary>
    public static async Task<IReadOnlyList<Place>> VillagesAsync(IDbConnection connection, IDbTransaction? transaction)
    {
        var formerNames = await UnitStore.AllFormerNamesAsync(connection, transaction);
        return (await connection.QueryAsync<(long Id, string Name, long CommuneId, string CommuneName)>("""
            SELECT v.id, v.name, c.id, c.name
            FROM admin_units v JOIN admin_units c ON c.id = v.parent_id
            WHERE v.level = 'village'
            """, transaction: transaction))
            .Select(v => new Place(v.Id, v.Name, v.CommuneId, v.CommuneName) { CommuneFormerNames = formerNames.GetValueOrDefault(v.CommuneId, []) })
            .ToList();
    }

    /// <summary>Every commune-level unit (xã, phường, đặc khu) with the names it was known by before.</summary>
    public static async Task<IReadOnlyList<Place>> CommunesAsync(IDbConnection connection, IDbTransaction? transaction)
    {
        var formerNames = await UnitStore.AllFormerNamesAsync(connection, transaction);
        return (await connection.QueryAsync<(long Id, string Name)>(
            "SELECT id, name FROM admin_units WHERE level = 'commune'", transaction: transaction))
            .Select(c => new Place(c.Id, c.Name, null, null) { FormerNames = formerNames.GetValueOrDefault(c.Id, []) })
            .ToList();
    }

    /// <summary>A village as a <see cref="Place"/> (with its commune), or null when the unit is not a village.</summary>
    public static async Task<Place?> VillagePlaceAsync(IDbConnection connection, IDbTransaction? transaction, AdminUnit village)
    {
        ArgumentNullException.ThrowIfNull(village);
        if (village.Level != UnitLevel.Village || village.ParentId is not { } parentId
            || await UnitStore.FindAsync(connection, transaction, parentId) is not { } commune)
        {
            return null;
        }

        return new Place(village.Id, village.Name, commune.Id, commune.Name);
    }
}
