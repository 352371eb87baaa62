using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZaloBot.Sandbox;

namespace ZaloBot.Tests.Sandbox;

/// <summary>The Zalo emulator alone in a Kestrel host on a free loopback port, reached over real HTTP.</summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, Uri baseUrl, ZaloEmulatorState state)
    {
        _app = app;
        BaseUrl = baseUrl;
        State = state;
    }

    /// <summary>The emulator's root including its prefix, e.g. http://127.0.0.1:41234/sandbox/zalo.</summary>
    public Uri BaseUrl { get; }

    public ZaloEmulatorState State { get; }

    public static async Task<EmulatorHost> StartAsync(string prefix = "", ZaloEmulatorState? state = null)
    {
        state ??= new ZaloEmulatorState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddZaloEmulator(state);
        var app = builder.Build();
        app.MapZaloEmulator(prefix);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new EmulatorHost(app, new Uri(address.TrimEnd('/') + prefix), state);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
