using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ZaloBot.Tests.Support;

/// <summary>
/// The real app on Kestrel (loopback, a free port) over a SQLite file of its own. Dispose and create another
/// TestApp on the same file to simulate a restart.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string AppId = "1234567890123456789";

    /// <summary>
    /// What the app's webhooks are signed with: in Sandbox mode that is always the built-in sandbox secret, whatever is
    /// configured. A Live test app configures it as <c>Zalo:OaSecretKey</c> itself (see <see cref="LiveSettings"/>).
    /// </summary>
    public const string OaSecretKey = ZaloBot.Zalo.ZaloOptions.SandboxOaSecretKey;

    private readonly Action<IServiceCollection>? _services;
    private readonly Dictionary<string, string?> _settings;

    public TestApp(string databasePath, Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        DatabasePath = databasePath;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ZaloBot"] = $"Data Source={databasePath}",
            ["Zalo:Mode"] = "Sandbox",
            ["Zalo:AppId"] = AppId,
            ["Messaging:RetryBaseDelay"] = "00:00:00.020",
            ["Messaging:DispatcherPollInterval"] = "00:00:00.050",
            ["Messaging:SenderPollInterval"] = "00:00:00.050",
            ["Messaging:SendRetryBaseDelay"] = "00:00:00.050",
            ["Messaging:SenderStopGrace"] = "00:00:01",
            ["Broadcasts:PollInterval"] = "00:00:00.050",
            ["Broadcasts:FeedInterval"] = "00:00:00.020",
            ["Zalo:Client:RetryBaseDelay"] = "00:00:00.010",
            ["Zalo:Client:SendsPerSecond"] = "1000",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        // The port is chosen by Kestrel from the URL below. UseKestrel(0) would have the factory rewrite the server's
        // addresses after the app's Main has been let run on, which races with Main starting the server (seen on a
        // restart, where the migrations are already applied and Main gets there first).
        UseKestrel();
        StartServer();
    }

    public string DatabasePath { get; }

    /// <summary>Settings for a test app in Live mode, configured with the OA secret the test support signs with.</summary>
    public static Dictionary<string, string?> LiveSettings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Zalo:Mode"] = "Live", ["Zalo:OaSecretKey"] = OaSecretKey };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The Zalo emulator the app hosts in Sandbox mode and sends to over real HTTP.</summary>
    public ZaloBot.Sandbox.ZaloEmulatorState Emulator => Services.GetRequiredService<ZaloBot.Sandbox.ZaloEmulatorState>();

    /// <summary>
    /// A fresh database path in a folder of its own, as the container's /data is: what the app keeps beside the
    /// database (its data-protection keys) belongs to that database only.
    /// </summary>
    public static string NewDatabasePath() =>
        Path.Combine(Path.GetTempPath(), "zalobot-tests", Guid.NewGuid().ToString("N"), "zalobot.db");

    public async Task<SqliteConnection> OpenDatabaseAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> QueryScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await OpenDatabaseAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The app creates the database's folder itself, private, as it does in production.
        builder.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
