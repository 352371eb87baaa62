using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using ZaloBot.Sandbox;
using ZaloBot.Zalo;

namespace ZaloBot.Bench;

/// <summary>
/// The app's Zalo emulator, hosted in the harness's own process on a loopback port, so it outlives every kill of the
/// app and sees every reply exactly as Zalo would. <see cref="Replies"/> counts and times what it showed.
/// </summary>
internal sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, Uri baseUrl, ZaloEmulatorState state, ReplyLog replies)
    {
        _app = app;
        BaseUrl = baseUrl;
        State = state;
        Replies = replies;
    }

    public Uri BaseUrl { get; }

    public ZaloEmulatorState State { get; }

    public ReplyLog Replies { get; }

    /// <summary>The emulator, answering each call after <paramref name="latency"/> (Zalo's round trip as the app sees it).</summary>
    public static async Task<EmulatorServer> StartAsync(TimeSpan latency)
    {
        var replies = new ReplyLog();
        // The emulator accepts the sandbox token pair; the app is given the same pair as its configured tokens.
        var state = new ZaloEmulatorState(initialAccessToken: ZaloOptions.SandboxAccessToken, initialRefreshToken: ZaloOptions.SandboxRefreshToken)
        {
            MessageShown = replies.Record,
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddZaloEmulator(state);
        var app = builder.Build();
        if (latency > TimeSpan.Zero)
        {
            // The wait ignores the caller hanging up: a call that reached Zalo is carried out, as a real one is, so a
            // send cut off by a kill still shows its message (and the crash test counts the duplicate it causes).
            app.Use(async (context, next) =>
            {
                await Task.Delay(latency, CancellationToken.None);
                await next(context);
            });
        }

        app.MapZaloEmulator("");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new EmulatorServer(app, new Uri(address), state, replies);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Every message the emulator showed from the OA: how many per conversation, and when the first arrived.</summary>
internal sealed class ReplyLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _firstAt = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Messages shown so far, duplicates included.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Record(EmulatedMessage message)
    {
        if (!message.FromOa)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        _firstAt.TryAdd(message.Conversation, now);
        _counts.AddOrUpdate(message.Conversation, 1, (_, count) => count + 1);
        Interlocked.Increment(ref _total);
    }

    /// <summary>When the first message to <paramref name="conversation"/> arrived (Stopwatch ticks), if one did.</summary>
    public bool TryGetFirstArrival(string conversation, out long timestamp) => _firstAt.TryGetValue(conversation, out timestamp);

    public int CountFor(string conversation) => _counts.TryGetValue(conversation, out var count) ? count : 0;

    /// <summary>A copy of the per-conversation counts.</summary>
    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);
}
