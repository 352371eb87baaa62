using System.Buffers;

namespace ZaloBot.Bench;

/// <summary>
/// The framework's ceiling on this machine: the same host the app uses (<c>WebApplication.CreateBuilder</c>, Kestrel,
/// the app's logging levels, its own process), with one <c>POST /webhooks/zalo</c> that reads the whole body, as the
/// real endpoint does, and answers the same small JSON. No signature check, no JSON parsing, no storage.
/// </summary>
internal static class NoopServer
{
    public const string Command = "noop-server";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // The app's appsettings.json levels: Information, and Warning for ASP.NET Core's per-request logs.
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/webhooks/zalo", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, 1024 * 1024));
            int read;
            while ((read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellationToken)) > 0)
            {
                buffer.Advance(read);
            }

            return Results.Ok(new NoopAnswer(true, "stored"));
        });
        app.MapGet("/health/live", () => Results.Ok());
        await app.RunAsync();
        return 0;
    }

    internal sealed record NoopAnswer(bool Ok, string Result);
}
