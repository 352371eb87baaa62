using System.Data;
using System.Globalization;
using Dapper;
using ZaloBot.Contacts;
using ZaloBot.Messaging;

namespace ZaloBot.Broadcasts;

/// <summary>One recipient as the audience query yields it. <see cref="Cursor"/> orders the pages.</summary>
public sealed record AudienceMember(
    string Key, string Channel, string? RecipientId, long? TeamId, string? Label, string? SkipReason, string Cursor, ChannelId Via = ChannelId.ZaloOa);

/// <summary>
/// What a preview says: how many recipients, how many a send would reach now, and how many it would skip and why.
/// <see cref="HeldUntil"/> is set when residents would have to wait for the end of the quiet hours.
/// </summary>
public sealed record AudiencePreview(
    long Recipients, long Reachable, long OutOfWindow, long NoGroup, DateTimeOffset? HeldUntil, IReadOnlyList<TeamLink> Unconnected);

/// <summary>
/// The audiences as SQL over the teams registry and the OA contacts: counted for a preview, or read in pages
/// (keyset, by <see cref="AudienceMember.Cursor"/>) so a 10,000-person audience is never held in memory.
/// </summary>
public static class Audience
{
    /// <summary>How many teams without a Zalo group a preview names; the count covers them all.</summary>
    public const int UnconnectedNamed = 10;

    /// <summary>The chosen units and every unit under them.</summary>
    private const string ChosenUnits = """
        WITH RECURSIVE chosen (id) AS (
            SELECT id FROM admin_units WHERE id IN @UnitIds
            UNION
            SELECT a.id FROM admin_units a JOIN chosen c ON a.parent_id = c.id
        )
        """;

    /// <summary>The OA's residents whose village is among the chosen units.</summary>
    private const string ResidentsOfChosen =
        " AND c.zalo_user_id IN (SELECT r.zalo_user_id FROM residents r WHERE r.via = 'zalo_oa' AND r.village_unit_id IN (SELECT id FROM chosen))";

    /// <summary>
    /// The members of the teams in the chosen units as people (after <see cref="ChosenUnits"/>): one row per phone,
    /// <c>person</c> its first membership's id, with the identity an announcement reaches them through, the channel
    /// they last wrote 1:1 on (the OA when they never did). <c>@After</c> is the last person of the page before.
    /// </summary>
    private const string MemberPeople = """
        , people (person, phone, name) AS (
            SELECT MIN(m.id), m.phone, MIN(m.full_name) FROM team_members m JOIN teams t ON t.id = m.team_id
            WHERE m.left_at IS NULL AND t.unit_id IN (SELECT id FROM chosen) GROUP BY m.phone
        ), reached (person, name, via, user_id, n) AS (
            SELECT p.person, p.name, i.via, i.user_id, ROW_NUMBER() OVER (
                       PARTITION BY p.person ORDER BY i.last_private_at IS NULL, i.last_private_at DESC, i.via <> 'zalo_oa', i.member_id)
            FROM people p JOIN team_members m ON m.phone = p.phone AND m.left_at IS NULL JOIN member_identities i ON i.member_id = m.id
            WHERE p.person > @After
        )
        """;

