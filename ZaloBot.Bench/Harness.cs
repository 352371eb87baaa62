using System.Diagnostics;

namespace ZaloBot.Bench;

/// <summary>Runs the measurements in order, writes the report and prints the summary.</summary>
internal static class Harness
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var plan = options.Plan;
        var machine = MachineInfo.Read(options.RepositoryRoot);
        var work = Path.Combine(Path.GetTempPath(), "zalobot-bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        Console.WriteLine($"ZaloBot.Bench {(options.Quick ? "(quick smoke run)" : "(full run)")}: app {options.AppDll}");
        Console.WriteLine($"  {machine.Cores} cores, {machine.Memory}, {machine.Cpu}, {machine.Dotnet}; load average {machine.LoadAverage}; work folder {work}");

        var launcher = new Launcher(options, work);
        if (options.Probe)
        {
            var mismatches = await Probe.RunAsync(launcher);
            Directory.Delete(work, recursive: true);
            return mismatches;
        }

        var report = new BenchReport(machine, options, plan);
        var watch = Stopwatch.StartNew();
        var failed = false;
        try
        {
            if (options.Runs("ingest"))
            {
                Console.WriteLine("1. Webhook ingest");
                report.Ingest = await IngestBench.RunAsync(launcher, plan);
            }

            if (options.Runs("e2e"))
            {
                Console.WriteLine("2. End to end");
                foreach (var latency in plan.ZaloLatenciesMs)
                {
                    report.EndToEnd.Add(await EndToEndBench.RunAsync(launcher, plan, latency));
                }
            }

            if (options.Runs("burst"))
            {
                Console.WriteLine($"2b. {plan.BurstResidents} residents writing at once");
                foreach (var latency in plan.ZaloLatenciesMs)
                {
                    report.Bursts.Add(await BurstBench.RunAsync(launcher, plan, latency));
                }
            }

            if (options.Runs("broadcast"))
            {
                Console.WriteLine("3. Broadcast pace");
                foreach (var latency in plan.ZaloLatenciesMs)
                {
                    report.Broadcasts.Add(await BroadcastBench.RunAsync(launcher, plan, latency));
                }
            }

            if (options.Runs("crash"))
            {
                Console.WriteLine("5. Crash test");
                foreach (var latency in plan.ZaloLatenciesMs)
                {
                    report.Crashes.Add(await CrashBench.RunAsync(launcher, plan, options.Seed, latency));
                }
            }

            if (options.Runs("scale"))
            {
                Console.WriteLine("6. Province scale");
                report.Scale = await ScaleBench.RunAsync(launcher, plan, options);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            failed = true;
            report.Failure = ex.Message;
            await Console.Error.WriteLineAsync($"bench failed: {ex}");
            await PrintLogTailsAsync(work);
        }

        report.Memory = launcher.Memory;
        report.Elapsed = watch.Elapsed;
        report.LoadAfter = MachineInfo.LoadNow();
        if (options.OutputPath is { } output)
        {
            await File.WriteAllTextAsync(output, report.ToMarkdown());
            Console.WriteLine($"wrote {output}");
        }

        Console.WriteLine();
        Console.WriteLine(report.Summary());
        var problems = report.SmokeProblems();
        if (options.Quick)
        {
            foreach (var problem in problems)
            {
                Console.WriteLine($"smoke check failed: {problem}");
            }
        }

        if (!options.Keep && !failed && (!options.Quick || problems.Count == 0))
        {
            Directory.Delete(work, recursive: true);
        }
        else
        {
            Console.WriteLine($"kept {work} (databases and child logs)");
        }

        return failed || (options.Quick && problems.Count > 0) ? 1 : 0;
    }

    private static async Task PrintLogTailsAsync(string work)
    {
        foreach (var log in Directory.EnumerateFiles(work, "*.log"))
        {
            var lines = await File.ReadAllLinesAsync(log);
            await Console.Error.WriteLineAsync($"--- last lines of {Path.GetFileName(log)}");
            foreach (var line in lines.TakeLast(15))
            {
                await Console.Error.WriteLineAsync(line);
            }
        }
    }
}
