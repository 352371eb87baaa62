namespace ZaloBot.Health;

/// <summary>
/// <c>ZaloBot healthcheck [url]</c>: asks the running app's liveness endpoint and exits 0 or 1. The runtime image
/// has no curl, so the Dockerfile's HEALTHCHECK calls the app itself.
/// </summary>
public static class HealthProbe
{
    public const string Command = "healthcheck";

    /// <summary>The liveness endpoint of an app listening on the container's port.</summary>
    public static Uri DefaultUrl { get; } = new("http://127.0.0.1:8080/health/live");

    public static async Task<int> RunAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
