using Microsoft.Extensions.Options;

namespace ZaloBot.Handoff;

public static partial class HandoffExtensions
{
    /// <summary>
    /// Residents' help requests to their team: the questions a resident answers (a part of the resident's
    /// conversation), the loop that reminds teams of requests nobody took and raises them, and the one that looks up
    /// a requester's Zalo name and forgets their contact once the request is long closed.
    /// </summary>
    public static IHostApplicationBuilder AddHandoff(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section)
            .Validate(o => o.RemindAfter > TimeSpan.Zero && o.EscalateAfter > o.RemindAfter,
                "Handoff: RemindAfter must be positive and EscalateAfter longer than RemindAfter.")
            .Validate(o => o.CheckInterval > TimeSpan.Zero && o.ConversationTimeout > TimeSpan.Zero && o.ContactRetention > TimeSpan.Zero,
                "Handoff: CheckInterval, ConversationTimeout and ContactRetention must be positive.")
            .Validate(o => o.ContactCardImageUrl.Length == 0 || IsHttpUrl(o.ContactCardImageUrl),
                "Handoff: ContactCardImageUrl must be an absolute http(s) URL, or empty to not ask residents for name and phone.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HandoffQuestions>();
        builder.Services.AddHostedService<HandoffReminders>();
        builder.Services.AddSingleton<HelpRequestContacts>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HelpRequestContacts>());
        builder.Services.AddHostedService<ContactCardNotice>();
        return builder;
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Handoff: Handoff__ContactCardImageUrl is not set, so residents are not asked to share their name and phone")]
    private static partial void LogNoContactCard(ILogger logger);

    /// <summary>Says once at start when residents will not be asked for their contact, so it is a choice, not a surprise.</summary>
    private sealed class ContactCardNotice(IOptions<HandoffOptions> options, ILoggerFactory loggers) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.AsksForContact)
            {
                var logger = loggers.CreateLogger("ZaloBot.Handoff");
                LogNoContactCard(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
