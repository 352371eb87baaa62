using Microsoft.Extensions.Options;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Zalo;

namespace ZaloBot.Handoff;

/// <summary>
/// The resident's contact on a help request, from asking to long after closing, every
/// <see cref="HandoffOptions.CheckInterval"/>: the name their Zalo profile shows is looked up for open requests (a call
/// to the channel, made here rather than while the request is written, so a slow or absent Zalo never holds the
/// dispatcher), and the phone and Zalo name of requests closed more than <see cref="HandoffOptions.ContactRetention"/>
/// ago are cleared.
/// </summary>
public sealed partial class HelpRequestContacts(
    Db db, ChannelAdapters channels, TimeProvider clock, IOptions<HandoffOptions> options, ILogger<HelpRequestContacts> logger)
    : PeriodicService(options.Value.CheckInterval, clock)
{
    /// <summary>Look-ups per round: a burst of requests is worked through over a few rounds.</summary>
    public const int BatchSize = 20;

    private readonly HandoffOptions _options = options.Value;

    protected override Task RunRoundAsync(CancellationToken stoppingToken) => RunOnceAsync(stoppingToken);

    /// <summary>One round; returns the Zalo names looked up and the requests whose contact was cleared.</summary>
    public async Task<(int NamesLookedUp, int ContactsCleared)> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var looked = 0;
        foreach (var (id, resident) in await HelpRequestStore.DueForZaloNameAsync(connection, BatchSize))
        {
            string? name;
            try
            {
                name = await channels[resident.Channel].ProfileNameAsync(resident.Id, cancellationToken);
            }
            catch (ZaloApiException ex) when (ex.Kind is ZaloErrorKind.Retryable or ZaloErrorKind.Token)
            {
                // Zalo is away: the rest would fail the same way. The next round asks again.
                LogLookupPostponed(ex.Code);
                break;
            }
            catch (ZaloApiException ex)
            {
                // The profile cannot be read (the person left Zalo, or blocked the OA): the request goes without the name.
                LogLookupRefused(id, ex.Code);
                name = null;
            }

            using var turn = await db.TakeWriteTurnAsync(cancellationToken);
            await HelpRequestStore.SetZaloNameAsync(connection, id, name, Clock.GetUtcNow());
            looked++;
        }

        int cleared;
        using (await db.TakeWriteTurnAsync(cancellationToken))
        {
            cleared = await HelpRequestStore.ForgetContactsAsync(connection, Clock.GetUtcNow() - _options.ContactRetention);
        }

        if (cleared > 0)
        {
            LogContactsCleared(cleared);
        }

        return (looked, cleared);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Help requests: Zalo names wait, Zalo answered {Code}; next round tries again")]
    private partial void LogLookupPostponed(int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Id}: the resident's Zalo profile could not be read ({Code}); shown without it")]
    private partial void LogLookupRefused(long id, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Help requests: cleared the phone and Zalo name of {Count} requests closed long ago")]
    private partial void LogContactsCleared(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Help request contacts round failed; the next round tries again")]
    protected override partial void LogRoundFailed(Exception exception);
}
