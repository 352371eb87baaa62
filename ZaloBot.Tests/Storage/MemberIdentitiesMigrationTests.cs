using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

/// <summary>The migration that gives members (and residents) their channel identities, on a database with both channels in use.</summary>
public sealed class MemberIdentitiesMigrationTests
{
    private const int MemberIdentitiesMigration = 22;

    [Test]
    public async Task Every_member_keeps_the_identity_of_the_channel_their_team_group_lives_on()
    {
        var db = await MigratedDb.CreateBeforeAsync(MemberIdentitiesMigration, """
            INSERT INTO admin_units (id, code, level, name, parent_id, created_at, updated_at) VALUES
                (1, 'P', 'province', 'Tỉnh', NULL, 0, 0), (2, 'C', 'commune', 'Xã C', 1, 0, 0), (3, 'V', 'village', 'Thôn V', 2, 0, 0);
            INSERT INTO teams (id, unit_id, level, name, leader_phone, bind_code, group_id, group_via, bound_at, created_at) VALUES
                (1, 2, 'commune', 'Tổ xã', '0912000001', 'BINDC', 'oa-group-1', 'zalo_oa', 1, 0),
                (2, 3, 'village', 'Tổ thôn', '0912000002', 'BINDV', 'zgr-1', 'zalo_bot', 1, 0);
            INSERT INTO team_members (id, team_id, zalo_user_id, full_name, name_key, phone, role, joined_at, left_at) VALUES
                (1, 1, 'oa-1', 'An', 'an', '0912000001', 'leader', 0, NULL),
                (2, 2, 'bot-2', 'Bình', 'binh', '0912000002', 'leader', 0, NULL),
                (3, 1, 'oa-3', 'Cường', 'cuong', '0912000003', 'member', 0, 5);
            INSERT INTO oa_contacts (zalo_user_id, is_follower, last_interaction_at, first_seen_at, updated_at) VALUES ('oa-1', 1, 42, 1, 42);
            INSERT INTO residents (zalo_user_id, village_unit_id, phone, updated_at) VALUES ('r-oa', 3, NULL, 1), ('r-bot', 3, '0905111222', 2);
            INSERT INTO handoff_conversations (via, user_id, step, updated_at) VALUES ('zalo_bot', 'r-bot', 'Contact', 2);
            """);

        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();

        await using var connection = await db.OpenAsync();
        Assert.That(await connection.QueryAsync<string>("SELECT member_id || ':' || via || ':' || user_id || ':' || COALESCE(last_private_at, '-') FROM member_identities ORDER BY member_id"),
            Is.EqualTo(new[] { "1:zalo_oa:oa-1:42", "2:zalo_bot:bot-2:-", "3:zalo_oa:oa-3:-" }));
        Assert.That((await MemberStore.FindActiveAsync(connection, null, 2, ChannelId.ZaloBot, "bot-2"))?.FullName, Is.EqualTo("Bình"));
        Assert.That(await MemberStore.FindActiveAsync(connection, null, 2, ChannelId.ZaloOa, "bot-2"), Is.Null, "a bot id is no OA id");
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT dflt_value FROM pragma_table_info('broadcast_recipients') WHERE name = 'via'"), Is.EqualTo("'zalo_oa'"));
        Assert.That(await connection.QueryAsync<string>("SELECT via || ':' || zalo_user_id || ':' || COALESCE(phone, '-') FROM residents ORDER BY zalo_user_id"),
            Is.EqualTo(new[] { "zalo_bot:r-bot:0905111222", "zalo_oa:r-oa:-" }), "a resident in the middle of the bot's questions is the bot's");
    }
}
