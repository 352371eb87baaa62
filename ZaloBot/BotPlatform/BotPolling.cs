using System.Text.Json;
using Microsoft.Extensions.Options;
using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.BotPlatform;

/// <summary>
/// Polling mode, for a deployment without a public HTTPS address: asks the Bot Platform for updates (<c>getUpdates</c>,
/// one update per call) and stores each in the same inbox the webhook fills. The platform does not poll while a webhook
/// is registered, and answers for both would be split between them, so polling refuses to start then and says so;
/// removing the webhook (<c>bot-webhook delete</c>) is the operator's decision.
/// </summary>
public sealed partial class BotPolling(
    BotPlatformClient client,
    InboxStore inbox,
    DispatchSignal signal,
    IOptions<BotPlatformOptions> options,
    TimeProvider clock,
    ILogger<BotPolling> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Mode != BotPlatformMode.Polling)
        {
            return;
        }

        if (!await NoWebhookAsync(stoppingToken))
        {
            return;
        }

        LogPolling(settings.MaskedToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await client.GetUpdatesAsync(stoppingToken) is { } body)
                {
                    await StoreAsync(body, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ZaloApiException ex)
            {
                LogPollFailed(ex.Code, ex.Message, settings.PollRetryDelay);
                await Task.Delay(settings.PollRetryDelay, clock, stoppingToken);
            }
        }
    }

    /// <summary>True when no webhook is registered; asks again after a failure, since polling cannot tell otherwise.</summary>
    private async Task<bool> NoWebhookAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var info = await client.GetWebhookInfoAsync(stoppingToken);
                if (info.Url.Length == 0)
                {
                    return true;
                }

                LogWebhookSet();
                return false;
            }
            catch (ZaloApiException ex) when (ex.Code == BotPlatformErrors.NotFound)
            {
                // The platform answers 404 for a bot that never had a webhook.
                return true;
            }
            catch (ZaloApiException ex)
            {
                LogPollFailed(ex.Code, ex.Message, options.Value.PollRetryDelay);
                await Task.Delay(options.Value.PollRetryDelay, clock, stoppingToken);
            }
        }

        return false;
    }

    private async Task StoreAsync(string body, CancellationToken stoppingToken)
    {
        BotUpdate? update;
        using (var document = JsonDocument.Parse(body))
        {
            update = BotUpdate.Parse(document.RootElement);
        }

        if (update is null)
        {
            LogNotAnUpdate();
            return;
        }

        await BotWebhookEndpoints.StoreAsync(inbox, signal, update, body, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot Platform polling mode: asking for updates as bot {Token}")]
    private partial void LogPolling(string token);

    [LoggerMessage(Level = LogLevel.Error, Message =
        "Bot Platform polling mode will not start: a webhook is registered for this bot, and the platform does not deliver updates "
        + "to both. Remove it with 'bot-webhook delete' to poll, or set ZaloBotPlatform__Mode=Webhook")]
    private partial void LogWebhookSet();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Platform poll failed with {Code}: {Reason}; asking again in {Delay}")]
    private partial void LogPollFailed(int code, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Platform poll answered a result without an event_name; skipped")]
    private partial void LogNotAnUpdate();
}