    public static async Task<AudiencePreview> PreviewAsync(
        IDbConnection connection, IDbTransaction? transaction, BroadcastAudience audience, IReadOnlyList<long> unitIds, bool urgent, DateTimeOffset now)
    {
        var filtered = unitIds.Count > 0;
        var windowStart = (now - ContactStore.InteractionWindow).ToUnixTimeMilliseconds();
        var parameters = new { UnitIds = unitIds, WindowStart = windowStart, After = 0 };
        var counts = audience switch
        {
            BroadcastAudience.Groups => await connection.QuerySingleAsync<(long, long)>(
                (filtered ? ChosenUnits : "") + """
                 SELECT COUNT(*), COALESCE(SUM(t.group_id IS NULL), 0) FROM teams t
                """ + (filtered ? " WHERE t.unit_id IN (SELECT id FROM chosen)" : ""), parameters, transaction),
            // Only the OA has a window: the bot writes to a private chat whenever it is there.
            BroadcastAudience.Members => await connection.QuerySingleAsync<(long, long)>(ChosenUnits + MemberPeople + """
                 SELECT COUNT(*), COALESCE(SUM(r.via = 'zalo_oa' AND (c.last_interaction_at IS NULL OR c.last_interaction_at < @WindowStart)), 0)
                 FROM reached r LEFT JOIN oa_contacts c ON r.via = 'zalo_oa' AND c.zalo_user_id = r.user_id
                 WHERE r.n = 1
                """, parameters, transaction),
            _ => await connection.QuerySingleAsync<(long, long)>((filtered ? ChosenUnits : "") + """
                 SELECT COUNT(*), COALESCE(SUM(c.last_interaction_at IS NULL OR c.last_interaction_at < @WindowStart), 0)
                 FROM oa_contacts c WHERE c.is_follower = 1
                """ + (filtered ? ResidentsOfChosen : ""), parameters, transaction),
        };
        var (total, left) = counts;
        if (audience != BroadcastAudience.Groups)
        {
            return new AudiencePreview(total, total - left, left, 0, QuietHours.HeldUntil(audience, urgent, now), []);
        }

        var unconnected = left == 0 ? [] : (await connection.QueryAsync<TeamLink>(
            (filtered ? ChosenUnits : "") + " SELECT t.id, t.name FROM teams t WHERE t.group_id IS NULL"
            + (filtered ? " AND t.unit_id IN (SELECT id FROM chosen)" : "") + " ORDER BY t.name LIMIT @Limit",
            new { UnitIds = unitIds, Limit = UnconnectedNamed }, transaction)).AsList();
        return new AudiencePreview(total, total - left, 0, left, null, unconnected);
    }

    /// <summary>The next page after <paramref name="after"/> (null for the first), in cursor order.</summary>
    public static async Task<IReadOnlyList<AudienceMember>> PageAsync(
        IDbConnection connection, IDbTransaction? transaction, BroadcastAudience audience, IReadOnlyList<long> unitIds, string? after, int limit)
    {
        var filtered = unitIds.Count > 0;
        switch (audience)
        {
            case BroadcastAudience.Groups:
            {
                var afterId = after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture);
                var teams = await connection.QueryAsync<(long TeamId, string? GroupId, string Name)>(
                    (filtered ? ChosenUnits : "") + """
                     SELECT t.id, t.group_id, t.name FROM teams t
                     WHERE t.id > @After
                    """ + (filtered ? " AND t.unit_id IN (SELECT id FROM chosen)" : "") + " ORDER BY t.id LIMIT @Limit",
                    new { UnitIds = unitIds, After = afterId, Limit = limit }, transaction);
                return teams.Select(t => new AudienceMember(
                    t.GroupId is null ? "team:" + t.TeamId.ToString(CultureInfo.InvariantCulture) : "group:" + t.GroupId,
                    "group", t.GroupId, t.TeamId, t.Name, t.GroupId is null ? SkipReasons.NoGroup : null,
                    t.TeamId.ToString(CultureInfo.InvariantCulture))).ToList();
            }

            case BroadcastAudience.Members:
            {
                var members = await connection.QueryAsync<(long Person, string Name, string Via, string UserId)>(ChosenUnits + MemberPeople + """
                     SELECT person, name, via, user_id FROM reached WHERE n = 1 ORDER BY person LIMIT @Limit
                    """, new { UnitIds = unitIds, After = after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture), Limit = limit }, transaction);
                return members.Select(m =>
                {
                    var person = m.Person.ToString(CultureInfo.InvariantCulture);
                    return new AudienceMember("member:" + person, "user", m.UserId, null, m.Name, null, person, ChannelIdCodes.Parse(m.Via));
                }).ToList();
            }

            default:
            {
                var residents = await connection.QueryAsync<string>((filtered ? ChosenUnits : "") + """
                     SELECT c.zalo_user_id FROM oa_contacts c
                     WHERE c.is_follower = 1 AND c.zalo_user_id > @After
                    """ + (filtered ? ResidentsOfChosen : "") + " ORDER BY c.zalo_user_id LIMIT @Limit",
                    new { UnitIds = unitIds, After = after ?? "", Limit = limit }, transaction);
                return residents.Select(id => new AudienceMember("user:" + id, "user", id, null, null, null, id)).ToList();
            }
        }
    }
}
