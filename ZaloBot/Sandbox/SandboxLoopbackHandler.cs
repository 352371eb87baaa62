using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ZaloBot.Sandbox;

/// <summary>
/// In Sandbox mode the Zalo client talks to the emulator this same app hosts, over real HTTP. The app's own
/// address is only known once Kestrel has bound its port, so requests are aimed at it here, at send time.
/// </summary>
public sealed class SandboxLoopbackHandler(IServer server) : DelegatingHandler
{
    /// <summary>What <c>Zalo:ApiBaseUrl</c> and <c>Zalo:OAuthBaseUrl</c> point at in Sandbox mode.</summary>
    public static readonly Uri PlaceholderBase = new("http://zalo-sandbox.invalid" + SandboxEndpoints.EmulatorPrefix);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { Host: "zalo-sandbox.invalid" } uri)
        {
            var self = OwnAddress() ?? throw new HttpRequestException("The Sandbox server has not bound its address yet.");
            request.RequestUri = new UriBuilder(uri) { Scheme = self.Scheme, Host = self.Host, Port = self.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }

    private Uri? OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        // Wildcard bindings ("http://+:8080", "http://[::]:8080") are reached on loopback.
        var reachable = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
        return Uri.TryCreate(reachable, UriKind.Absolute, out var uri) ? uri : null;
    }
}
