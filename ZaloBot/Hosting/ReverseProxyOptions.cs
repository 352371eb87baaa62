using System.Net;

namespace ZaloBot.Hosting;

/// <summary>
/// The <c>ReverseProxy</c> configuration section: the proxies (addresses or networks) whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> the app believes, besides loopback, which is always trusted.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Proxy addresses, e.g. <c>172.17.0.1</c> (Docker's bridge, for nginx on the host).</summary>
    public IReadOnlyList<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>10.0.0.0/8</c>.</summary>
    public IReadOnlyList<string> KnownNetworks { get; set; } = [];

    /// <summary>Null when every entry reads, else the first that does not, as one line for the start-up error.</summary>
    public string? Problem()
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
            {
                return $"ReverseProxy: ReverseProxy__KnownProxies__{i} (“{KnownProxies[i]}”) is not an IP address.";
            }
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(KnownNetworks[i], out _))
            {
                return $"ReverseProxy: ReverseProxy__KnownNetworks__{i} (“{KnownNetworks[i]}”) is not a network such as 10.0.0.0/8.";
            }
        }

        return null;
    }
}
