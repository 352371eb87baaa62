using System.Data;
using System.Security.Cryptography;
using Dapper;
using ZaloBot.Messaging;

namespace ZaloBot.Teams;

/// <summary>The <c>teams</c> table. Every method runs on the caller's connection and transaction.</summary>
public static class TeamStore
{
    // No 0/O, 1/I/L, 5/S, 2/Z: a code read aloud or copied from a photo of a notice should not be mistyped.
    private const string CodeAlphabet = "346789ABCDEFGHJKMNPQRTUVWXY";
    private const int GeneratedCodeLength = 6;

    private const string Select = """
        SELECT t.id AS Id, t.unit_id AS UnitId, u.code AS UnitCode, u.name AS UnitName, t.level AS Level, t.name AS Name,
               t.leader_phone AS LeaderPhone, t.bind_code AS BindCode, t.group_id AS GroupId, t.bound_at AS BoundAt,
               t.created_at AS CreatedAt, t.group_via AS GroupVia
        FROM teams t JOIN admin_units u ON u.id = t.unit_id
        """;

    private sealed record Row(
        long Id, long UnitId, string UnitCode, string UnitName, string Level, string Name, string LeaderPhone, string BindCode,
        string? GroupId, long? BoundAt, long CreatedAt, string GroupVia)
    {
        public Team AsTeam() => new(
            Id, UnitId, UnitCode, UnitName, TeamLevels.FromCode(Level), Name, LeaderPhone, BindCode, GroupId,
            BoundAt is { } bound ? DateTimeOffset.FromUnixTimeMilliseconds(bound) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), ChannelIdCodes.Parse(GroupVia));
    }

    public static async Task<Team?> FindAsync(IDbConnection connection, IDbTransaction? transaction, long id) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE t.id = @Id", new { Id = id }, transaction))?.AsTeam();

    /// <summary>The team bound to this group, on the group's channel.</summary>
    public static async Task<Team?> FindByGroupAsync(IDbConnection connection, IDbTransaction? transaction, Conversation group) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(
            Select + " WHERE t.group_id = @GroupId AND t.group_via = @Via", new { GroupId = group.Id, Via = group.Channel.Code() }, transaction))?.AsTeam();

    /// <summary>The team with this bind code (canonical form, see <see cref="BindCode.Normalize"/>).</summary>
    public static async Task<Team?> FindByBindCodeAsync(IDbConnection connection, IDbTransaction? transaction, string bindCode) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE t.bind_code = @BindCode", new { BindCode = bindCode }, transaction))?.AsTeam();

    public static async Task<Team?> FindByUnitAsync(IDbConnection connection, IDbTransaction? transaction, long unitId) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE t.unit_id = @UnitId", new { UnitId = unitId }, transaction))?.AsTeam();

    /// <summary>Teams, optionally only those whose unit is this one or lies under it (a commune lists its villages' teams).</summary>
    public static async Task<IReadOnlyList<Team>> ListAsync(IDbConnection connection, long? underUnitId, TeamLevel? level)
    {
        var rows = await connection.QueryAsync<Row>("""
            WITH RECURSIVE scope (id) AS (
                SELECT id FROM admin_units WHERE id = @UnitId
                UNION ALL
                SELECT a.id FROM admin_units a JOIN scope s ON a.parent_id = s.id
            )
            """ + Select + """
             WHERE (@Level IS NULL OR t.level = @Level) AND (@UnitId IS NULL OR t.unit_id IN (SELECT id FROM scope))
             ORDER BY u.code
            """, new { UnitId = underUnitId, Level = level?.Code() });
        return rows.Select(r => r.AsTeam()).ToList();
    }

    /// <summary>Adds a team; <paramref name="bindCode"/> null draws a fresh one. Returns the new id.</summary>
    public static async Task<long> CreateAsync(
        IDbConnection connection, IDbTransaction? transaction, long unitId, TeamLevel level, string name, string leaderPhone,
        string bindCode, DateTimeOffset now) =>
        await connection.ExecuteScalarAsync<long>("""
            INSERT INTO teams (unit_id, level, name, leader_phone, bind_code, created_at)
            VALUES (@UnitId, @Level, @Name, @LeaderPhone, @BindCode, @Now)
            RETURNING id
            """, new { UnitId = unitId, Level = level.Code(), Name = name, LeaderPhone = leaderPhone, BindCode = bindCode, Now = now.ToUnixTimeMilliseconds() },
            transaction);

    /// <summary>A bind code no team has yet.</summary>
    public static async Task<string> NewBindCodeAsync(IDbConnection connection, IDbTransaction? transaction)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetString(CodeAlphabet, GeneratedCodeLength);
            if (await FindByBindCodeAsync(connection, transaction, code) is null)
            {
                return code;
            }
        }
    }

    /// <summary>
    /// Ties a Zalo group, on its channel, to the team; false when the team has a group already or the group has a team.
    /// (Group ids of the two channels do not look alike, and <c>group_id</c> stays unique across both.)
    /// </summary>
    public static async Task<bool> BindAsync(
        IDbConnection connection, IDbTransaction? transaction, long teamId, Conversation group, string boundBy, DateTimeOffset now) =>
        await connection.ExecuteAsync("""
            UPDATE teams SET group_id = @GroupId, group_via = @Via, bound_at = @Now, bound_by = @BoundBy
            WHERE id = @Id AND group_id IS NULL AND NOT EXISTS (SELECT 1 FROM teams WHERE group_id = @GroupId)
            """, new { Id = teamId, GroupId = group.Id, Via = group.Channel.Code(), BoundBy = boundBy, Now = now.ToUnixTimeMilliseconds() }, transaction) == 1;
}
