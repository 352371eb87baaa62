using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Messaging;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Messaging;

public sealed class DispatcherTests
{
    private static Action<IServiceCollection> With(RecordingRouter router) => services => services.UseRouter(router);

    [Test]
    public async Task Event_in_flight_when_the_app_stops_is_handled_after_restart_and_done_events_are_not()
    {
        var database = TestApp.NewDatabasePath();
        var first = new RecordingRouter();
        var inFlight = new TaskCompletionSource();
        first.Before = async (e, ct) =>
        {
            if (RecordingRouter.TextOf(e) == "tin 3")
            {
                // Handlers run inside the dispatcher's transaction; this one never finishes before the stop.
                inFlight.TrySetResult();
                await new TaskCompletionSource().Task.WaitAsync(ct);
            }
        };

        await using (var app = new TestApp(database, With(first)))
        {
            using var client = app.CreateClient();
            for (var i = 1; i <= 3; i++)
            {
                (await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000010", $"msg-flight-{i}", $"tin {i}"))).Dispose();
            }

            await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }

        Assert.That(first.TextsOf("user:6142494823000000010"), Is.EqualTo(new[] { "tin 1", "tin 2" }));
        var second = new RecordingRouter();
        await using var restarted = new TestApp(database, With(second));

        await Eventually.UntilAsync(() => second.Handled.Count == 1, "the in-flight event was handled after restart");
        await restarted.Services.GetRequiredService<Dispatcher>().WhenIdleAsync();
        Assert.That(second.TextsOf("user:6142494823000000010"), Is.EqualTo(new[] { "tin 3" }));
        Assert.That(await restarted.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status = 'done'"), Is.EqualTo(3));
    }

    [Test]
    public async Task One_conversation_keeps_its_order_while_another_proceeds()
    {
        var handler = new RecordingRouter();
        var handledFast = 0;
        handler.Before = (e, _) =>
        {
            if (RecordingRouter.KeyOf(e) != "group:slow")
            {
                Interlocked.Increment(ref handledFast);
                return Task.CompletedTask;
            }

            // The group's events keep failing (and backing off) until the other conversation is through.
            return Volatile.Read(ref handledFast) < 5 ? throw new TimeoutException("nhóm đang bận") : Task.CompletedTask;
        };
        await using var app = new TestApp(TestApp.NewDatabasePath(), With(handler), new() { ["Messaging:MaxAttempts"] = "30" });
        using var client = app.CreateClient();

        for (var i = 1; i <= 5; i++)
        {
            (await client.PostSignedAsync(ZaloWebhooks.GroupText("slow", "member-1", $"msg-slow-{i}", $"chậm {i}"))).Dispose();
        }

        for (var i = 1; i <= 5; i++)
        {
            (await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000011", $"msg-fast-{i}", $"nhanh {i}"))).Dispose();
        }

        await Eventually.UntilAsync(() => handler.Handled.Count == 10, "both conversations were handled");
        Assert.That(handler.TextsOf("group:slow"), Is.EqualTo(new[] { "chậm 1", "chậm 2", "chậm 3", "chậm 4", "chậm 5" }));
        Assert.That(handler.TextsOf("user:6142494823000000011"), Is.EqualTo(new[] { "nhanh 1", "nhanh 2", "nhanh 3", "nhanh 4", "nhanh 5" }));
        Assert.That(handler.Handled.Take(5).Select(RecordingRouter.KeyOf), Is.All.EqualTo("user:6142494823000000011"), "the other conversation went first");
    }

    [Test]
    public async Task Handler_that_keeps_failing_ends_as_dead_letter_with_its_error_and_unblocks_its_conversation()
    {
        var attempts = new ConcurrentDictionary<string, int>();
        var handler = new RecordingRouter
        {
            Before = (e, _) =>
            {
                var text = RecordingRouter.TextOf(e);
                attempts.AddOrUpdate(text, 1, (_, n) => n + 1);
                return text == "hỏng" ? throw new InvalidOperationException("không đọc được sổ hộ") : Task.CompletedTask;
            },
        };
        await using var app = new TestApp(TestApp.NewDatabasePath(), With(handler), new() { ["Messaging:MaxAttempts"] = "3" });
        using var client = app.CreateClient();

        (await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000012", "msg-poison", "hỏng"))).Dispose();
        (await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000012", "msg-after-poison", "tiếp"))).Dispose();

        await Eventually.UntilAsync(() => handler.Handled.Count == 1, "the next event ran after the dead-letter");
        await using var db = await app.OpenDatabaseAsync();
        var row = await Dapper.SqlMapper.QuerySingleAsync<(string Status, long Attempts, string LastError)>(
            db, "SELECT status, attempts, last_error FROM inbox_events WHERE event_key = 'user_send_text:msg-poison'");
        Assert.That(row.Status, Is.EqualTo(InboxStatus.Dead));
        Assert.That(row.Attempts, Is.EqualTo(3));
        Assert.That(row.LastError, Is.EqualTo("InvalidOperationException: không đọc được sổ hộ"));
        Assert.That(attempts["hỏng"], Is.EqualTo(3));
        Assert.That(handler.TextsOf("user:6142494823000000012"), Is.EqualTo(new[] { "tiếp" }));
    }

    [Test]
    public async Task Handler_that_fails_once_is_retried_and_its_writes_commit_only_with_success()
    {
        var failures = 0;
        var handler = new RecordingRouter
        {
            Before = (_, _) => Interlocked.Increment(ref failures) == 1 ? throw new TimeoutException("chậm") : Task.CompletedTask,
        };
        await using var app = new TestApp(TestApp.NewDatabasePath(), With(handler));
        using var client = app.CreateClient();

        (await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000013", "msg-flaky", "thử lại"))).Dispose();

        await Eventually.UntilAsync(() => handler.Handled.Count == 1, "the retry succeeded");
        await Eventually.UntilAsync(
            async () => await app.QueryScalarAsync<string>("SELECT status FROM inbox_events") == InboxStatus.Done, "the event is done");
        Assert.That(await app.QueryScalarAsync<long>("SELECT attempts FROM inbox_events"), Is.EqualTo(2));
    }

    [Test]
    public async Task Events_handled_in_one_transaction_keep_their_replies_when_one_fails_and_its_conversation_waits_for_its_retry()
    {
        var database = TestApp.NewDatabasePath();
        await using (new TestApp(database))
        {
            // Only creates the schema.
        }

        // Stored while no app runs, so the dispatcher's first round takes them all into one transaction.
        var events = new[]
        {
            ("6142494823000000021", "msg-batch-1", "một"),
            ("6142494823000000022", "msg-batch-2", "hỏng"),
            ("6142494823000000022", "msg-batch-3", "sau hỏng"),
            ("6142494823000000023", "msg-batch-4", "hai"),
        };
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
        {
            foreach (var (userId, msgId, text) in events)
            {
                await Dapper.SqlMapper.ExecuteAsync(connection, """
                    INSERT INTO inbox_events (event_key, event_name, conversation_key, body, status, next_attempt_at, received_at)
                    VALUES (@Key, 'user_send_text', @Conversation, @Body, 'pending', 0, 0)
                    """, new { Key = "user_send_text:" + msgId, Conversation = "user:" + userId, Body = ZaloWebhooks.UserText(userId, msgId, text) });
            }
        }

        var handler = new ReplyingRouter();
        await using var app = new TestApp(database, services => services.UseRouter(handler));

        await Eventually.UntilAsync(
            async () => await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status = 'done'") == 4, "every event is done");
        Assert.That(handler.Texts, Is.EqualTo(new[] { "một", "hai", "hỏng", "sau hỏng" }),
            "the failed event's conversation waited for its retry while the others went on");
        await using var db = await app.OpenDatabaseAsync();
        var recipients = await Dapper.SqlMapper.QueryAsync<string>(db, "SELECT recipient_id FROM outbox_messages ORDER BY id");
        Assert.That(recipients, Is.EqualTo(new[]
        {
            "6142494823000000021", "6142494823000000023", "6142494823000000022", "6142494823000000022",
        }), "one reply per handled event; the failed attempt's reply was undone with it");
        Assert.That(await app.QueryScalarAsync<long>("SELECT attempts FROM inbox_events WHERE event_key = 'user_send_text:msg-batch-2'"), Is.EqualTo(2));
    }

    /// <summary>Replies "đã nhận" to every text; "hỏng" fails on its first attempt after queueing its reply.</summary>
    private sealed class ReplyingRouter : IEventRouter
    {
        private readonly ConcurrentQueue<string> _texts = new();
        private int _failures;

        public IReadOnlyList<string> Texts => [.. _texts];

        public async Task RouteAsync(EventContext context, CancellationToken cancellationToken)
        {
            var text = RecordingRouter.TextOf(context.Event);
            await context.ReplyAsync(BotMessage.Say("đã nhận: " + text));
            if (text == "hỏng" && Interlocked.Increment(ref _failures) == 1)
            {
                throw new InvalidOperationException("lỗi một lần");
            }

            _texts.Enqueue(text);
        }
    }
}
