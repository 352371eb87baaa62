using System.Diagnostics;
using System.Globalization;
using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.Bench;

/// <summary>
/// Residents writing at the same moment (as after an announcement), answered at the app's default send limit and
/// sender parallelism with Zalo <see cref="ZaloLatencyMs"/> away; times in milliseconds from the burst's start.
/// </summary>
internal sealed record BurstResult(
    int ZaloLatencyMs, int Residents, int Limit, int Parallelism, int Received, double FirstMs, double MedianMs, double LastMs)
{
    /// <summary>Replies a second from the first to the last, ÷ the limit.</summary>
    public double Sustained => Received > 1 && LastMs > FirstMs ? (Received - 1) / ((LastMs - FirstMs) / 1000) / Limit : 0;
}

internal static class BurstBench
{
    public static async Task<BurstResult> RunAsync(Launcher launcher, BenchPlan plan, int latencyMs)
    {
        var limit = new ZaloClientOptions().SendsPerSecond;
        var parallelism = launcher.ReplyParallelism(new MessagingOptions().SenderParallelism);
        var factory = Launcher.NewFactory();
        var random = new Random(4);
        await using var emulator = await EmulatorServer.StartAsync(TimeSpan.FromMilliseconds(latencyMs));
        var database = launcher.NewDatabasePath($"burst-{latencyMs}ms");
        var app = await launcher.StartAppAsync($"app-burst-{latencyMs}ms", database, emulator.BaseUrl, settings: new Dictionary<string, string>
        {
            ["Zalo__Client__SendsPerSecond"] = limit.ToString(CultureInfo.InvariantCulture),
        });
        try
        {
            // A few residents first, one at a time, so the JIT has done its work; then a second for the bucket to refill.
            using var client = LoadGenerator.NewClient(app.BaseUrl, plan.BurstResidents, TimeSpan.FromSeconds(30));
            foreach (var warmup in Enumerable.Range(0, 5).Select(_ => Workload.Create(factory, Workload.ResidentText, random)))
            {
                await LoadGenerator.TryPostAsync(client, warmup);
            }

            await AppDatabase.WaitIdleAsync(database, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(1));

            var burst = Enumerable.Range(0, plan.BurstResidents).Select(_ => Workload.Create(factory, Workload.ResidentText, random)).ToArray();
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(burst.Select(e => LoadGenerator.TryPostAsync(client, e)));
            var expected = TimeSpan.FromSeconds(plan.BurstResidents / (double)limit);
            var deadline = started + LoadGenerator.Ticks(expected * 3 + TimeSpan.FromSeconds(30));
            while (Stopwatch.GetTimestamp() < deadline && burst.Any(e => !emulator.Replies.TryGetFirstArrival(e.Recipient!, out _)))
            {
                await Task.Delay(20);
            }

            var arrivals = burst.Select(e => emulator.Replies.TryGetFirstArrival(e.Recipient!, out var at) ? LatencyRecorder.Milliseconds(started, at) : (double?)null)
                .OfType<double>().Order().ToArray();
            var result = arrivals.Length == 0
                ? new BurstResult(latencyMs, burst.Length, limit, parallelism, 0, double.NaN, double.NaN, double.NaN)
                : new BurstResult(latencyMs, burst.Length, limit, parallelism, arrivals.Length, arrivals[0], arrivals[arrivals.Length / 2], arrivals[^1]);
            Console.WriteLine($"  {burst.Length} residents at once, Zalo {latencyMs} ms away, limit {limit}/s, {parallelism} reply workers: "
                + $"first {result.FirstMs / 1000:0.00} s, median {result.MedianMs / 1000:0.00} s, last {result.LastMs / 1000:0.00} s; {result.Sustained * 100:0}% of the limit");
            return result;
        }
        finally
        {
            await launcher.StopAppAsync(app, $"burst, Zalo {latencyMs} ms away");
            await app.DisposeAsync();
        }
    }
}
