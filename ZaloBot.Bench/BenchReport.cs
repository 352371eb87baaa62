using System.Text;
using static System.FormattableString;

namespace ZaloBot.Bench;

/// <summary>The results of one run, as BENCHMARKS.md and as the console summary.</summary>
internal sealed class BenchReport(MachineInfo machine, BenchOptions options, BenchPlan plan)
{
    public const string Command = "dotnet tool restore && dotnet cake --target=Bench";

    private const double TargetIngestRatio = 0.5;
    private const double TargetAckP99Ms = 25;
    private const double TargetEndToEndP99Ms = 100;
    private const double TargetBurstLastSeconds = 6;
    private const double TargetSustainedShare = 0.95;
    private const double TargetCpuPerRepliedEventMicroseconds = 1000;
    private const double TargetPeakRssMb = 250;

    /// <summary>Above this, an open-loop run's generator was itself behind schedule, and the report says so.</summary>
    private const double GeneratorLateMs = 5;

    public IngestResult? Ingest { get; set; }

    /// <summary>One per Zalo latency of the plan, as are the lists below.</summary>
    public List<EndToEndResult> EndToEnd { get; } = [];

    public List<BurstResult> Bursts { get; } = [];

    public List<BroadcastResult> Broadcasts { get; } = [];

    public List<CrashResult> Crashes { get; } = [];

    public ScaleResult? Scale { get; set; }

    public IReadOnlyList<MemoryReading> Memory { get; set; } = [];

    public TimeSpan Elapsed { get; set; }

    public string LoadAfter { get; set; } = "?";

    public string? Failure { get; set; }

    /// <summary>
    /// Peak RSS over the app processes of measurements 1–3; the crash test's runs and the province-scale run (a
    /// million rows, with a target of its own) are listed apart.
    /// </summary>
    private double? PeakRssMb => Memory.Where(m => !m.Phase.StartsWith("crash", StringComparison.Ordinal) && m.Phase != "scale")
        .Select(m => m.PeakRssKb / 1024.0)
        .DefaultIfEmpty(double.NaN).Max() is var mb && double.IsNaN(mb) ? null : mb;

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine(Invariant($"Written by the benchmark harness (`ZaloBot.Bench/`), {(options.Quick ? "**quick smoke run** (`--quick`: tiny sizes, not figures to quote)" : "full run")}, on {machine.Date:yyyy-MM-dd HH:mm} UTC. To measure again and rewrite this file:"));
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine(Command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("| machine | |");
        md.AppendLine("|---|---|");
        md.AppendLine(Invariant($"| cores (`nproc`) | {machine.Cores} |"));
        md.AppendLine(Invariant($"| memory | {machine.Memory} |"));
        md.AppendLine(Invariant($"| CPU | {machine.Cpu} |"));
        md.AppendLine(Invariant($"| OS | {machine.Os} |"));
        md.AppendLine(Invariant($"| .NET | {machine.Dotnet} (app: Release build, server GC) |"));
        md.AppendLine(Invariant($"| commit | `{machine.Commit}` |"));
        md.AppendLine(Invariant($"| load average (1/5/15 min) before → after | {machine.LoadAverage} → {LoadAfter} |"));
        md.AppendLine(Invariant($"| run time | {Elapsed.TotalSeconds:0} s |"));
        if (options.Settings.Count > 0)
        {
            md.AppendLine(Invariant($"| app settings added with `--set` | {string.Join(", ", options.Settings.Select(s => $"`{s.Key}={s.Value}`"))} |"));
        }
        md.AppendLine();
        md.AppendLine(Invariant($"Everything runs on this one machine over loopback: the app, the no-op endpoint, the load generator and the Zalo emulator share its {machine.Cores} cores, so the absolute figures are a floor for a dedicated server; the comparisons were measured side by side in this one run. A load average well above 0 before the run means other work was competing and the figures are noisy."));
        md.AppendLine();
        if (Failure is not null)
        {
            md.AppendLine(Invariant($"**The run failed:** {Failure}. Only the parts that finished are below."));
            md.AppendLine();
        }

        AppendTargets(md);
        AppendIngest(md);
        AppendEndToEnd(md);
        AppendBroadcast(md);
        AppendMemory(md);
        AppendCrash(md);
        AppendScale(md);
        AppendMethod(md);
        return md.ToString();
    }

