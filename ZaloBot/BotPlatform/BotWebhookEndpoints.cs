using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using ZaloBot.Messaging;

namespace ZaloBot.BotPlatform;

/// <summary>
/// <c>POST /webhooks/zalo-bot</c>: check the secret Zalo echoes in <c>X-Bot-Api-Secret-Token</c>, store the update once in
/// the same durable inbox as the OA's events (key <c>bot:&lt;message_id&gt;</c>), answer 200. The dispatcher, the router
/// and the outbox then treat it like any other event.
/// </summary>
public static class BotWebhookEndpoints
{
    public const string Path = "/webhooks/zalo-bot";
    public const string SecretHeader = "X-Bot-Api-Secret-Token";

    public static IEndpointRouteBuilder MapBotPlatformWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http,
        IOptions<BotPlatformOptions> bot,
        IOptions<MessagingOptions> messaging,
        InboxStore inbox,
        DispatchSignal signal,
        WebhookRejections rejections,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!bot.Value.Enabled)
        {
            return Results.NotFound();
        }

        var remoteIp = http.Connection.RemoteIpAddress?.ToString();
        var body = await WebhookEndpoints.ReadBodyAsync(http.Request, messaging.Value.MaxWebhookBodyBytes, cancellationToken);
        if (body is null)
        {
            rejections.Record("body_too_large", "bot update larger than the limit", remoteIp);
            return Results.Json(new WebhookAnswer(false, "body_too_large"), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (!SecretMatches(http.Request.Headers[SecretHeader], bot.Value.EffectiveWebhookSecret))
        {
            rejections.Record("invalid_secret", "bot update without the webhook secret", remoteIp);
            return Results.Json(new WebhookAnswer(false, "invalid_secret"), statusCode: StatusCodes.Status401Unauthorized);
        }

        using var document = WebhookEndpoints.TryParse(body);
        if (document?.RootElement.ValueKind != JsonValueKind.Object || !Utf8.IsValid(body))
        {
            rejections.Record("body_not_json", "bot update that is not a JSON object in UTF-8", remoteIp);
            return Results.Json(new WebhookAnswer(false, "body_not_json"), statusCode: StatusCodes.Status400BadRequest);
        }

        if (BotUpdate.Parse(document.RootElement) is not { } update)
        {
            rejections.Record("not_an_update", "bot webhook body without an event_name", remoteIp);
            return Results.Json(new WebhookAnswer(false, "not_an_update"), statusCode: StatusCodes.Status400BadRequest);
        }

        if (update.DateMs is { } sentAtMs && WebhookEndpoints.IsStale(sentAtMs, clock.GetUtcNow(), messaging.Value.DedupWindow))
        {
            // A 200, so that Zalo stops resending it; not stored, since its key may have left the inbox already.
            rejections.Record("stale", $"bot update dated {sentAtMs}, outside the dedup window", remoteIp);
            return Results.Ok(new WebhookAnswer(true, "stale"));
        }

        var stored = await StoreAsync(inbox, signal, update, Encoding.UTF8.GetString(body), cancellationToken);
        return Results.Ok(new WebhookAnswer(true, stored ? "stored" : "duplicate"));
    }

    /// <summary>
    /// Stores an update once, however it came (webhook or polling); false for a duplicate. An event name the channel
    /// does not read is stored without its body and never handled.
    /// </summary>
    internal static Task<bool> StoreAsync(InboxStore inbox, DispatchSignal signal, BotUpdate update, string body, CancellationToken cancellationToken) =>
        WebhookEndpoints.StoreAsync(
            inbox, signal,
            update.InboxKey ?? InboxEvent.BotKeyPrefix + WebhookEndpoints.ContentKey(Encoding.UTF8.GetBytes(body)),
            update.EventName, update.ConversationKey, body, BotUpdate.IsKnown(update.EventName), cancellationToken);

    /// <summary>Compares in constant time, so the answer's timing tells nothing of how much of a guess was right.</summary>
    internal static bool SecretMatches(string? presented, string secret) =>
        !string.IsNullOrEmpty(presented) && secret.Length > 0
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
