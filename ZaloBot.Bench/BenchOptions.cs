namespace ZaloBot.Bench;

/// <summary>What to run and where; the sizes of each measurement are in <see cref="BenchPlan"/>.</summary>
internal sealed class BenchOptions
{
    public const string Usage =
        "usage: ZaloBot.Bench [--quick] [--out FILE] [--app PATH/ZaloBot.dll] [--baseline-app PATH/ZaloBot.dll] [--only ingest,e2e,burst,broadcast,crash,scale] [--latency MS[,MS…]] [--set KEY=VALUE]… [--keep] [--seed N] [--connections N] [--probe]";

    public bool Quick { get; private init; }

    /// <summary>The report to (re)write; null writes none.</summary>
    public string? OutputPath { get; private init; }

    /// <summary>The Release build of the app, run with <c>dotnet</c>.</summary>
    public required string AppDll { get; init; }

    /// <summary>An earlier build of the app to compare the write cost of <c>#hotro</c> with (the scale part); null: none.</summary>
    public string? BaselineAppDll { get; private init; }

    public required IReadOnlySet<string> Only { get; init; }

    /// <summary>Keep the temporary folder (databases, child logs) instead of deleting it.</summary>
    public bool Keep { get; private init; }

    public int Seed { get; private init; } = 8;

    /// <summary>Only check the workload table against the app (see <see cref="Bench.Probe"/>).</summary>
    public bool Probe { get; private init; }

    public required string RepositoryRoot { get; init; }

    /// <summary>Overrides the closed-loop connection count (for exploring; the report says what was used).</summary>
    public int? Connections { get; private init; }

    /// <summary>Overrides the emulator's per-call delays (for exploring; the report says what was used).</summary>
    public IReadOnlyList<int>? Latencies { get; private init; }

    /// <summary>App settings (environment variables) added to every app run, after the harness's own (for exploring).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private init; } = new Dictionary<string, string>();

    public BenchPlan Plan
    {
        get
        {
            var plan = Quick ? BenchPlan.QuickPlan : BenchPlan.FullPlan;
            plan = Connections is { } connections ? plan with { IngestConnections = connections } : plan;
            return Latencies is { } latencies ? plan with { ZaloLatenciesMs = latencies } : plan;
        }
    }

    public bool Runs(string part) => Only.Count == 0 || Only.Contains(part);

    public static BenchOptions Parse(string[] args)
    {
        var quick = false;
        var keep = false;
        var probe = false;
        var seed = 8;
        string? output = null;
        string? app = null;
        string? baseline = null;
        int? connections = null;
        List<int>? latencies = null;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--probe":
                    probe = true;
                    break;
                case "--out":
                    output = Value(args, ref i);
                    break;
                case "--app":
                    app = Value(args, ref i);
                    break;
                case "--baseline-app":
                    baseline = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--seed":
                    seed = int.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--connections":
                    connections = int.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--latency":
                    latencies = [.. Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(ms => int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture))];
                    break;
                case "--set":
                    var setting = Value(args, ref i);
                    var equals = setting.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--set wants KEY=VALUE, not '{setting}'");
                    }

                    settings[setting[..equals]] = setting[(equals + 1)..];
                    break;
                case "--only":
                    foreach (var part in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (part is not ("ingest" or "e2e" or "burst" or "broadcast" or "crash" or "scale"))
                        {
                            throw new ArgumentException($"unknown part '{part}' (ingest, e2e, burst, broadcast, crash, scale)");
                        }

                        only.Add(part);
                    }

                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        var root = FindRepositoryRoot();
        app ??= Path.Combine(root, "ZaloBot", "bin", "Release", "net10.0", "ZaloBot.dll");
        if (!File.Exists(app))
        {
            throw new ArgumentException($"the app build is missing: {app} (run `dotnet build -c Release` first, or pass --app)");
        }

        return new BenchOptions
        {
            Quick = quick,
            Keep = keep,
            Probe = probe,
            Seed = seed,
            OutputPath = output is null ? null : Path.GetFullPath(output),
            AppDll = Path.GetFullPath(app),
            BaselineAppDll = baseline is null || File.Exists(baseline) ? baseline : throw new ArgumentException($"the baseline build is missing: {baseline}"),
            Only = only,
            Connections = connections,
            Latencies = latencies,
            Settings = settings,
            RepositoryRoot = root,
        };
    }

    private static string Value(string[] args, ref int i) =>
        i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");

    /// <summary>The folder holding ZaloBot.slnx, searched upwards from the bench binary and then the working folder.</summary>
    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ZaloBot.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new ArgumentException("cannot find the repository (ZaloBot.slnx) above the bench binary or the working folder");
    }
}

