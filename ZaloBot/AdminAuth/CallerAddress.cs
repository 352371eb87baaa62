using System.Net;

namespace ZaloBot.AdminAuth;

/// <summary>Where a request comes from, as the reverse proxy's forwarded headers left it.</summary>
public static class CallerAddress
{
    /// <summary>The caller is on this machine (after the forwarded headers of a trusted proxy, the proxy's client).</summary>
    public static bool IsLoopback(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
    }
}
