using System.Data;
using Dapper;

namespace ZaloBot.Contacts;

/// <summary>
/// A person who followed or wrote to the OA. <see cref="LastInteractionAt"/> decides whether a customer-service
/// message may reach them (Zalo's 7-day window). Their village, when known, is in Teams/ResidentStore.
/// </summary>
public sealed record OaContact(
    string ZaloUserId, bool IsFollower, DateTimeOffset? FollowedAt, DateTimeOffset? UnfollowedAt, DateTimeOffset? LastInteractionAt);

/// <summary>The <c>oa_contacts</c> table. Every method runs on the caller's connection and transaction.</summary>
public static class ContactStore
{
    /// <summary>Zalo lets customer-service messages reach people who interacted with the OA this recently (zalo-oa-api.md §5.3).</summary>
    public static readonly TimeSpan InteractionWindow = TimeSpan.FromDays(7);

    private sealed record Row(
        string ZaloUserId, long IsFollower, long? FollowedAt, long? UnfollowedAt, long? LastInteractionAt)
    {
        public OaContact AsContact() => new(ZaloUserId, IsFollower == 1, Time(FollowedAt), Time(UnfollowedAt), Time(LastInteractionAt));

        private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }

    public static async Task<OaContact?> FindAsync(IDbConnection connection, IDbTransaction? transaction, string zaloUserId) =>
        (await connection.QuerySingleOrDefaultAsync<Row>("""
            SELECT zalo_user_id AS ZaloUserId, is_follower AS IsFollower, followed_at AS FollowedAt, unfollowed_at AS UnfollowedAt,
                   last_interaction_at AS LastInteractionAt
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
}
