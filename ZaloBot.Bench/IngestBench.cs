namespace ZaloBot.Bench;

/// <summary>Webhook ingest, the app beside the no-op endpoint: closed-loop maximum, then open-loop latency at 70% of it.</summary>
/// <param name="AppTextMax">The app's maximum with residents' texts instead, each answered by the guides and sent
/// through the outbox to the emulator while the run goes on: the same webhook path under the heaviest background work.</param>
internal sealed record IngestResult(
    ClosedLoopResult NoopMax, OpenLoopResult NoopAtLoad, ClosedLoopResult AppMax, OpenLoopResult AppAtLoad, TimeSpan NoopCpu, TimeSpan AppMaxCpu,
    TimeSpan AppAtLoadCpu, ClosedLoopResult AppTextMax, TimeSpan AppTextCpu)
{
    /// <summary>What the ingest runs post: read receipts, the most frequent webhook (two per message the OA sends).</summary>
    public static string EventKind => Workload.SeenReceipt.Name;

    public double TextRatio => AppTextMax.Rate / NoopMax.Rate;

    public double AppTextCpuMicroseconds => AppTextCpu.TotalMicroseconds / Math.Max(1, AppTextMax.AcknowledgedWithWarmup);

    /// <summary>The app's sustained rate as a share of the no-op endpoint's.</summary>
    public double Ratio => AppMax.Rate / NoopMax.Rate;

    /// <summary>No-op endpoint CPU per request over both of its runs.</summary>
    public double NoopCpuMicroseconds => NoopCpu.TotalMicroseconds / Math.Max(1, NoopMax.AcknowledgedWithWarmup + NoopAtLoad.Acknowledged);

    /// <summary>App CPU per acknowledged event in the maximum-rate run (its dispatcher's share of the backlog included).</summary>
    public double AppMaxCpuMicroseconds => AppMaxCpu.TotalMicroseconds / Math.Max(1, AppMax.AcknowledgedWithWarmup);

    /// <summary>App CPU per event at 70% load, the dispatcher's handling included.</summary>
    public double AppAtLoadCpuMicroseconds => AppAtLoadCpu.TotalMicroseconds / Math.Max(1, AppAtLoad.Acknowledged);
}

internal static class IngestBench
{
    public static async Task<IngestResult> RunAsync(Launcher launcher, BenchPlan plan)
    {
        // Distinct, pre-signed read receipts: the most frequent webhook, whose handling is a small update, so the run
        // measures the webhook path. Each app process gets a fresh database, so the same pool is new to each; the
        // no-op endpoint stores nothing and may see the pool twice. Residents' texts get a maximum run of their own.
        Console.WriteLine($"  signing {plan.IngestPoolSize} distinct events…");
        var factory = Launcher.NewFactory();
        var random = new Random(1);
        var pool = new WebhookEvent[plan.IngestPoolSize];
        for (var i = 0; i < pool.Length; i++)
        {
            pool[i] = Workload.Create(factory, Workload.SeenReceipt, random);
        }

        // Enough for 13 s at 4,000 a second: the app took about 3,100 a second, and a pool that runs out cuts the run short.
        var texts = new WebhookEvent[plan.IngestPoolSize / 2];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = Workload.Create(factory, Workload.ResidentText, random);
        }

        ClosedLoopResult noopMax;
        OpenLoopResult noopAtLoad;
        TimeSpan noopCpu;
        await using (var noop = await launcher.StartNoopAsync("noop"))
        {
            noopMax = await LoadGenerator.ClosedLoopAsync(noop.BaseUrl, pool, recycle: true, plan.IngestConnections, plan.IngestWarmup, plan.IngestDuration);
            Console.WriteLine($"  no-op: {noopMax.Rate:0} req/s max ({noopMax.Errors} errors)");
            noopAtLoad = await AtLoadAsync(noop.BaseUrl, pool, noopMax.Rate, plan);
            Console.WriteLine($"  no-op at {noopAtLoad.OfferedRate:0}/s: p50 {noopAtLoad.Latency.P50:0.00} ms, p99 {noopAtLoad.Latency.P99:0.00} ms ({noopAtLoad.Errors} errors; generator late by {noopAtLoad.Lateness.P99:0.0} ms at p99)");
            await noop.KillAsync();
            noopCpu = noop.CpuTime - noop.CpuAtReady;
        }

        await using var emulator = await EmulatorServer.StartAsync(TimeSpan.Zero);
        var (appMax, appMaxCpu) = await AppMaximumAsync(launcher, emulator, "max", "ingest, maximum rate", pool, plan);
        Console.WriteLine($"  app: {appMax.Rate:0} events/s max ({appMax.Errors} errors{PoolNote(appMax)})");

