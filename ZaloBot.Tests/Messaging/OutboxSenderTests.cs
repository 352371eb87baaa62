using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Messaging;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Messaging;

/// <summary>Replies travel from a handler's transaction through the outbox to the Zalo emulator over real HTTP.</summary>
public sealed class OutboxSenderTests
{
    private static async Task<(string? Status, long? Code, string? Reason, string? ZaloId)> OutboxRowAsync(TestApp app, string recipient)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.QuerySingleOrDefaultAsync<(string?, long?, string?, string?)>(
            "SELECT status, error_code, error_reason, zalo_message_id FROM outbox_messages WHERE recipient_id = @recipient", new { recipient });
    }

    [Test]
    public async Task Signed_follow_produces_exactly_one_welcome_at_zalo_with_the_token_and_the_follower()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();

        (await client.PostSignedAsync(ZaloWebhooks.Follow("2468458835296197922"))).Dispose();

        // Once a row is sent the sender never takes it again: whatever was called has been called.
        await Eventually.UntilAsync(async () => (await OutboxRowAsync(app, "2468458835296197922")).Status == OutboxStatus.Sent, "the welcome was sent");
        var calls = app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage);
        Assert.That(calls, Has.Count.EqualTo(1));
        Assert.That(calls[0].AccessToken, Is.EqualTo(app.Emulator.CurrentAccessToken).And.Not.Empty);
        var body = calls[0].Body!;
        Assert.That(body["recipient"]!["user_id"]!.GetValue<string>(), Is.EqualTo("2468458835296197922"));
        Assert.That(body["message"]!["text"]!.GetValue<string>(), Does.StartWith("Chào mừng bà con đến với Tổ công nghệ số cộng đồng"));
        var row = await OutboxRowAsync(app, "2468458835296197922");
        Assert.That(row.ZaloId, Is.EqualTo(app.Emulator.MessagesIn("user:2468458835296197922").Single().MessageId));
    }

    [Test]
    public async Task Out_of_window_reply_ends_failed_with_its_reason_and_is_not_retried()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        app.Emulator.Inject(ZaloFault.OutOfWindow(), ZaloEmulatorPaths.CsMessage, times: 5);
        using var client = app.CreateClient();

        (await client.PostSignedAsync(ZaloWebhooks.Follow("2468458835296197923"))).Dispose();

        // Failed is final: the sender never takes the row again.
        await Eventually.UntilAsync(async () => (await OutboxRowAsync(app, "2468458835296197923")).Status == OutboxStatus.Failed, "the reply failed");
        var row = await OutboxRowAsync(app, "2468458835296197923");
        Assert.That(row.Code, Is.EqualTo(-230));
        Assert.That(row.Reason, Is.EqualTo(ZaloErrorCodes.Reason(-230)).And.Not.Empty);
        Assert.That(app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reply_is_retried_after_zalo_fails_for_a_while_and_then_sent_once()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: new() { ["Zalo:Client:MaxRetries"] = "0" });
        app.Emulator.Inject(ZaloFault.HttpStatus(503), ZaloEmulatorPaths.CsMessage, times: 2);
        using var client = app.CreateClient();

        (await client.PostSignedAsync(ZaloWebhooks.Follow("2468458835296197924"))).Dispose();

        await Eventually.UntilAsync(async () => (await OutboxRowAsync(app, "2468458835296197924")).Status == OutboxStatus.Sent, "the reply was sent");
        Assert.That(app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(3));
        Assert.That(app.Emulator.MessagesIn("user:2468458835296197924"), Has.Count.EqualTo(1));
        Assert.That(await app.QueryScalarAsync<long>("SELECT attempts FROM outbox_messages"), Is.EqualTo(3));
    }

    [Test]
    public async Task Delivery_and_seen_receipts_mark_the_sent_row()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();
        (await client.PostSignedAsync(ZaloWebhooks.Follow("2468458835296197925"))).Dispose();
        await Eventually.UntilAsync(async () => (await OutboxRowAsync(app, "2468458835296197925")).Status == OutboxStatus.Sent, "the welcome was sent");
        var zaloId = (await OutboxRowAsync(app, "2468458835296197925")).ZaloId!;

        (await client.PostSignedAsync(Receipt("user_received_message", "2468458835296197925", $"\"msg_id\":\"{zaloId}\""))).Dispose();
        await Eventually.UntilAsync(async () => (await OutboxRowAsync(app, "2468458835296197925")).Status == OutboxStatus.Delivered, "delivered");
        (await client.PostSignedAsync(Receipt("user_seen_message", "2468458835296197925", $"\"msg_ids\":[\"{zaloId}\"]"))).Dispose();
        await Eventually.UntilAsync(async () => (await OutboxRowAsync(app, "2468458835296197925")).Status == OutboxStatus.Seen, "seen");
    }

    [Test]
    public async Task Replies_left_sending_by_a_crash_are_all_sent_after_restart_with_at_most_one_duplicate()
    {
        var database = TestApp.NewDatabasePath();
        var followers = Enumerable.Range(0, 5).Select(i => $"24684588352961979{30 + i}").ToList();
        var shownBeforeStop = new List<EmulatedMessage>();

        await using (var first = new TestApp(database))
        {
            // Zalo hangs on one send, so the app stops with that reply "sending"; the other recipients' replies go
            // out meanwhile (the lane sends to several at once), and what Zalo showed is read once they all have.
            first.Emulator.Inject(ZaloFault.Delay(TimeSpan.FromMinutes(5)), ZaloEmulatorPaths.CsMessage, times: 1);
            using var client = first.CreateClient();
            foreach (var follower in followers)
            {
                (await client.PostSignedAsync(ZaloWebhooks.Follow(follower))).Dispose();
            }

            await Eventually.UntilAsync(
                async () => await first.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE status = 'sending'") == 1
                            && await first.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE status = 'sent'") == 4,
                "one reply is stuck sending and the others are sent");
            shownBeforeStop.AddRange(first.Emulator.Messages);
        }

        await using var restarted = new TestApp(database);

        await Eventually.UntilAsync(
            async () => await restarted.QueryScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE status = 'sent'") == 5,
            "every reply was sent after the restart");
        var shown = shownBeforeStop.Concat(restarted.Emulator.Messages).ToList();
        foreach (var follower in followers)
        {
            Assert.That(shown.Count(m => m.Conversation == "user:" + follower), Is.InRange(1, 2), follower);
        }

        Assert.That(shown, Has.Count.InRange(5, 6), "at most one duplicate for one crash");
    }

    [Test]
    public async Task A_reply_goes_out_while_the_announcement_lane_is_stuck_on_a_send()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: new()
        {
            ["Messaging:SenderParallelism"] = "1",
            ["Messaging:AnnouncementSenderParallelism"] = "1",
        });
        // Zalo hangs on the first send, the announcement message's.
        app.Emulator.Inject(ZaloFault.Delay(TimeSpan.FromMinutes(5)), ZaloEmulatorPaths.CsMessage, times: 1);
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("""
                INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, priority, status, next_attempt_at, created_at)
                VALUES ('test:announcement', 'user', '2468458835296197940', '{"text":"Thông báo lịch tiêm"}', @Priority, 'pending', 0, 0)
                """, new { Priority = OutboxPriority.Broadcast });
        }

        await Eventually.UntilAsync(async () => (await OutboxRowAsync(app, "2468458835296197940")).Status == OutboxStatus.Sending, "the announcement send hangs");
        using var client = app.CreateClient();
        (await client.PostSignedAsync(ZaloWebhooks.Follow("2468458835296197941"))).Dispose();

        await Eventually.UntilAsync(async () => (await OutboxRowAsync(app, "2468458835296197941")).Status == OutboxStatus.Sent, "the welcome was sent meanwhile");
        Assert.That((await OutboxRowAsync(app, "2468458835296197940")).Status, Is.EqualTo(OutboxStatus.Sending));
    }

    [Test]
    public async Task A_reply_claim_gets_the_database_before_an_announcement_message_s_sent_mark()
    {
        // A database of its own, without the app's background services: their writers would join the queue and
        // blur which writer waits where.
        var db = await MigratedDb.CreateAsync();
        var outbox = new OutboxStore(db, TimeProvider.System);
        long announcement, reply;
        await using (var connection = await db.OpenAsync())
        {
            announcement = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, priority, status, next_attempt_at, created_at)
                VALUES ('test:announcement-sent', 'user', '2468458835296197942', '{"text":"x"}', @Priority, 'sending', 0, 0) RETURNING id
                """, new { Priority = OutboxPriority.Broadcast });
            // Due only in the far future: the sender leaves it to this test.
            reply = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, priority, status, next_attempt_at, created_at)
                VALUES ('test:reply', 'user', '2468458835296197943', '{"text":"x"}', 0, 'pending', 9999999999999, 0) RETURNING id
                """);
            // The order the writes reach the database, which is what the turn decides (the tasks' completions can
            // be observed in either order once both have written).
            await connection.ExecuteAsync("""
                CREATE TABLE test_write_order (seq INTEGER PRIMARY KEY, outbox_id INTEGER NOT NULL, status TEXT NOT NULL);
                CREATE TRIGGER test_outbox_writes AFTER UPDATE OF status ON outbox_messages
                BEGIN INSERT INTO test_write_order (outbox_id, status) VALUES (NEW.id, NEW.status); END;
                """);
        }

        Task mark, claim;
        using (await db.TakeWriteTurnAsync())
        {
            mark = outbox.MarkSentAsync(announcement, "zalo-1", urgent: false);
            await Eventually.UntilAsync(() => db.WaitingWriters == 1, "the sent mark waits for the turn");
            claim = outbox.ClaimAsync(reply, urgent: true, CancellationToken.None);
            await Eventually.UntilAsync(() => db.WaitingWriters == 2, "the claim waits behind it");
        }

        await Task.WhenAll(mark, claim);
        await using var check = await db.OpenAsync();
        var order = (await check.QueryAsync<(long OutboxId, string Status)>("SELECT outbox_id, status FROM test_write_order ORDER BY seq")).ToList();
        Assert.That(order, Is.EqualTo(new[] { (reply, "sending"), (announcement, "sent") }), "the reply goes first although its write came second");
    }

    [Test]
    public async Task A_4500_character_reply_arrives_as_three_clean_messages_in_order()
    {
        var text = ZaloBot.Tests.Zalo.ZaloTextTests.Prose(4500);
        var router = new ReplyingRouter(BotMessage.Say(text));
        await using var app = new TestApp(TestApp.NewDatabasePath(), services => services.UseRouter(router));
        using var client = app.CreateClient();

        (await client.PostSignedAsync(ZaloWebhooks.UserText("2468458835296197940", "msg-long", "kể chuyện dài"))).Dispose();

        await Eventually.UntilAsync(() => app.Emulator.MessagesIn("user:2468458835296197940").Count == 3, "three messages arrived");
        var shown = app.Emulator.MessagesIn("user:2468458835296197940").Select(m => m.Text!).ToList();
        Assert.That(shown.Select(t => t.Length), Has.All.LessThanOrEqualTo(2000));
        Assert.That(string.Join(' ', shown).Split(' '), Is.EqualTo(text.Split(' ')), "no word was cut, lost or reordered");
    }

    /// <summary>Replies with a fixed message to whatever it gets.</summary>
    private sealed class ReplyingRouter(BotMessage reply) : IEventRouter
    {
        public Task RouteAsync(EventContext context, CancellationToken cancellationToken) => context.ReplyAsync(reply);
    }

    private static string Receipt(string eventName, string userId, string messageIds) =>
        $$$"""{"app_id":"{{{TestApp.AppId}}}","event_name":"{{{eventName}}}","timestamp":"{{{ZaloWebhooks.NextTimestamp()}}}","sender":{"id":"oa"},"recipient":{"id":"{{{userId}}}"},"message":{{{{messageIds}}}}}""";
}
