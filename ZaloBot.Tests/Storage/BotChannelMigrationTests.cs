using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

/// <summary>The migration that lets rows name the Bot Platform rebuilds four tables: what they held, and every reference to it, stays.</summary>
public sealed class BotChannelMigrationTests
{
    private const int BotChannelMigration = 20;

    [Test]
    public async Task A_database_with_requests_notes_questions_sessions_and_messages_keeps_them_all_and_can_then_record_the_bot()
    {
        var (db, path) = await MigratedDb.CreateBeforeAsync(BotChannelMigration);
        await using (var before = new SqliteConnection($"Data Source={path}"))
        {
            await before.OpenAsync();
            await before.ExecuteAsync("""
                PRAGMA foreign_keys = ON;
                INSERT INTO admin_units (id, code, level, name, parent_id, created_at, updated_at) VALUES
                    (1, 'P', 'province', 'Tỉnh', NULL, 0, 0), (2, 'C', 'commune', 'Xã C', 1, 0, 0);
                INSERT INTO teams (id, unit_id, level, name, leader_phone, bind_code, group_id, bound_at, created_at)
                VALUES (1, 2, 'commune', 'Tổ xã', '0912000001', 'BINDC', 'oa-group-1', 1, 0);
                INSERT INTO help_requests (id, number, resident_user_id, commune_unit_id, team_id, topic, status, created_at)
                VALUES (7, 7, 'u1', 2, 1, 'VNeID', 'open', 0);
                INSERT INTO help_request_notes (request_id, text, created_at) VALUES (7, 'Nhờ gọi buổi chiều', 1);
                INSERT INTO handoff_conversations (user_id, step, request_id, updated_at) VALUES ('u1', 'Sent', 7, 2);
                INSERT INTO guide_sessions (user_id, guide_id, step_id, last_seen_at, updated_at) VALUES ('u2', 'vneid', 'cai-app', 3, 3);
                INSERT INTO outbox_messages (id, idempotency_key, channel, recipient_id, payload, status, next_attempt_at, created_at) VALUES
                    (1, 'a', 'user', 'u1', '{"text":"Chào"}', 'pending', 0, 0), (9, 'b', 'user', 'u1', '{}', 'sent', 0, 0);
                DELETE FROM outbox_messages WHERE id = 9;
                """);
        }

        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();

        await using var connection = await db.OpenAsync();
        Assert.That(await connection.QueryAsync<string>("PRAGMA foreign_key_check"), Is.Empty);
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT text FROM help_request_notes WHERE request_id = 7"), Is.EqualTo("Nhờ gọi buổi chiều"));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT request_id FROM handoff_conversations WHERE user_id = 'u1'"), Is.EqualTo(7));
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT step_id FROM guide_sessions WHERE via = 'zalo_oa' AND user_id = 'u2'"), Is.EqualTo("cai-app"));
        Assert.That((await TeamStore.FindAsync(connection, null, 1))?.Group, Is.EqualTo(Conversation.Group(ChannelId.ZaloOa, "oa-group-1")));

        var next = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO outbox_messages (idempotency_key, via, channel, recipient_id, payload, status, next_attempt_at, created_at)
            VALUES ('c', 'zalo_bot', 'group', 'zgr-1', '{}', 'pending', 0, 0) RETURNING id
            """);
        Assert.That(next, Is.EqualTo(10), "a deleted row's id is not handed out again");
        await connection.ExecuteAsync("""
            INSERT INTO help_requests (number, resident_via, resident_user_id, commune_unit_id, team_id, topic, status, created_at)
            VALUES (8, 'zalo_bot', 'b1', 2, 1, 'VNeID', 'open', 0);
            INSERT INTO guide_sessions (via, user_id, guide_id, step_id, last_seen_at, updated_at) VALUES ('zalo_bot', 'u2', 'vneid', 'x', 4, 4);
            """);
        Assert.That(await connection.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('outbox_messages', 'help_requests') AND sql IS NOT NULL"),
            Is.SupersetOf(new[] { "ix_outbox_pending", "ix_outbox_pending_recipient", "ux_help_requests_active_resident", "ix_help_requests_open" }));
    }
}
