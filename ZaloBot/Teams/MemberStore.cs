using System.Data;
using Dapper;
using ZaloBot.Messaging;
using ZaloBot.Text;

namespace ZaloBot.Teams;

/// <summary>
/// The <c>team_members</c> table and each member's identities (<c>member_identities</c>): a member is found by the
/// channel and the user id they write with, as the OA and the Bot Platform give one person different ids. Every
/// method runs on the caller's connection and transaction.
/// </summary>
public static class MemberStore
{
    private const string Select = """
        SELECT id AS Id, team_id AS TeamId, zalo_user_id AS ZaloUserId, full_name AS FullName, phone AS Phone, role AS Role,
               joined_at AS JoinedAt, left_at AS LeftAt
        FROM team_members
        """;

    private sealed record Row(long Id, long TeamId, string ZaloUserId, string FullName, string Phone, string Role, long JoinedAt, long? LeftAt)
    {
        public TeamMember AsMember() => new(
            Id, TeamId, ZaloUserId, FullName, Phone, MemberRoleCodes.FromCode(Role), DateTimeOffset.FromUnixTimeMilliseconds(JoinedAt),
            LeftAt is { } left ? DateTimeOffset.FromUnixTimeMilliseconds(left) : null);
    }

    // The memberships a (via, user id) is an identity of.
    private const string OfIdentity = " id IN (SELECT member_id FROM member_identities WHERE via = @Via AND user_id = @UserId)";

