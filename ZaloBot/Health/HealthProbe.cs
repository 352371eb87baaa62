namespace ZaloBot.Health;

/// <summary>
/// <c>ZaloBot healthcheck [url]</c>: asks the running app's liveness endpoint and exits 0 or 1. The runtime image
/// has no curl, so the Dockerfile's HEALTHCHECK calls the app itself.
/// </summary>
public static class HealthProbe
{
    public const string Command = "healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:8080/health/live";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