    public string Summary()
    {
        var lines = new List<string> { "Summary" };
        if (Ingest is { } ingest)
        {
            lines.Add(Invariant($"  ingest: app {ingest.AppMax.Rate:N0}/s vs no-op {ingest.NoopMax.Rate:N0}/s = {Pct(ingest.Ratio)} (target ≥ 50%); residents' texts {ingest.AppTextMax.Rate:N0}/s = {Pct(ingest.TextRatio)}"));
            lines.Add(Invariant($"  ack at 70%: app p50 {ingest.AppAtLoad.Latency.P50:0.00} ms, p99 {ingest.AppAtLoad.Latency.P99:0.00} ms (target ≤ 25 ms); no-op p99 {ingest.NoopAtLoad.Latency.P99:0.00} ms"));
        }

        foreach (var e2e in EndToEnd)
        {
            lines.Add(Invariant($"  end to end at {e2e.Rate}/s, Zalo {e2e.ZaloLatencyMs} ms away: p50 {e2e.Latency.P50:0.0} ms, p99 {e2e.Latency.P99:0.0} ms, {e2e.Missing} missing; app CPU {e2e.CpuMicrosecondsPerEvent:N0} µs per replied event (target ≤ 1,000)"));
        }

        foreach (var burst in Bursts)
        {
            lines.Add(Invariant($"  {burst.Residents} residents at once, Zalo {burst.ZaloLatencyMs} ms away: last reply {burst.LastMs / 1000:0.00} s (median {burst.MedianMs / 1000:0.00} s), {Pct(burst.Sustained)} of the {burst.Limit}/s limit"));
        }

        foreach (var b in Broadcasts)
        {
            lines.Add(Invariant($"  broadcast, Zalo {b.ZaloLatencyMs} ms away: {b.Delivered}/{b.Recipients} at {Pct(b.Pace)} of {b.Limit}/s (announcement alone {Pct(b.AnnouncementPace)}); reply p99 {b.RepliesDuring.P99:0.0} ms vs {b.IdleReplies.P99:0.0} ms idle = {b.ReplySlowdown:0.0}×"));
        }

        if (PeakRssMb is { } rss)
        {
            lines.Add(Invariant($"  peak RSS (runs 1–3): {rss:0} MB (target ≤ 250 MB)"));
        }

        foreach (var crash in Crashes)
        {
            lines.Add(Invariant($"  crash, Zalo {crash.ZaloLatencyMs} ms away: {crash.Kills} kills, {crash.Handled}/{crash.Distinct} events handled, {crash.RepliesReceived} replies, {crash.Missing} missing, {crash.Duplicated} duplicated ({crash.InFlightAtKills} in flight at the kills; bound {crash.Kills * crash.ReplyParallelism}), {crash.Unexpected} unexpected"));
        }

        if (Scale is { } scale)
        {
            lines.Add(Invariant($"  scale: {scale.Reports:N0} reports, import {scale.ImportRowsPerSecond:N0} rows/s ({scale.ImportSeconds:0} s, peak RSS {scale.ImportPeakRssMb:0} MB); slowest page or call p95 {scale.Calls.Max(c => c.Latency.P95):0} ms; #thongke p95 {scale.Stats.P95:0.0} ms"));
        }

        if (Failure is not null)
        {
            lines.Add("  FAILED: " + Failure);
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>What the CI smoke run checks: the harness works and nothing is lost. No timing is checked.</summary>
    public IReadOnlyList<string> SmokeProblems()
    {
        var problems = new List<string>();
        if (Failure is not null)
        {
            problems.Add(Failure);
        }

        if (options.Runs("ingest"))
        {
            if (Ingest is not { } ingest)
            {
                problems.Add("ingest did not run");
            }
            else if (ingest.NoopMax.Acknowledged == 0 || ingest.AppMax.Acknowledged == 0 || ingest.AppAtLoad.Acknowledged == 0)
            {
                problems.Add("an ingest run had no acknowledged events");
            }
        }

        if (options.Runs("e2e"))
        {
            if (EndToEnd.Count == 0)
            {
                problems.Add("end to end did not run");
            }

            foreach (var e2e in EndToEnd.Where(r => r.Missing > 0 || r.Latency.Count == 0))
            {
                problems.Add(Invariant($"end to end, Zalo {e2e.ZaloLatencyMs} ms away: {e2e.Missing} replies missing"));
            }
        }

        if (options.Runs("burst"))
        {
            if (Bursts.Count == 0)
            {
                problems.Add("the burst did not run");
            }

            foreach (var burst in Bursts.Where(r => r.Received != r.Residents))
            {
                problems.Add(Invariant($"burst, Zalo {burst.ZaloLatencyMs} ms away: {burst.Residents - burst.Received} replies missing"));
            }
        }

        if (options.Runs("broadcast"))
        {
            if (Broadcasts.Count == 0)
            {
                problems.Add("broadcast did not run");
            }

            foreach (var broadcast in Broadcasts.Where(r => r.Delivered != r.Recipients || r.RepliesMissing > 0))
            {
                problems.Add(Invariant($"broadcast, Zalo {broadcast.ZaloLatencyMs} ms away: {broadcast.Delivered} of {broadcast.Recipients} residents reached, {broadcast.RepliesMissing} replies missing"));
            }
        }

        if (options.Runs("crash"))
        {
            if (Crashes.Count == 0)
            {
                problems.Add("crash test did not run");
            }

            foreach (var crash in Crashes)
            {
                var at = Invariant($"crash test, Zalo {crash.ZaloLatencyMs} ms away");
                if (crash.Acknowledged != crash.Posted)
                {
                    problems.Add(Invariant($"{at}: {crash.Posted - crash.Acknowledged} posts never acknowledged"));
                }

                if (crash.Handled != crash.Distinct)
                {
                    problems.Add(Invariant($"{at}: {crash.Handled} of {crash.Distinct} events handled"));
                }

                if (crash.Missing > 0)
                {
                    problems.Add(Invariant($"{at}: {crash.Missing} replies missing"));
                }

                if (crash.Duplicated > crash.InFlightAtKills)
                {
                    problems.Add(Invariant($"{at}: {crash.Duplicated} duplicates, more than the {crash.InFlightAtKills} messages in flight at the kills"));
                }
            }
        }

        if (options.Runs("scale") && Scale is not { Calls.Count: > 0 })
        {
            problems.Add("the scale part did not run");
        }

        return problems;
    }

    private void AppendScale(StringBuilder md)
    {
        md.AppendLine("## 6. Province scale");
        md.AppendLine();
        if (Scale is not { } r)
        {
            md.AppendLine("Not run.");
            md.AppendLine();
            return;
        }

        md.AppendLine(Invariant($"`seed-demo` made Quảng Trị's 78 real commune-level units with 14 demo villages each, 1,170 teams and 7,020 members; then {r.Reports:N0} reports ({r.Households:N0} unique households; written by `seed-demo`'s generator as a CSV spreadsheet) were posted to `POST /admin/api/assists/import` and followed to the end, as an official would. Then a province admin and the officer of one commune signed in, and each page and API list was requested {plan.ScaleRepeats} times after two warm-up requests, one at a time, read to the end; the app in Release, Live mode, a file-backed database."));
        md.AppendLine();
        md.AppendLine("| measure | result | target | |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(Invariant($"| import | **{r.ImportRowsPerSecond:N0} rows/s** ({r.Reports:N0} rows in {r.ImportSeconds:0} s) | 1,000,000 rows ≤ 120 s | {Verdict(r.ImportSeconds * 1_000_000 / Math.Max(1, r.Reports) <= 120)} |"));
        md.AppendLine(Invariant($"| peak RSS of the app, start to end of the import | **{r.ImportPeakRssMb:0} MB** | ≤ 400 MB | {Verdict(r.ImportPeakRssMb <= 400)} |"));
        md.AppendLine(Invariant($"| summary export, p95 | **{r.SummaryXlsx.P95:0} ms** (xlsx), {r.SummaryCsv.P95:0} ms (csv) | ≤ 1 s | {Verdict(Math.Max(r.SummaryXlsx.P95, r.SummaryCsv.P95) <= 1000)} |"));
        md.AppendLine(Invariant($"| full households export, first byte (p95 of 3) | **{r.FullExportFirstByte.P95:0} ms** (the whole file: {r.FullExportSeconds:0.0} s, {r.FullExportBytes / 1e6:0.0} MB) | ≤ 1 s | {Verdict(r.FullExportFirstByte.P95 <= 1000)} |"));
        md.AppendLine(Invariant($"| `#thongke` in a village group, post → reply at the emulator (an upper bound of \"queued\"), p95 | **{r.Stats.P95:0.0} ms** | ≤ 50 ms | {Verdict(r.Stats.P95 <= 50)} |"));
        md.AppendLine(Invariant($"| `#hotro` at this size, post → reply, p95 | {r.ReportAtScale.P95:0.0} ms | | |"));
        if (r.Writes is [var current, var baseline, ..])
        {
            var ratio = current.CpuMicrosecondsPerEvent / baseline.CpuMicrosecondsPerEvent;
            md.AppendLine(Invariant($"| `#hotro` write cost vs the baseline build (CPU per report; p50 end to end) | **{ratio:0.00}×** ({current.CpuMicrosecondsPerEvent:N0} vs {baseline.CpuMicrosecondsPerEvent:N0} µs; {current.Latency.P50:0.0} vs {baseline.Latency.P50:0.0} ms) | ≤ 1.2× | {Verdict(ratio <= 1.2)} |"));
        }

        var worst = r.Calls.GroupBy(c => c.Who).Select(g => (Who: g.Key, Worst: g.MaxBy(c => c.Latency.P95)!)).ToList();
        foreach (var (who, call) in worst)
        {
            md.AppendLine(Invariant($"| every console page and API list, {who}: the slowest p95 | **{call.Latency.P95:0} ms** (`{call.What}`) | ≤ {call.TargetMs:0} ms | {Verdict(r.Calls.Where(c => c.Who == who).All(c => c.Latency.P95 <= c.TargetMs))} |"));
        }

        md.AppendLine();
        md.AppendLine("| who | page or call | p50 (ms) | p95 (ms) | max (ms) | target p95 (ms) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var call in r.Calls)
        {
            md.AppendLine(Invariant($"| {call.Who} | `{call.What}` | {call.Latency.P50:0.0} | {call.Latency.P95:0.0} | {call.Latency.Max:0.0} | {call.TargetMs:0} |"));
        }

        md.AppendLine();
        md.AppendLine("`#hotro` written one after another on a fresh database (a team made through the admin API, its group bound with `#ketnoi`, five members registered), after a third as many to warm up: post → reply at the emulator, and the app's CPU per report.");
        md.AppendLine();
        md.AppendLine("| build | reports | p50 (ms) | p99 (ms) | CPU per report (µs) |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var write in r.Writes)
        {
            md.AppendLine(Invariant($"| {write.Build} | {write.Events:N0} | {write.Latency.P50:0.0} | {write.Latency.P99:0.0} | {write.CpuMicrosecondsPerEvent:N0} |"));
        }

        md.AppendLine();
    }

    private void AppendTargets(StringBuilder md)
    {
        md.AppendLine("## Results against the targets");
        md.AppendLine();
        md.AppendLine("| measure | result | target | |");
        md.AppendLine("|---|---|---|---|");
        if (Ingest is { } ingest)
        {
            md.AppendLine(Invariant($"| durable ingest ÷ no-op endpoint | **{Pct(ingest.Ratio)}** ({ingest.AppMax.Rate:N0} vs {ingest.NoopMax.Rate:N0} events/s; residents' texts, answered meanwhile: {Pct(ingest.TextRatio)}) | ≥ 50% | {Verdict(ingest.Ratio >= TargetIngestRatio)} |"));
            md.AppendLine(Invariant($"| acknowledgement p99 at 70% of the app's maximum | **{ingest.AppAtLoad.Latency.P99:0.0} ms** (p50 {ingest.AppAtLoad.Latency.P50:0.0} ms at {ingest.AppAtLoad.OfferedRate:N0}/s) | ≤ 25 ms | {Verdict(ingest.AppAtLoad.Latency.P99 <= TargetAckP99Ms && ingest.AppAtLoad.Errors == 0)} |"));
        }

        foreach (var e2e in EndToEnd.Where(r => r.ZaloLatencyMs == 0))
        {
            md.AppendLine(Invariant($"| end to end p99 at {e2e.Rate} events/s, Zalo 0 ms away | **{e2e.Latency.P99:0.0} ms** (p50 {e2e.Latency.P50:0.0} ms, {e2e.Missing} missing) | ≤ 100 ms | {Verdict(e2e.Latency.P99 <= TargetEndToEndP99Ms && e2e.Missing == 0)} |"));
        }

        foreach (var e2e in EndToEnd)
        {
            md.AppendLine(Invariant($"| app CPU per replied event (end to end, Zalo {e2e.ZaloLatencyMs} ms away) | **{e2e.CpuMicrosecondsPerEvent:N0} µs** | ≤ 1,000 µs | {Verdict(e2e.CpuMicrosecondsPerEvent <= TargetCpuPerRepliedEventMicroseconds)} |"));
        }

        foreach (var burst in Bursts.Where(r => r.ZaloLatencyMs > 0))
        {
            md.AppendLine(Invariant($"| {burst.Residents} residents writing at once, Zalo {burst.ZaloLatencyMs} ms away, limit {burst.Limit}/s: last reply | **{burst.LastMs / 1000:0.0} s** (first {burst.FirstMs / 1000:0.0} s, median {burst.MedianMs / 1000:0.0} s) | ≤ 6 s | {Verdict(burst.LastMs / 1000 <= TargetBurstLastSeconds && burst.Received == burst.Residents)} |"));
            md.AppendLine(Invariant($"| … sustained replies ÷ the limit | **{Pct(burst.Sustained)}** | ≥ 95% | {Verdict(burst.Sustained >= TargetSustainedShare)} |"));
        }

        foreach (var broadcast in Broadcasts)
        {
            md.AppendLine(Invariant($"| broadcast pace ÷ configured limit ({broadcast.Recipients:N0} residents at {broadcast.Limit}/s, Zalo {broadcast.ZaloLatencyMs} ms away) | **{Pct(broadcast.Pace)}** (the announcement alone {Pct(broadcast.AnnouncementPace)}, {broadcast.Delivered:N0} delivered) | ≥ 95% | {Verdict(broadcast.Pace >= 0.95 && broadcast.Delivered == broadcast.Recipients)} |"));
            md.AppendLine(Invariant($"| reply p99 during the broadcast ÷ idle (Zalo {broadcast.ZaloLatencyMs} ms away) | **{broadcast.ReplySlowdown:0.0}×** ({broadcast.RepliesDuring.P99:0.0} vs {broadcast.IdleReplies.P99:0.0} ms) | ≤ 2× | {Verdict(broadcast.ReplySlowdown <= 2 && broadcast.RepliesMissing == 0)} |"));
        }

        if (PeakRssMb is { } rss)
        {
            md.AppendLine(Invariant($"| peak RSS of the app during 1–3 | **{rss:0} MB** | ≤ 250 MB | {Verdict(rss <= TargetPeakRssMb)} |"));
        }

        foreach (var crash in Crashes)
        {
            md.AppendLine(Invariant($"| crash test, Zalo {crash.ZaloLatencyMs} ms away: replies missing / duplicated | **{crash.Missing} / {crash.Duplicated}** with {crash.Kills} SIGKILLs ({crash.InFlightAtKills} messages in flight at the kills), {crash.Handled:N0} of {crash.Distinct:N0} events handled | 0 / ≤ kills × in-flight bound ({crash.Kills} × {crash.ReplyParallelism}) | {Verdict(crash.Missing == 0 && crash.Duplicated <= crash.InFlightAtKills && crash.Handled == crash.Distinct)} |"));
        }

        md.AppendLine();
    }

    private void AppendIngest(StringBuilder md)
    {
        md.AppendLine("## 1. Webhook ingest");
        md.AppendLine();
        if (Ingest is not { } r)
        {
            md.AppendLine("Not run.");
            md.AppendLine();
            return;
        }

        md.AppendLine(Invariant($"Signed, distinct `{IngestResult.EventKind}` events (read receipts, the most frequent webhook: Zalo sends two for every message the OA sends; handling one is a small update) posted to `/webhooks/zalo`. Maximum: closed loop, {r.AppMax.Connections} connections each posting as soon as the previous answer arrived, counted for {plan.IngestDuration.TotalSeconds:0} s after {plan.IngestWarmup.TotalSeconds:0} s of warm-up. Latency: open loop at {Pct(plan.LatencyLoad)} of each endpoint's own maximum for {plan.LatencyDuration.TotalSeconds:0} s (the app in a fresh process and database, warmed up by {plan.IngestWarmup.TotalSeconds:0} s of closed loop and a wait until its dispatcher caught up), every request sent at its scheduled time and timed from it (so waiting for a connection counts; no coordinated omission). The app stores each event durably (SQLite, `synchronous=FULL`) before it answers, while its dispatcher handles the backlog in the same process."));
        md.AppendLine();
        md.AppendLine("| endpoint | maximum (events/s) | errors | CPU per request (µs) | offered at 70% (/s) | achieved (/s) | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | errors | generator late, p99 (ms) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(Row("no-op endpoint (same host, reads the body, answers)", r.NoopMax, r.NoopAtLoad, r.NoopCpuMicroseconds));
        md.AppendLine(Row("ZaloBot `/webhooks/zalo`", r.AppMax, r.AppAtLoad, r.AppMaxCpuMicroseconds));
        md.AppendLine(Invariant($"| ZaloBot, residents' `user_send_text` instead (each answered by the guides and sent to the emulator during the run) | {r.AppTextMax.Rate:N0} | {r.AppTextMax.Errors} | {r.AppTextCpuMicroseconds:N0} | | | | | | | | | |"));
        md.AppendLine();
        md.AppendLine(Invariant($"App ÷ no-op: **{Pct(r.Ratio)}** of the maximum rate; acknowledgement p99 {r.AppAtLoad.Latency.P99:0.00} ms vs {r.NoopAtLoad.Latency.P99:0.00} ms (each at 70% of its own maximum). CPU per request is the process's user + system time over the run divided by the requests it answered; the app's includes its dispatcher handling the stored events in the background ({r.AppAtLoadCpuMicroseconds:0} µs per event over the 70% run, where the dispatcher keeps up).{(r.AppMax.PoolExhausted ? " The app's run used up the pre-signed pool before its time was over: raise `IngestPoolSize`." : "")}"));
        foreach (var (name, run) in new[] { ("no-op endpoint", r.NoopAtLoad), ("app", r.AppAtLoad) })
        {
            if (run.Lateness.P99 > GeneratorLateMs)
            {
                md.AppendLine();
                md.AppendLine(Invariant($"Note: in the {name}'s 70% run the load generator itself sent requests up to {run.Lateness.P99:0.0} ms late (p99): it was short of CPU on this machine, so that run's latencies include the generator's own delay and overstate the endpoint's."));
            }
        }

        md.AppendLine();
    }

    private static string Row(string name, ClosedLoopResult max, OpenLoopResult load, double cpuMicroseconds) =>
        Invariant($"| {name} | {max.Rate:N0} | {max.Errors} | {cpuMicroseconds:N0} | {load.OfferedRate:N0} | {load.AchievedRate:N0} | {load.Latency.P50:0.00} | {load.Latency.P90:0.00} | {load.Latency.P99:0.00} | {load.Latency.P999:0.00} | {load.Latency.Max:0.00} | {load.Errors} | {load.Lateness.P99:0.0} |");

    private void AppendEndToEnd(StringBuilder md)
    {
        md.AppendLine("## 2. End to end");
        md.AppendLine();
        if (EndToEnd.Count == 0)
        {
            md.AppendLine("Not run.");
            md.AppendLine();
            return;
        }

        var first = EndToEnd[0];
        md.AppendLine(Invariant($"Events that each get one reply ({first.Kinds}), one per new user, posted open loop at {first.Rate} events/s for {plan.EndToEndDuration.TotalSeconds:0} s, after a warm-up of {plan.EndToEndWarmup.TotalSeconds:0} s at the same rate and a wait until its replies were all out (so the JIT's work is done); timed from the event's scheduled post to the moment the emulator (in the harness, over HTTP, as Zalo) received the reply: webhook → inbox → dispatcher → handler → outbox → sender → Zalo client. Once with the emulator answering each call after 300 ms, as Zalo's OpenAPI does from a Vietnamese data centre, once at once (the earlier figures). The app's CPU is its process's user + system time (from `/proc/<pid>/stat`) over the measured run ÷ the replies sent, steadier than wall-clock times on a shared machine."));
        md.AppendLine();
        md.AppendLine("| Zalo latency (ms) | events | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | replies missing | webhook ack p99 (ms) | app CPU per replied event (µs) |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in EndToEnd)
        {
            md.AppendLine(Invariant($"| {r.ZaloLatencyMs} | {r.Measured:N0} | {r.Latency.P50:0.0} | {r.Latency.P90:0.0} | {r.Latency.P99:0.0} | {r.Latency.P999:0.0} | {r.Latency.Max:0.0} | {r.Missing} | {r.Ack.P99:0.0} | {r.CpuMicrosecondsPerEvent:N0} |"));
        }

        md.AppendLine();
        md.AppendLine("Each replied event costs the app a share of four write transactions (the webhook's insert, shared by the webhooks that arrive together; the dispatcher's, shared by the events handled in the same 5 ms; the outbox claim; the `sent` mark — only the first and the last synced) and one call to the emulator. Where that CPU goes, from a profile, and what would bring it down further: `docs/messaging.md`, \"Where a replied event's CPU goes\".");
        md.AppendLine();
        if (Bursts.Count == 0)
        {
            return;
        }

        var burst = Bursts[0];
        md.AppendLine(Invariant($"**{burst.Residents} residents writing at once** (as after an announcement): {burst.Residents} residents' first texts posted together, the app at its shipped send limit (`Zalo__Client__SendsPerSecond={burst.Limit}`) and reply parallelism (`Messaging__SenderParallelism={burst.Parallelism}`); each reply timed from the burst's start to the emulator. Sustained is the replies a second from the first to the last ÷ the limit."));
        md.AppendLine();
        md.AppendLine("| Zalo latency (ms) | residents | replies | first (s) | median (s) | last (s) | sustained ÷ limit |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Bursts)
        {
            md.AppendLine(Invariant($"| {r.ZaloLatencyMs} | {r.Residents} | {r.Received} | {r.FirstMs / 1000:0.00} | {r.MedianMs / 1000:0.00} | {r.LastMs / 1000:0.00} | {Pct(r.Sustained)} |"));
        }

        md.AppendLine();
    }

    private void AppendBroadcast(StringBuilder md)
    {
        md.AppendLine("## 3. Broadcast pace");
        md.AppendLine();
        if (Broadcasts.Count == 0)
        {
            md.AppendLine("Not run.");
            md.AppendLine();
            return;
        }

        var first = Broadcasts[0];
        md.AppendLine(Invariant($"One announcement (`audience: residents`, urgent so the night hold never applies) to {first.Recipients:N0} residents who followed the OA inside Zalo's 7-day window (written into `oa_contacts` before the run), with `Zalo__Client__SendsPerSecond={first.Limit}`. Residents' texts go on beside it at {first.ReplyRate}/s: first {plan.BroadcastReplyWindow.TotalSeconds:0} s with no announcement (the idle reference, after as long a warm-up), then through the middle 60% of the announcement; each reply is timed from its post to the emulator. Pace is what the emulator received per second between the 10th and the 90th percentile of the announcement's messages (leaving out the limiter's initial burst: its bucket starts full) — announcement and replies together, as they share the limit — ÷ the limit."));
        md.AppendLine();
        md.AppendLine("| Zalo latency (ms) | residents | reached | time (s) | pace, all sends | pace, announcement only | reply p50 idle (ms) | reply p99 idle (ms) | reply p50 during (ms) | reply p99 during (ms) | p99 during ÷ idle | replies missing |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Broadcasts)
        {
            md.AppendLine(Invariant($"| {r.ZaloLatencyMs} | {r.Recipients:N0} | {r.Delivered:N0} | {r.Duration.TotalSeconds:0.0} | {Pct(r.Pace)} | {Pct(r.AnnouncementPace)} | {r.IdleReplies.P50:0.0} | {r.IdleReplies.P99:0.0} | {r.RepliesDuring.P50:0.0} | {r.RepliesDuring.P99:0.0} | {r.ReplySlowdown:0.0}× | {r.RepliesMissing} |"));
        }

        md.AppendLine();
        foreach (var r in Broadcasts)
        {
            md.AppendLine(Invariant($"The app's own account, Zalo {r.ZaloLatencyMs} ms away: \"{r.Summary}\""));
            md.AppendLine();
        }
    }

    private void AppendMemory(StringBuilder md)
    {
        md.AppendLine("## 4. Memory");
        md.AppendLine();
        if (Memory.Count == 0)
        {
            md.AppendLine("Not run.");
            md.AppendLine();
            return;
        }

        md.AppendLine("Peak resident set of each app process (the kernel's high-water mark `VmHWM` from `/proc/<pid>/status`, also sampled every 100 ms), read just before it was killed.");
        md.AppendLine();
        md.AppendLine("| app process | peak RSS (MB) |");
        md.AppendLine("|---|---:|");
        foreach (var reading in Memory)
        {
            md.AppendLine(Invariant($"| {reading.Phase} | {reading.PeakRssKb / 1024.0:0} |"));
        }

        md.AppendLine();
    }

    private void AppendCrash(StringBuilder md)
    {
        md.AppendLine("## 5. Crash test");
        md.AppendLine();
        if (Crashes.Count == 0)
        {
            md.AppendLine("Not run.");
            md.AppendLine();
            return;
        }

        var first = Crashes[0];
        var kinds = string.Join(", ", first.DistinctByKind.OrderByDescending(k => k.Value).Select(k => Invariant($"{k.Value:N0} {k.Key}")));
        md.AppendLine(Invariant($"{first.Posted:N0} posts offered at {plan.CrashRate}/s: {first.Distinct:N0} distinct events ({kinds}) and {first.Posted - first.Distinct:N0} repeats of events already posted. The app was killed with SIGKILL {first.Kills} times while they flowed and restarted on the same database and port; the poster retried every refused or cut-off post, as Zalo does, until the app acknowledged it. Replies are counted per recipient from the emulator's record, which outlives the app; the messages in flight at each kill are the outbox rows it left `sending`, read from the database before the restart."));
        md.AppendLine();
        md.AppendLine("| Zalo latency | " + string.Join(" | ", Crashes.Select(c => Invariant($"{c.ZaloLatencyMs} ms"))) + " |");
        md.AppendLine("|---|" + string.Concat(Crashes.Select(_ => "---:|")));
        void Row(string name, Func<CrashResult, string> value) => md.AppendLine($"| {name} | " + string.Join(" | ", Crashes.Select(value)) + " |");
        Row("posts acknowledged", r => Invariant($"{r.Acknowledged:N0} of {r.Posted:N0} ({r.AnsweredStored:N0} \"stored\", {r.AnsweredDuplicate:N0} \"duplicate\")"));
        Row("post attempts refused or cut off, then retried", r => Invariant($"{r.FailedAttempts:N0}"));
        Row("kills (SIGKILL) / restarts", r => Invariant($"{r.Kills} / {r.Kills} (down {r.MeanDowntimeMs:0} ms on average, {r.MaxDowntimeMs:0} ms at most)"));
        Row("events handled (inbox `done`)", r => Invariant($"**{r.Handled:N0}** of {r.Distinct:N0} distinct"));
        Row("inbox by status", r => Statuses(r.Inbox));
        Row("replies expected", r => Invariant($"{r.RepliesExpected:N0}"));
        Row("replies sent (received by the emulator)", r => Invariant($"{r.RepliesReceived:N0}"));
        Row("replies missing", r => Invariant($"**{r.Missing}**"));
        Row("replies duplicated", r => Invariant($"**{r.Duplicated}**"));
        Row("messages in flight at the kills (the most a restart can send twice)", r => Invariant($"{r.InFlightAtKills}"));
        Row("bound: kills × `Messaging__SenderParallelism`", r => Invariant($"{r.Kills} × {r.ReplyParallelism} = {r.Kills * r.ReplyParallelism}"));
        Row("replies to events that should get none (workload table out of date)", r => Invariant($"{r.Unexpected}"));
        Row("outbox by status", r => Statuses(r.Outbox));
        Row("time posting / settling afterwards", r => Invariant($"{r.PostingTime.TotalSeconds:0.0} s / {r.SettleTime.TotalSeconds:0.0} s{(r.Settled ? "" : " (did not settle in time)")}"));
        md.AppendLine();
        md.AppendLine("A duplicate can only come from a message that reached Zalo in the instant between the send and its `sent` mark, which is written the moment Zalo answers; such rows are still `sending` at the kill and are sent again after the restart (at-least-once). Each sender worker has at most one message in flight, so a kill leaves at most `Messaging__SenderParallelism` replies (plus `Messaging__AnnouncementSenderParallelism` announcement messages; this load has none) to send twice. A row left `sending` comes twice only if its request had reached Zalo; with a sender this wide many had, and were waiting for their turn to write the `sent` mark (the marks take the database's one write turn in line, though no longer with a sync each; see docs/messaging.md).");
        md.AppendLine();
    }

    private static string Statuses(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "—" : string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => Invariant($"{c.Key} {c.Value:N0}")));

    private static void AppendMethod(StringBuilder md)
    {
        md.AppendLine("## How it is measured");
        md.AppendLine();
        md.AppendLine("- `ZaloBot.Bench` starts the **Release build** of the app (`dotnet ZaloBot.dll`) as a child process on a free 127.0.0.1 port, in Live mode, with a fresh file-backed SQLite database in a temporary folder for each measurement, and its Zalo API and OAuth URLs pointed at the app's own Zalo emulator (`ZaloBot.Sandbox`), which the harness hosts in its own process so that it outlives the app's kills.");
        md.AppendLine(Invariant($"- The app runs with its shipped `appsettings.json`; only `Zalo__Client__SendsPerSecond` is raised to {Launcher.SendsPerSecond:N0} so that the send rate limit does not pace these runs (the burst and the broadcast set their own limits), and in the end-to-end, broadcast and crash parts both lanes' `Messaging__…SenderParallelism` to {Launcher.SenderParallelism}, so that the sender's parallelism does not pace them with Zalo 300 ms away either (ingest and the burst keep the defaults)."));
        md.AppendLine("- Zalo's latency: the harness's emulator waits the stated time before it handles each call (the wait ignores a caller that hangs up, as a request that reached Zalo is carried out), so a send holds its worker for a round trip.");
        md.AppendLine("- The no-op endpoint is the same bench binary in `noop-server` mode: `WebApplication.CreateBuilder`, Kestrel, the app's logging levels, one `POST /webhooks/zalo` that reads the body and answers `{\"ok\":true,\"result\":\"stored\"}`.");
        md.AppendLine("- Webhooks are built and signed (`X-ZEvent-Signature: mac=…`) before each run starts; the load generator uses `HttpClient` over HTTP/1.1 keep-alive connections.");
        md.AppendLine("- Percentiles are nearest-rank over every request of the run. Open-loop runs send on a 1 ms timer, so a request can go out up to about 1 ms after its scheduled time, and that counts against the server.");
        md.AppendLine("- Only loopback addresses are used; every loop is bounded in count and time.");
        md.AppendLine();
        md.AppendLine("## Running the harness");
        md.AppendLine();
        md.AppendLine("- `dotnet tool restore && dotnet cake --target=Bench` runs every part against the Release build and rewrites this file (several minutes); `dotnet cake --target=Bench --bench-args=\"--only ingest,e2e\"` passes options through.");
        md.AppendLine("- `--quick` is the smoke run `.ci/run` does after the tests: a few hundred events and one kill, about 20 seconds; it fails on a lost event or reply, never on timing (`.ci/run` writes its report to `artifacts/bench-smoke.md`).");
        md.AppendLine("- `--only ingest,e2e,burst,broadcast,crash,scale` runs some parts; `--latency MS[,MS…]` sets the emulator's delays; `--set KEY=VALUE` adds an app setting to every run; `--baseline-app PATH/ZaloBot.dll` compares `#hotro`'s write cost with an earlier build (the scale part).");
        md.AppendLine("- `--keep` keeps the temporary folder (the databases and the app's logs).");
        md.AppendLine("- `--probe` only checks the workload table (`ZaloBot.Bench/Webhooks.cs`: what each kind of event should get back) against the app: run it when a feature starts or stops answering something.");
        md.AppendLine("- `ZaloBot.Bench/profile/e2e.sh` and `ZaloBot.Bench/profile/ingest.sh` sample the app with `perf` during the end-to-end run and at the webhook's maximum ([docs/messaging.md](docs/messaging.md#how-it-is-measured)).");
    }

    private static string Pct(double share) => Invariant($"{share * 100:0}%");

    private static string Verdict(bool met) => met ? "met" : "**missed**";
}
