using System.Diagnostics;

namespace ZaloBot.Bench;

/// <summary>End to end at a fixed rate, with Zalo <see cref="ZaloLatencyMs"/> away: from posting an event to the emulator receiving its reply.</summary>
internal sealed record EndToEndResult(
    int ZaloLatencyMs, double Rate, string Kinds, int Measured, int Missing, long PostErrors, LatencySummary Latency, LatencySummary Ack)
{
    /// <summary>App CPU time (user + system, from /proc) over the measured run ÷ the replies it sent: every event gets one.</summary>
    public double CpuMicrosecondsPerEvent { get; set; }
}

internal static class EndToEndBench
{
    public static async Task<EndToEndResult> RunAsync(Launcher launcher, BenchPlan plan, int latencyMs)
    {
        var kinds = Workload.TimedKinds;
        var factory = Launcher.NewFactory();
        var random = new Random(2);
        var warmupEvents = Enumerable.Range(0, (int)(plan.EndToEndRate * plan.EndToEndWarmup.TotalSeconds))
            .Select(i => Workload.Create(factory, kinds[i % kinds.Count], random)).ToArray();
        var measured = (int)(plan.EndToEndRate * plan.EndToEndDuration.TotalSeconds);
        var events = Enumerable.Range(0, measured).Select(i => Workload.Create(factory, kinds[i % kinds.Count], random)).ToArray();

        await using var emulator = await EmulatorServer.StartAsync(TimeSpan.FromMilliseconds(latencyMs));
        var database = launcher.NewDatabasePath($"e2e-{latencyMs}ms");
        var app = await launcher.StartAppAsync($"app-e2e-{latencyMs}ms", database, emulator.BaseUrl, settings: Launcher.WideSender);
        EndToEndResult? result = null;
        var cpuBefore = TimeSpan.Zero;
        try
        {
            // Warm-up at the same rate, then until every warm-up reply is out, so the JIT has done its work.
            await LoadGenerator.OpenLoopAsync(app.BaseUrl, warmupEvents, warmupEvents.Length, plan.EndToEndRate, plan.LatencyConnections, TimeSpan.FromSeconds(30));
            var idle = await AppDatabase.WaitIdleAsync(database, TimeSpan.FromSeconds(60));
            Console.WriteLine($"  app warmed up with {warmupEvents.Length} events{(idle ? "" : " (its backlog did not drain in 60 s)")}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            app.Sample();
            cpuBefore = app.CpuTime;
            var run = await LoadGenerator.OpenLoopAsync(app.BaseUrl, events, events.Length, plan.EndToEndRate, plan.LatencyConnections, TimeSpan.FromSeconds(30));

            // Replies still on their way get a bounded wait; whatever has not arrived by then is missing.
            var deadline = Stopwatch.GetTimestamp() + LoadGenerator.Ticks(TimeSpan.FromSeconds(15));
            while (Stopwatch.GetTimestamp() < deadline && events.Any(e => !emulator.Replies.TryGetFirstArrival(e.Recipient!, out _)))
            {
                await Task.Delay(50);
            }

            var latency = new LatencyRecorder(measured);
            var missing = 0;
            for (var i = 0; i < events.Length; i++)
            {
                if (emulator.Replies.TryGetFirstArrival(events[i].Recipient!, out var arrived))
                {
                    latency.Add(LatencyRecorder.Milliseconds(run.ScheduledAt[i], arrived));
                }
                else
                {
                    missing++;
                }
            }

            result = new EndToEndResult(latencyMs, plan.EndToEndRate, string.Join(", ", kinds.Select(k => k.Name)), measured, missing, run.Errors, latency.Summarize(), run.Latency);
            Console.WriteLine($"  e2e at {result.Rate}/s, Zalo {latencyMs} ms away: p50 {result.Latency.P50:0.0} ms, p99 {result.Latency.P99:0.0} ms, {missing} missing");
            return result;
        }
        finally
        {
            await launcher.StopAppAsync(app, $"end to end, Zalo {latencyMs} ms away");
            if (result is not null)
            {
                result.CpuMicrosecondsPerEvent = (app.CpuTime - cpuBefore).TotalMicroseconds / events.Length;
                Console.WriteLine($"  app CPU per replied event: {result.CpuMicrosecondsPerEvent:0} µs");
            }

            await app.DisposeAsync();
        }
    }
}