    /// <summary>The user's active membership in this team.</summary>
    public static async Task<TeamMember?> FindActiveAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, ChannelId via, string userId) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(
            Select + " WHERE team_id = @TeamId AND left_at IS NULL AND" + OfIdentity,
            new { TeamId = teamId, Via = via.Code(), UserId = userId }, transaction))?.AsMember();

    /// <summary>The active member of this team with this phone (national form).</summary>
    public static async Task<TeamMember?> FindActiveByPhoneAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, string phone) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(
            Select + " WHERE team_id = @TeamId AND phone = @Phone AND left_at IS NULL",
            new { TeamId = teamId, Phone = phone }, transaction))?.AsMember();

    /// <summary>Every active membership with this phone (national form), whichever team: one person's, newest first.</summary>
    public static async Task<IReadOnlyList<TeamMember>> FindMembershipsByPhoneAsync(IDbConnection connection, IDbTransaction? transaction, string phone) =>
        (await connection.QueryAsync<Row>(
            Select + " WHERE phone = @Phone AND left_at IS NULL ORDER BY joined_at DESC, id DESC",
            new { Phone = phone }, transaction)).Select(r => r.AsMember()).ToList();

    /// <summary>
    /// The user's active memberships, newest first. A 1:1 chat with the OA uses the first: someone in a commune
    /// team and a village team acts for the team they joined last.
    /// </summary>
    public static async Task<IReadOnlyList<TeamMember>> FindMembershipsAsync(IDbConnection connection, IDbTransaction? transaction, ChannelId via, string userId) =>
        (await connection.QueryAsync<Row>(
            Select + " WHERE left_at IS NULL AND" + OfIdentity + " ORDER BY joined_at DESC, id DESC",
            new { Via = via.Code(), UserId = userId }, transaction)).Select(r => r.AsMember()).ToList();

    /// <summary>The member's user id on this channel, null when they never wrote through it.</summary>
    public static Task<string?> IdentityAsync(IDbConnection connection, IDbTransaction? transaction, long memberId, ChannelId via) =>
        connection.ExecuteScalarAsync<string?>(
            "SELECT user_id FROM member_identities WHERE member_id = @MemberId AND via = @Via", new { MemberId = memberId, Via = via.Code() }, transaction);

    /// <summary>The member writes through this channel too, with this user id; <paramref name="privateAt"/> when that was 1:1.</summary>
    public static Task AttachIdentityAsync(
        IDbConnection connection, IDbTransaction? transaction, long memberId, ChannelId via, string userId, DateTimeOffset? privateAt) =>
        connection.ExecuteAsync(
            "INSERT INTO member_identities (member_id, via, user_id, last_private_at) VALUES (@MemberId, @Via, @UserId, @PrivateAt)",
            new { MemberId = memberId, Via = via.Code(), UserId = userId, PrivateAt = privateAt?.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>
    /// The user wrote 1:1 on this channel (a no-op for anyone who is not a member): announcements to members go to the
    /// channel they last wrote on.
    /// </summary>
    public static Task RecordPrivateMessageAsync(IDbConnection connection, IDbTransaction? transaction, ChannelId via, string userId, DateTimeOffset at) =>
        connection.ExecuteAsync("""
            UPDATE member_identities SET last_private_at = MAX(COALESCE(last_private_at, 0), @At)
            WHERE via = @Via AND user_id = @UserId
            """, new { Via = via.Code(), UserId = userId, At = at.ToUnixTimeMilliseconds() }, transaction);

    public static async Task<TeamMember?> FindAsync(IDbConnection connection, IDbTransaction? transaction, long id) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @Id", new { Id = id }, transaction))?.AsMember();

    /// <summary>The roster: leaders first, then by joining order. <paramref name="includeLeft"/> adds former members.</summary>
    public static async Task<IReadOnlyList<TeamMember>> ListAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, bool includeLeft = false) =>
        (await connection.QueryAsync<Row>(Select + """
             WHERE team_id = @TeamId AND (@IncludeLeft OR left_at IS NULL)
             ORDER BY left_at IS NOT NULL, CASE role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, joined_at, id
            """, new { TeamId = teamId, IncludeLeft = includeLeft }, transaction)).Select(r => r.AsMember()).ToList();

    public static async Task<int> CountActiveAsync(IDbConnection connection, IDbTransaction? transaction, long teamId) =>
        await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM team_members WHERE team_id = @TeamId AND left_at IS NULL", new { TeamId = teamId }, transaction);

    /// <summary>A new member, with the identity they registered through.</summary>
    public static async Task<long> AddAsync(
        IDbConnection connection, IDbTransaction? transaction, long teamId, ChannelId via, string userId, string fullName, string phone, MemberRole role,
        DateTimeOffset now)
    {
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO team_members (team_id, zalo_user_id, full_name, name_key, phone, role, joined_at)
            VALUES (@TeamId, @UserId, @FullName, @NameKey, @Phone, @Role, @Now)
            RETURNING id
            """, new
        {
            TeamId = teamId,
            UserId = userId,
            FullName = fullName,
            NameKey = VietnameseText.NormalizeName(fullName),
            Phone = phone,
            Role = role.Code(),
            Now = now.ToUnixTimeMilliseconds(),
        }, transaction);
        await AttachIdentityAsync(connection, transaction, id, via, userId, privateAt: null);
        return id;
    }

    /// <summary>A member who registers again updates their name and phone (and role, when they now use the leader's phone).</summary>
    public static Task UpdateAsync(IDbConnection connection, IDbTransaction? transaction, long id, string fullName, string phone, MemberRole role) =>
        connection.ExecuteAsync(
            "UPDATE team_members SET full_name = @FullName, name_key = @NameKey, phone = @Phone, role = @Role WHERE id = @Id",
            new { Id = id, FullName = fullName, NameKey = VietnameseText.NormalizeName(fullName), Phone = phone, Role = role.Code() }, transaction);

    public static Task SetRoleAsync(IDbConnection connection, IDbTransaction? transaction, long id, MemberRole role) =>
        connection.ExecuteAsync("UPDATE team_members SET role = @Role WHERE id = @Id", new { Id = id, Role = role.Code() }, transaction);

    public static Task MarkLeftAsync(IDbConnection connection, IDbTransaction? transaction, long id, DateTimeOffset now) =>
        connection.ExecuteAsync("UPDATE team_members SET left_at = @Now WHERE id = @Id AND left_at IS NULL",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>Members across teams for the admin API, filtered by teams (null: every team), role and whether they left.</summary>
    public static async Task<IReadOnlyList<TeamMember>> SearchAsync(
        IDbConnection connection, IReadOnlyList<long>? teamIds, MemberRole? role, bool includeLeft, string? name, int limit, int offset) =>
        (await connection.QueryAsync<Row>(Select + """
             WHERE (@EveryTeam OR team_id IN @TeamIds) AND (@Role IS NULL OR role = @Role) AND (@IncludeLeft OR left_at IS NULL)
               AND (@NameKey IS NULL OR name_key LIKE '%' || @NameKey || '%')
             ORDER BY team_id, left_at IS NOT NULL, joined_at, id
             LIMIT @Limit OFFSET @Offset
            """, new
        {
            EveryTeam = teamIds is null,
            TeamIds = teamIds ?? [],
            Role = role?.Code(),
            IncludeLeft = includeLeft,
            NameKey = string.IsNullOrWhiteSpace(name) ? null : VietnameseText.NormalizeName(name),
            Limit = limit,
            Offset = offset,
        })).Select(r => r.AsMember()).ToList();
}