/// <summary>The sizes of every measurement, for the full run and for the CI smoke run.</summary>
internal sealed record BenchPlan
{
    /// <summary>Closed-loop connections for the maximum-rate runs (both endpoints).</summary>
    public required int IngestConnections { get; init; }

    public required TimeSpan IngestWarmup { get; init; }

    public required TimeSpan IngestDuration { get; init; }

    /// <summary>The open-loop latency run, at <see cref="LatencyLoad"/> of each endpoint's own maximum.</summary>
    public required TimeSpan LatencyDuration { get; init; }

    public double LatencyLoad { get; init; } = 0.7;

    /// <summary>Connections the open-loop client may open; beyond it requests queue, and that queueing counts.</summary>
    public int LatencyConnections { get; init; } = 128;

    /// <summary>Pre-signed distinct events for the ingest runs (the app never sees the same one twice in a run).</summary>
    public required int IngestPoolSize { get; init; }

    /// <summary>
    /// Zalo's answer time the emulator plays for the end-to-end, broadcast and crash parts, one run of each per value:
    /// 300 ms is Zalo's OpenAPI seen from a Vietnamese data centre; 0 ms keeps the earlier figures comparable.
    /// </summary>
    public required IReadOnlyList<int> ZaloLatenciesMs { get; init; }

    public int EndToEndRate { get; init; } = 200;

    /// <summary>Residents who write at the same moment in the burst measure (at the app's default limit and parallelism).</summary>
    public required int BurstResidents { get; init; }

    public required TimeSpan EndToEndWarmup { get; init; }

    public required TimeSpan EndToEndDuration { get; init; }

    public required int CrashEvents { get; init; }

    /// <summary>Residents one announcement goes to, at <see cref="BroadcastLimit"/> sends a second.</summary>
    public required int BroadcastRecipients { get; init; }

    /// <summary>The <c>Zalo__Client__SendsPerSecond</c> the broadcast run configures.</summary>
    public int BroadcastLimit { get; init; } = 100;

    /// <summary>Residents' texts a second beside the announcement, a small share of the limit.</summary>
    public int BroadcastReplyRate { get; init; } = 4;

    /// <summary>How long replies are timed with no announcement going out.</summary>
    public required TimeSpan BroadcastReplyWindow { get; init; }

    public required int CrashKills { get; init; }

    /// <summary>Reports the scale part imports (a province's two years).</summary>
    public required int ScaleReports { get; init; }

    /// <summary>Times each page, call and command of the scale part is timed, after a warm-up.</summary>
    public int ScaleRepeats { get; init; } = 20;

    /// <summary><c>#hotro</c> reports timed one after another for the write cost (after a third as many to warm up).</summary>
    public required int ReportWrites { get; init; }

    /// <summary>Events per second the crash test offers (each retried until acknowledged).</summary>
    public required int CrashRate { get; init; }

    /// <summary>How long to wait, after the last acknowledgement, for the app to finish and the replies to arrive.</summary>
    public required TimeSpan SettleTimeout { get; init; }

    public static BenchPlan FullPlan { get; } = new()
    {
        IngestConnections = 32,
        ZaloLatenciesMs = [300, 0],
        BurstResidents = 50,
        IngestWarmup = TimeSpan.FromSeconds(3),
        IngestDuration = TimeSpan.FromSeconds(10),
        LatencyDuration = TimeSpan.FromSeconds(10),
        IngestPoolSize = 120_000,
        EndToEndWarmup = TimeSpan.FromSeconds(10),
        EndToEndDuration = TimeSpan.FromSeconds(15),
        CrashEvents = 10_000,
        CrashKills = 5,
        BroadcastRecipients = 10_000,
        BroadcastReplyWindow = TimeSpan.FromSeconds(15),
        CrashRate = 400,
        SettleTimeout = TimeSpan.FromSeconds(90),
        ScaleReports = 1_000_000,
        ReportWrites = 300,
    };

    public static BenchPlan QuickPlan { get; } = new()
    {
        IngestConnections = 8,
        ZaloLatenciesMs = [300],
        BurstResidents = 10,
        IngestWarmup = TimeSpan.FromSeconds(0.5),
        IngestDuration = TimeSpan.FromSeconds(1),
        LatencyDuration = TimeSpan.FromSeconds(1),
        IngestPoolSize = 20_000,
        EndToEndWarmup = TimeSpan.FromSeconds(0.5),
        EndToEndDuration = TimeSpan.FromSeconds(1),
        CrashEvents = 300,
        CrashKills = 1,
        BroadcastRecipients = 300,
        BroadcastReplyWindow = TimeSpan.FromSeconds(2),
        CrashRate = 150,
        SettleTimeout = TimeSpan.FromSeconds(45),
        ScaleReports = 5_000,
        ScaleRepeats = 3,
        ReportWrites = 30,
    };
}
