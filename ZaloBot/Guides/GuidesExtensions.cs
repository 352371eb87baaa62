using Microsoft.Extensions.Options;

namespace ZaloBot.Guides;

public static partial class GuidesExtensions
{
    /// <summary>
    /// The resident guides: content loaded and checked at start-up (a broken file stops the app with one line), the
    /// router that reads residents' text, and the engine the resident's conversation runs them with.
    /// </summary>
    public static IHostApplicationBuilder AddGuides(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GuidesOptions>().BindConfiguration(GuidesOptions.Section)
            .Validate(o => o.ResumeAfter > TimeSpan.Zero, "Guides: ResumeAfter must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => LoadContent(
            sp.GetRequiredService<IOptions<GuidesOptions>>().Value, sp.GetRequiredService<ILoggerFactory>().CreateLogger<GuideLibrary>()));
        builder.Services.AddSingleton<GuideRouter>();
        builder.Services.AddSingleton<GuideEngine>();
        // Loads the content when the host starts, so a broken file stops the app before it takes any traffic.
        builder.Services.AddHostedService<GuideContentCheck>();
        return builder;
    }

    private static GuideLibrary LoadContent(GuidesOptions options, ILogger logger)
    {
        var path = options.ResolvedContentPath;
        try
        {
            var library = GuideLoader.Load(path);
            foreach (var warning in library.Warnings)
            {
                LogContentWarning(logger, warning);
            }

            LogLoaded(logger, library.Guides.Count - 1, path);
            return library;
        }
        catch (GuideContentException ex)
        {
            LogContentBroken(logger, ex.Message);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} guides from {Path}")]
    private static partial void LogLoaded(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guide content: {Warning}")]
    private static partial void LogContentWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Guide content is broken: {Problem}")]
    private static partial void LogContentBroken(ILogger logger, string problem);

    private sealed class GuideContentCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<GuideLibrary>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
