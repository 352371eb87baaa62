using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ZaloBot.Guides;
using ZaloBot.Handoff;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

/// <summary>The migration that records each row's channel keeps what residents were in the middle of.</summary>
public sealed class ChannelViaMigrationTests
{
    private const int ChannelViaMigration = 16;

    [Test]
    public async Task A_database_with_sessions_open_questions_requests_and_messages_is_migrated_with_all_of_them_on_the_oa()
    {
        var (db, path) = await MigratedDb.CreateBeforeAsync(ChannelViaMigration);
        await using (var before = new SqliteConnection($"Data Source={path}"))
        {
            await before.OpenAsync();

            // A resident in a guide, asking for a person from it (the way back stored as the OA's signed buttons), with a
            // request of another resident open and a reply waiting to be sent.
            await before.ExecuteAsync("""
                INSERT INTO admin_units (id, code, level, name, parent_id, created_at, updated_at) VALUES
                    (1, 'P', 'province', 'Tỉnh', NULL, 0, 0), (2, 'C', 'commune', 'Xã C', 1, 0, 0);
                INSERT INTO teams (id, unit_id, level, name, leader_phone, bind_code, created_at) VALUES (1, 2, 'commune', 'Tổ xã', '0912000001', 'BINDC', 0);
                INSERT INTO guide_sessions (user_id, guide_id, step_id, history, options, last_seen_at, updated_at)
                VALUES ('u1', 'vneid', 'cai-app', '["menu/start"]', '[{"title":"Đã cài xong","action":"s/vneid/muc-2"}]', 5, 5);
                INSERT INTO handoff_conversations (user_id, step, guide_id, topic, prompt, options, return_buttons, updated_at)
                VALUES ('u1', 'Village', 'vneid', 'Cài VNeID', 'Bà con ở thôn nào ạ?', '[{"title":"Hủy","action":"ho/q"}]',
                        '[{"title":"Quay lại hướng dẫn","buttonType":"oa.query.hide","payload":"~g|c|AbCdEfGhIjKl"},{"title":"Menu chính","buttonType":"oa.query.hide","payload":"~g|m|MnOpQrStUvWx"}]', 7);
                INSERT INTO help_requests (number, resident_user_id, commune_unit_id, team_id, topic, status, created_at) VALUES (1, 'u2', 2, 1, 'VNeID', 'open', 0);
                INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, status, next_attempt_at, created_at)
                VALUES ('inbox:1:1', 'user', 'u1', '{"text":"Chào"}', 'pending', 0, 0);
                """);
        }

        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();

        await using var connection = await db.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        var resident = Conversation.User(ChannelId.ZaloOa, "u1");
        var session = await GuideSessionStore.FindAsync(connection, transaction, resident);
        Assert.That(session?.Position, Is.EqualTo(new GuidePosition("vneid", "cai-app")));
        Assert.That(session?.Options, Is.EqualTo(new[] { new Choice("Đã cài xong", "s/vneid/muc-2") }));
        var questions = await HandoffConversationStore.FindAsync(connection, transaction, resident);
        Assert.That(questions?.Step, Is.EqualTo(HandoffStep.Village));
        Assert.That(questions?.ReturnChoices, Is.EqualTo(new[] { new Choice("Quay lại hướng dẫn", "c"), GuideChoices.Menu }),
            "the way back keeps its actions, no longer signed");
        Assert.That((await HelpRequestStore.FindActiveForResidentAsync(connection, transaction, Conversation.User(ChannelId.ZaloOa, "u2")))?.Code,
            Is.EqualTo("YC-0001"));
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT via FROM outbox_messages", transaction: transaction), Is.EqualTo(ChannelIdCodes.ZaloOa));
        Assert.That(await connection.QueryAsync<string>("PRAGMA foreign_key_check", transaction: transaction), Is.Empty);
    }
}
