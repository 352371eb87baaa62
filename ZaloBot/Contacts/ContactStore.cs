using System.Data;
using Dapper;

namespace ZaloBot.Contacts;

/// <summary>
/// A person who followed or wrote to the OA. <see cref="LastInteractionAt"/> decides whether a customer-service
/// message may reach them (Zalo's 7-day window); <see cref="VillageUnitId"/> is their village when known.
/// </summary>
public sealed record OaContact(
    string ZaloUserId, bool IsFollower, DateTimeOffset? FollowedAt, DateTimeOffset? UnfollowedAt, DateTimeOffset? LastInteractionAt,
    long? VillageUnitId);

/// <summary>The <c>oa_contacts</c> table. Every method runs on the caller's connection and transaction.</summary>
public static class ContactStore
{
    /// <summary>Zalo lets customer-service messages reach people who interacted with the OA this recently (zalo-oa-api.md §5.3).</summary>
    public static readonly TimeSpan InteractionWindow = TimeSpan.FromDays(7);

    private sealed record Row(
        string ZaloUserId, long IsFollower, long? FollowedAt, long? UnfollowedAt, long? LastInteractionAt, long? VillageUnitId)
    {
        public OaContact AsContact() => new(ZaloUserId, IsFollower == 1, Time(FollowedAt), Time(UnfollowedAt), Time(LastInteractionAt), VillageUnitId);

        private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }

    public static async Task<OaContact?> FindAsync(IDbConnection connection, IDbTransaction? transaction, string zaloUserId) =>
        (await connection.QuerySingleOrDefaultAsync<Row>("""
            SELECT zalo_user_id AS ZaloUserId, is_follower AS IsFollower, followed_at AS FollowedAt, unfollowed_at AS UnfollowedAt,
                   last_interaction_at AS LastInteractionAt, village_unit_id AS VillageUnitId
            FROM oa_contacts WHERE zalo_user_id = @UserId
            """, new { UserId = zaloUserId }, transaction))?.AsContact();

    /// <summary>The user wrote to the OA (or shared their info): their window opens again from <paramref name="at"/>.</summary>
    public static Task RecordInteractionAsync(IDbConnection connection, IDbTransaction? transaction, string zaloUserId, DateTimeOffset at) =>
        connection.ExecuteAsync("""
            INSERT INTO oa_contacts (zalo_user_id, is_follower, last_interaction_at, first_seen_at, updated_at)
            VALUES (@UserId, 0, @At, @At, @At)
            ON CONFLICT (zalo_user_id) DO UPDATE SET
                last_interaction_at = MAX(COALESCE(last_interaction_at, 0), excluded.last_interaction_at),
                updated_at = excluded.updated_at
            """, new { UserId = zaloUserId, At = at.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>A follow is also an interaction; an unfollow is not.</summary>
    public static Task RecordFollowAsync(IDbConnection connection, IDbTransaction? transaction, string zaloUserId, bool following, DateTimeOffset at) =>
        connection.ExecuteAsync(following
            ? """
              INSERT INTO oa_contacts (zalo_user_id, is_follower, followed_at, last_interaction_at, first_seen_at, updated_at)
              VALUES (@UserId, 1, @At, @At, @At, @At)
              ON CONFLICT (zalo_user_id) DO UPDATE SET
                  is_follower = 1, followed_at = excluded.followed_at,
                  last_interaction_at = MAX(COALESCE(last_interaction_at, 0), excluded.last_interaction_at),
                  updated_at = excluded.updated_at
              """
            : """
              INSERT INTO oa_contacts (zalo_user_id, is_follower, unfollowed_at, first_seen_at, updated_at)
              VALUES (@UserId, 0, @At, @At, @At)
              ON CONFLICT (zalo_user_id) DO UPDATE SET is_follower = 0, unfollowed_at = excluded.unfollowed_at, updated_at = excluded.updated_at
              """,
            new { UserId = zaloUserId, At = at.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>
    /// Records the resident's village (a unit of level village), for announcements addressed to units. For Handoff,
    /// which learns it; returns false when <paramref name="villageUnitId"/> is not a village.
    /// </summary>
    public static async Task<bool> SetVillageAsync(
        IDbConnection connection, IDbTransaction? transaction, string zaloUserId, long villageUnitId, DateTimeOffset at)
    {
        var isVillage = await connection.ExecuteScalarAsync<long>(
            "SELECT EXISTS (SELECT 1 FROM admin_units WHERE id = @Id AND level = 'village')", new { Id = villageUnitId }, transaction) == 1;
        if (!isVillage)
        {
            return false;
        }

        await connection.ExecuteAsync("""
            INSERT INTO oa_contacts (zalo_user_id, is_follower, village_unit_id, village_set_at, first_seen_at, updated_at)
            VALUES (@UserId, 0, @VillageId, @At, @At, @At)
            ON CONFLICT (zalo_user_id) DO UPDATE SET
                village_unit_id = excluded.village_unit_id, village_set_at = excluded.village_set_at, updated_at = excluded.updated_at
            """, new { UserId = zaloUserId, VillageId = villageUnitId, At = at.ToUnixTimeMilliseconds() }, transaction);
        return true;
    }
}
