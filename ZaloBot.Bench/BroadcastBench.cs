using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ZaloBot.Bench;

/// <summary>Broadcast pace: one announcement to many residents at a configured send limit, with replies beside it.</summary>
/// <param name="Pace">Messages Zalo received per second while the announcement went out (its own and the replies), ÷ the limit.</param>
/// <param name="AnnouncementPace">The announcement's own messages per second ÷ the limit.</param>
internal sealed record BroadcastResult(
    int ZaloLatencyMs, int Recipients, int Limit, int Delivered, double Pace, double AnnouncementPace, TimeSpan Duration, double ReplyRate,
    LatencySummary IdleReplies, LatencySummary RepliesDuring, int RepliesMissing, string Summary)
{
    /// <summary>Reply p99 during the announcement ÷ the idle p99 (target ≤ 2).</summary>
    public double ReplySlowdown => RepliesDuring.P99 / IdleReplies.P99;
}

internal static class BroadcastBench
{
    private const string AdminKey = "bench-admin-key-0123456789abcdef";

    public static async Task<BroadcastResult> RunAsync(Launcher launcher, BenchPlan plan, int latencyMs)
    {
        var factory = Launcher.NewFactory();
        var random = new Random(6);
        await using var emulator = await EmulatorServer.StartAsync(TimeSpan.FromMilliseconds(latencyMs));
        var database = launcher.NewDatabasePath($"broadcast-{latencyMs}ms");
        var settings = new Dictionary<string, string>(Launcher.WideSender)
        {
            ["Zalo__Client__SendsPerSecond"] = plan.BroadcastLimit.ToString(CultureInfo.InvariantCulture),
            ["Admin__ApiKeys__0"] = AdminKey,
        };
        var app = await launcher.StartAppAsync($"app-broadcast-{latencyMs}ms", database, emulator.BaseUrl, settings: settings);
        try
        {
            // Residents who followed the OA just now (inside Zalo's 7-day window), written straight into the
            // contacts table: 10,000 follows through the webhook would take minutes of welcomes first.
            var residents = Enumerable.Range(0, plan.BroadcastRecipients)
                .Select(i => (7_000_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
            await SeedFollowersAsync(database, residents);

            // Replies alone first (they also warm the app up), then the same replies while the announcement goes out.
            using var admin = LoadGenerator.NewClient(app.BaseUrl, 4, TimeSpan.FromSeconds(30));
            admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            await RepliesAsync(app, emulator, factory, random, plan, plan.BroadcastReplyWindow);
            var idle = await RepliesAsync(app, emulator, factory, random, plan, plan.BroadcastReplyWindow);
            Console.WriteLine($"  replies alone at {plan.BroadcastReplyRate}/s: p50 {idle.Latency.P50:0.0} ms, p99 {idle.Latency.P99:0.0} ms");

            using var created = await admin.PostAsJsonAsync(new Uri("/admin/api/broadcasts", UriKind.Relative), new
            {
                title = "Lịch hỗ trợ cài VNeID",
                text = "Thứ Bảy 30/11, 7 giờ 30, tại nhà văn hóa thôn, Tổ công nghệ số cộng đồng hỗ trợ bà con cài VNeID. Bà con mang theo căn cước.",
                audience = "residents",
                // Urgent, so the night hold (22:00–06:00 Vietnam time) never delays a run.
                urgent = true,
            });
            created.EnsureSuccessStatusCode();
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            using (var send = await admin.PostAsync(new Uri($"/admin/api/broadcasts/{id}/send", UriKind.Relative), null))
            {
                send.EnsureSuccessStatusCode();
            }

            var started = Stopwatch.GetTimestamp();
            var expected = TimeSpan.FromSeconds(plan.BroadcastRecipients / (double)plan.BroadcastLimit);
            await Task.Delay(expected * 0.2);
            var during = await RepliesAsync(app, emulator, factory, random, plan, expected * 0.6);
            Console.WriteLine($"  replies during the announcement: p50 {during.Latency.P50:0.0} ms, p99 {during.Latency.P99:0.0} ms");

            // Until every resident has it, or a bounded wait.
            var deadline = started + LoadGenerator.Ticks(expected * 2 + TimeSpan.FromSeconds(30));
            while (Stopwatch.GetTimestamp() < deadline && residents.Any(r => emulator.Replies.CountFor("user:" + r) == 0))
            {
                await Task.Delay(250);
            }

            var arrivals = residents.Select(r => emulator.Replies.TryGetFirstArrival("user:" + r, out var at) ? at : (long?)null)
                .OfType<long>().Order().ToArray();
            var duration = arrivals.Length > 1 ? TimeSpan.FromMilliseconds(LatencyRecorder.Milliseconds(arrivals[0], arrivals[^1])) : TimeSpan.Zero;
            // The pace in steady state: from the 10th to the 90th percentile of the announcement's messages, which
            // leaves out the limiter's initial burst (its bucket starts full) and the last stragglers.
            var (announcementRate, totalRate) = SteadyRates(arrivals, replyArrivals: during.Arrivals);
            // The app's account once its runner has seen the last send land (it closes an announcement on its next
            // step, up to a poll interval after the last message reached Zalo), or as it stands after a bounded wait.
            var summary = await SummaryAsync(admin, id);
            for (var wait = Stopwatch.GetTimestamp() + LoadGenerator.Ticks(TimeSpan.FromSeconds(10));
                 summary.StartsWith("Đang gửi", StringComparison.Ordinal) && Stopwatch.GetTimestamp() < wait;
                 summary = await SummaryAsync(admin, id))
            {
                await Task.Delay(250);
            }

            var result = new BroadcastResult(
                latencyMs, residents.Count, plan.BroadcastLimit, arrivals.Length, totalRate / plan.BroadcastLimit,
                announcementRate / plan.BroadcastLimit, duration, plan.BroadcastReplyRate, idle.Latency, during.Latency, idle.Missing + during.Missing, summary);
            Console.WriteLine($"  announcement: {arrivals.Length}/{residents.Count} residents in {duration.TotalSeconds:0.0} s = {announcementRate:0.0}/s; with the replies {totalRate:0.0}/s of a {plan.BroadcastLimit}/s limit");
            Console.WriteLine($"  {summary}");
            return result;
        }
        finally
        {
            await launcher.StopAppAsync(app, $"broadcast, Zalo {latencyMs} ms away");
            await app.DisposeAsync();
        }
    }

    private static async Task<string> SummaryAsync(HttpClient admin, long id)
    {
        using var status = await admin.GetAsync(new Uri($"/admin/api/broadcasts/{id}", UriKind.Relative));
        return status.IsSuccessStatusCode
            ? (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetString() ?? ""
            : $"status {(int)status.StatusCode}";
    }

    /// <summary>Residents' texts at the plan's reply rate for <paramref name="window"/>; each reply timed at the emulator.</summary>
    private static (double Announcement, double All) SteadyRates(long[] arrivals, IReadOnlyList<long> replyArrivals)
    {
        if (arrivals.Length < 10)
        {
            return (0, 0);
        }

        var from = arrivals[arrivals.Length / 10];
        var to = arrivals[arrivals.Length * 9 / 10];
        var seconds = LatencyRecorder.Milliseconds(from, to) / 1000;
        var announcement = (arrivals.Length * 9 / 10 - arrivals.Length / 10) / seconds;
        var replies = replyArrivals.Count(t => t >= from && t < to) / seconds;
        return (announcement, announcement + replies);
    }

    private static async Task<(LatencySummary Latency, int Missing, IReadOnlyList<long> Arrivals)> RepliesAsync(
        ChildProcess app, EmulatorServer emulator, WebhookFactory factory, Random random, BenchPlan plan, TimeSpan window)
    {
        var events = Enumerable.Range(0, Math.Max(1, (int)(plan.BroadcastReplyRate * window.TotalSeconds)))
            .Select(_ => Workload.Create(factory, Workload.ResidentText, random)).ToArray();
        var run = await LoadGenerator.OpenLoopAsync(app.BaseUrl, events, events.Length, plan.BroadcastReplyRate, 16, TimeSpan.FromSeconds(30));
        var deadline = Stopwatch.GetTimestamp() + LoadGenerator.Ticks(TimeSpan.FromSeconds(15));
        while (Stopwatch.GetTimestamp() < deadline && events.Any(e => !emulator.Replies.TryGetFirstArrival(e.Recipient!, out _)))
        {
            await Task.Delay(50);
        }

        var latency = new LatencyRecorder(events.Length);
        var missing = 0;
        var arrivals = new List<long>(events.Length);
        for (var i = 0; i < events.Length; i++)
        {
            if (emulator.Replies.TryGetFirstArrival(events[i].Recipient!, out var arrived))
            {
                latency.Add(LatencyRecorder.Milliseconds(run.ScheduledAt[i], arrived));
                arrivals.Add(arrived);
            }
            else
            {
                missing++;
            }
        }

        return (latency.Summarize(), missing, arrivals);
    }

    private static async Task SeedFollowersAsync(string database, IReadOnlyList<string> residents)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = 30 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA busy_timeout = 10000;");
        await using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync("""
            INSERT INTO oa_contacts (zalo_user_id, is_follower, followed_at, last_interaction_at, first_seen_at, updated_at)
            VALUES (@Id, 1, @Now, @Now, @Now, @Now)
            """, residents.Select(r => new { Id = r, Now = now }), transaction);
        await transaction.CommitAsync();
    }
}
