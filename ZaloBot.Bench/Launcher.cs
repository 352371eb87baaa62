using System.Globalization;
using ZaloBot.Zalo;

namespace ZaloBot.Bench;

/// <summary>
/// Starts the servers under test in the run's work folder: the app (Release build, Live mode, pointed at an emulator
/// in the harness, a file-backed SQLite of its own) and the no-op endpoint. Records every app process's peak RSS.
/// </summary>
internal sealed class Launcher(BenchOptions options, string workFolder)
{
    public const string AppId = "2961428491834566091";
    public const string OaSecretKey = "bench-oa-secret-key";
    public const string AppSecretKey = "bench-app-secret-key";

    /// <summary>The send rate limit given to the app: far above any rate here, so it never paces the measurements.</summary>
    public const int SendsPerSecond = 10_000;

    /// <summary>
    /// Recipients each lane of the app's sender sends to at once in the end-to-end, broadcast and crash parts: with Zalo
    /// 300 ms away, enough for 200 replies a second, so the parallelism does not pace them either. Ingest and the burst
    /// keep the app's defaults: at ingest's maximum, a sender this wide would turn the run into one of `sent` marks.
    /// </summary>
    public const int SenderParallelism = 128;

    /// <summary>The settings that give both lanes <see cref="SenderParallelism"/>.</summary>
    public static IReadOnlyDictionary<string, string> WideSender { get; } = new Dictionary<string, string>
    {
        ["Messaging__SenderParallelism"] = SenderParallelism.ToString(CultureInfo.InvariantCulture),
        ["Messaging__AnnouncementSenderParallelism"] = SenderParallelism.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The bot's credentials in the crash part, which also takes events through the Bot Platform's webhook.</summary>
    public const string BotToken = "2000000000000000002:bench-bot-token";

    public const string BotWebhookSecret = "bench-bot-webhook-secret";

    /// <summary><see cref="WideSender"/>, with the Bot Platform channel on, played by the emulator at <paramref name="emulator"/>.</summary>
    public static IReadOnlyDictionary<string, string> WideSenderWithBot(Uri emulator) => new Dictionary<string, string>(WideSender)
    {
        ["ZaloBotPlatform__BotToken"] = BotToken,
        ["ZaloBotPlatform__WebhookSecret"] = BotWebhookSecret,
        ["ZaloBotPlatform__ApiBaseUrl"] = emulator.AbsoluteUri,
    };

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly List<MemoryReading> _memory = [];

    public string WorkFolder { get; } = workFolder;

    public IReadOnlyList<MemoryReading> Memory => _memory;

    public static WebhookFactory NewFactory() => new(AppId, OaSecretKey);

    public string NewDatabasePath(string name) => Path.Combine(WorkFolder, name + ".db");

    /// <summary>Starts the app (<paramref name="appDll"/>: another build of it, else the one under test).</summary>
    public Task<ChildProcess> StartAppAsync(
        string name, string databasePath, Uri emulator, int? port = null, IReadOnlyDictionary<string, string>? settings = null, string? appDll = null)
    {
        var environment = AppEnvironment(databasePath, emulator);
        foreach (var (key, value) in (settings ?? new Dictionary<string, string>()).Concat(options.Settings))
        {
            environment[key] = value;
        }

        return ChildProcess.StartAsync(name, appDll ?? options.AppDll, [], environment, port ?? ChildProcess.FreePort(), "/health/live", WorkFolder, ReadyTimeout);
    }

    public Task<ChildProcess> StartNoopAsync(string name) =>
        ChildProcess.StartAsync(name, typeof(BenchProgram).Assembly.Location, [NoopServer.Command], new Dictionary<string, string>(),
            ChildProcess.FreePort(), "/health/live", WorkFolder, ReadyTimeout);

    /// <summary>The reply lane's parallelism an app runs with: as given with <c>--set</c>, else <paramref name="given"/>.</summary>
    public int ReplyParallelism(int given) => options.Settings.TryGetValue("Messaging__SenderParallelism", out var set)
        ? int.Parse(set, CultureInfo.InvariantCulture)
        : given;

    /// <summary>Kills the app and keeps its peak RSS and CPU time under <paramref name="phase"/>.</summary>
    public async Task<MemoryReading> StopAppAsync(ChildProcess app, string phase)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.KillAsync();
        var reading = new MemoryReading(phase, app.PeakRssKb, app.CpuTime - app.CpuAtReady);
        _memory.Add(reading);
        return reading;
    }

    private static Dictionary<string, string> AppEnvironment(string databasePath, Uri emulator) => new()
    {
        ["ConnectionStrings__ZaloBot"] = $"Data Source={databasePath}",
        ["Zalo__Mode"] = "Live",
        ["Zalo__AppId"] = AppId,
        ["Zalo__OaSecretKey"] = OaSecretKey,
        ["Zalo__AppSecretKey"] = AppSecretKey,
        ["Zalo__AccessToken"] = ZaloOptions.SandboxAccessToken,
        ["Zalo__RefreshToken"] = ZaloOptions.SandboxRefreshToken,
        ["Zalo__ApiBaseUrl"] = emulator.AbsoluteUri,
        ["Zalo__OAuthBaseUrl"] = emulator.AbsoluteUri,
        ["Zalo__Client__SendsPerSecond"] = SendsPerSecond.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>The peak resident set of one app process, in KiB, and the CPU time it used after start-up.</summary>
internal sealed record MemoryReading(string Phase, long PeakRssKb, TimeSpan Cpu);
