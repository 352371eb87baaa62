using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZaloBot.Storage;
using ZaloBot.Tests.Sandbox;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

/// <summary>
/// A real <see cref="ZaloClient"/> (AddStorage + AddZalo + AddZaloClient, a temporary SQLite file) pointed at a
/// running emulator, with tiny delays so retries take milliseconds.
/// </summary>
public sealed class ZaloClientHarness : IAsyncDisposable
{
    public const string AppSecretKey = "test-app-secret";

    private readonly string _databasePath;

    private ZaloClientHarness(EmulatorHost emulator, IHost host, string databasePath)
    {
        Emulator = emulator;
        Host = host;
        _databasePath = databasePath;
    }

    public EmulatorHost Emulator { get; }

    public IHost Host { get; }

    public ZaloClient Client => Host.Services.GetRequiredService<ZaloClient>();

    public TokenStore Store => Host.Services.GetRequiredService<TokenStore>();

    public TokenHealth Health => Host.Services.GetRequiredService<TokenHealth>();

    public static async Task<ZaloClientHarness> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var emulator = await EmulatorHost.StartAsync();
        emulator.State.AppSecretKey = AppSecretKey;
        var databasePath = Path.Combine(Path.GetTempPath(), $"zalobot-client-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ZaloBot"] = $"Data Source={databasePath}",
            ["Zalo:Mode"] = "Live",
            ["Zalo:AppId"] = "test-app",
            ["Zalo:OaSecretKey"] = "test-oa-secret",
            ["Zalo:AppSecretKey"] = AppSecretKey,
            ["Zalo:AccessToken"] = emulator.State.CurrentAccessToken,
            ["Zalo:RefreshToken"] = emulator.State.CurrentRefreshToken,
            ["Zalo:ApiBaseUrl"] = emulator.BaseUrl.AbsoluteUri,
            ["Zalo:OAuthBaseUrl"] = emulator.BaseUrl.AbsoluteUri,
            // Generous enough for a cold start under ten concurrent sends; the timeout test delays far longer.
            ["Zalo:Client:AttemptTimeout"] = "00:00:02",
            ["Zalo:Client:MaxRetries"] = "3",
            ["Zalo:Client:RetryBaseDelay"] = "00:00:00.010",
            ["Zalo:Client:SendsPerSecond"] = "1000",
            ["Zalo:Client:RefreshRetryAfterFailure"] = "00:00:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddStorage();
        builder.AddZalo();
        builder.AddZaloClient();
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<Migrator>().MigrateAsync();
        return new ZaloClientHarness(emulator, host, databasePath);
    }

    public static CsMessageRequest Text(string userId, string text) => new(userId, OutgoingMessage.FromText(text));

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Emulator.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