        // A fresh process and database for the latency run, so the backlog of the maximum run does not weigh on it;
        // warmed up first (closed loop, then until its dispatcher has caught up), so the JIT does not weigh on it either.
        var loadDatabase = launcher.NewDatabasePath("ingest-load");
        var app = await launcher.StartAppAsync("app-ingest-load", loadDatabase, emulator.BaseUrl);
        OpenLoopResult appAtLoad;
        var appAtLoadCpu = TimeSpan.Zero;
        var cpuBefore = TimeSpan.Zero;
        try
        {
            var warmup = await LoadGenerator.ClosedLoopAsync(app.BaseUrl, pool, recycle: false, plan.IngestConnections, TimeSpan.Zero, plan.IngestWarmup);
            var idle = await AppDatabase.WaitIdleAsync(loadDatabase, TimeSpan.FromSeconds(60));
            Console.WriteLine($"  app warmed up with {warmup.AcknowledgedWithWarmup} events{(idle ? "" : " (its backlog did not drain in 60 s)")}");
            var fresh = (int)Math.Min(pool.Length, warmup.AcknowledgedWithWarmup + warmup.Errors + plan.IngestConnections);
            app.Sample();
            cpuBefore = app.CpuTime;
            appAtLoad = await AtLoadAsync(app.BaseUrl, new ArraySegment<WebhookEvent>(pool, fresh, pool.Length - fresh), appMax.Rate, plan);
            Console.WriteLine($"  app at {appAtLoad.OfferedRate:0}/s: p50 {appAtLoad.Latency.P50:0.00} ms, p99 {appAtLoad.Latency.P99:0.00} ms ({appAtLoad.Errors} errors; generator late by {appAtLoad.Lateness.P99:0.0} ms at p99)");
        }
        finally
        {
            await launcher.StopAppAsync(app, "ingest, 70% load");
            appAtLoadCpu = app.CpuTime - cpuBefore;
            await app.DisposeAsync();
        }

        // The same maximum with residents' texts, each answered through the whole pipeline while the run goes on.
        var (appTextMax, appTextCpu) = await AppMaximumAsync(launcher, emulator, "texts", "ingest, residents' texts", texts, plan);
        Console.WriteLine($"  app, residents' texts: {appTextMax.Rate:0} events/s max ({appTextMax.Errors} errors{PoolNote(appTextMax)}); {emulator.Replies.Total} replies sent meanwhile");

        var result = new IngestResult(noopMax, noopAtLoad, appMax, appAtLoad, noopCpu, appMaxCpu, appAtLoadCpu, appTextMax, appTextCpu);
        Console.WriteLine($"  CPU per request: app {result.AppMaxCpuMicroseconds:0} µs at its maximum, {result.AppAtLoadCpuMicroseconds:0} µs at 70%; no-op {result.NoopCpuMicroseconds:0} µs");
        return result;
    }

    /// <summary>The closed-loop maximum of a fresh app process and database, and the CPU the process used.</summary>
    private static async Task<(ClosedLoopResult Result, TimeSpan Cpu)> AppMaximumAsync(
        Launcher launcher, EmulatorServer emulator, string name, string phase, WebhookEvent[] events, BenchPlan plan)
    {
        var app = await launcher.StartAppAsync("app-ingest-" + name, launcher.NewDatabasePath("ingest-" + name), emulator.BaseUrl);
        ClosedLoopResult result;
        TimeSpan cpu;
        try
        {
            result = await LoadGenerator.ClosedLoopAsync(app.BaseUrl, events, recycle: false, plan.IngestConnections, plan.IngestWarmup, plan.IngestDuration);
        }
        finally
        {
            cpu = (await launcher.StopAppAsync(app, phase)).Cpu;
            await app.DisposeAsync();
        }

        return (result, cpu);
    }

    private static string PoolNote(ClosedLoopResult run) => run.PoolExhausted ? ", event pool ran out" : "";

    private static Task<OpenLoopResult> AtLoadAsync(Uri baseUrl, IReadOnlyList<WebhookEvent> pool, double maxRate, BenchPlan plan)
    {
        var rate = Math.Max(1, maxRate * plan.LatencyLoad);
        var count = (int)Math.Min(pool.Count, rate * plan.LatencyDuration.TotalSeconds);
        return LoadGenerator.OpenLoopAsync(baseUrl, pool, count, rate, plan.LatencyConnections, TimeSpan.FromSeconds(30));
    }
}
