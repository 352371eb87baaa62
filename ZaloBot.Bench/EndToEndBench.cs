using System.Diagnostics;

namespace ZaloBot.Bench;

/// <summary>End to end at a fixed rate: from posting an event to the emulator receiving its reply.</summary>
internal sealed record EndToEndResult(double Rate, string Kinds, int Measured, int Missing, long PostErrors, LatencySummary Latency, LatencySummary Ack)
{
    /// <summary>App CPU time per event (warm-up included), from /proc.</summary>
    public double CpuMicrosecondsPerEvent { get; set; }
}

internal static class EndToEndBench
{
    public static async Task<EndToEndResult> RunAsync(Launcher launcher, BenchPlan plan)
    {
        var kinds = Workload.TimedKinds;
        var factory = Launcher.NewFactory();
        var random = new Random(2);
        var warmup = (int)(plan.EndToEndRate * plan.EndToEndWarmup.TotalSeconds);
        var measured = (int)(plan.EndToEndRate * plan.EndToEndDuration.TotalSeconds);
        var events = Enumerable.Range(0, warmup + measured).Select(i => Workload.Create(factory, kinds[i % kinds.Count], random)).ToArray();

        await using var emulator = await EmulatorServer.StartAsync();
        var app = await launcher.StartAppAsync("app-e2e", launcher.NewDatabasePath("e2e"), emulator.BaseUrl);
        EndToEndResult? result = null;
        try
        {
            var run = await LoadGenerator.OpenLoopAsync(app.BaseUrl, events, events.Length, plan.EndToEndRate, plan.LatencyConnections, TimeSpan.FromSeconds(30));

            // Replies still on their way get a bounded wait; whatever has not arrived by then is missing.
            var deadline = Stopwatch.GetTimestamp() + LoadGenerator.Ticks(TimeSpan.FromSeconds(15));
            while (Stopwatch.GetTimestamp() < deadline && events.Skip(warmup).Any(e => !emulator.Replies.TryGetFirstArrival(e.Recipient!, out _)))
            {
                await Task.Delay(50);
            }

            var latency = new LatencyRecorder(measured);
            var missing = 0;
            for (var i = warmup; i < events.Length; i++)
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

            result = new EndToEndResult(plan.EndToEndRate, string.Join(", ", kinds.Select(k => k.Name)), measured, missing, run.Errors, latency.Summarize(), run.Latency);
            Console.WriteLine($"  e2e at {result.Rate}/s: p50 {result.Latency.P50:0.0} ms, p99 {result.Latency.P99:0.0} ms, {missing} missing");
            return result;
        }
        finally
        {
            var reading = await launcher.StopAppAsync(app, "end to end");
            if (result is not null)
            {
                result.CpuMicrosecondsPerEvent = reading.Cpu.TotalMicroseconds / events.Length;
                Console.WriteLine($"  app CPU per event: {result.CpuMicrosecondsPerEvent:0} µs");
            }

            await app.DisposeAsync();
        }
    }
}
