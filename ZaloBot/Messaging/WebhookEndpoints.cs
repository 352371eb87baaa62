using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// <c>POST /webhooks/zalo</c>: verify the MAC, store the event once, answer 200. No feature work happens here,
/// so the answer stays fast while the handlers or Zalo are slow.
/// </summary>
public static partial class WebhookEndpoints
{
    public const string Path = "/webhooks/zalo";

    public static IEndpointRouteBuilder MapZaloWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http,
        IOptions<ZaloOptions> zalo,
        IOptions<MessagingOptions> messaging,
        InboxStore inbox,
        DispatchSignal signal,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoints).FullName!);
        var body = await ReadBodyAsync(http.Request, messaging.Value.MaxWebhookBodyBytes, cancellationToken);
        if (body is null)
        {
            LogTooLarge(logger, http.Connection.RemoteIpAddress?.ToString());
            return Results.Json(new WebhookAnswer(false, "body_too_large"), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var document = TryParse(body);
        var root = document?.RootElement;
        var isObject = root?.ValueKind == JsonValueKind.Object;
        var appId = (isObject ? Field(root!.Value, "app_id") : null) ?? zalo.Value.EffectiveAppId;
        var timestamp = (isObject ? Field(root!.Value, "timestamp") : null) ?? "";

        var check = WebhookSignature.Verify(
            http.Request.Headers[WebhookSignature.HeaderName], appId, body, timestamp, zalo.Value.EffectiveOaSecretKey);
        if (check != SignatureCheck.Valid)
        {
            LogRejected(logger, check, http.Connection.RemoteIpAddress?.ToString());
            return Results.Json(new WebhookAnswer(false, "invalid_signature"), statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!isObject)
        {
            return Results.Json(new WebhookAnswer(false, "body_not_json"), statusCode: StatusCodes.Status400BadRequest);
        }

        var zaloEvent = ZaloEventParser.Parse(root!.Value);
        var eventKey = ZaloEventParser.MessageId(root.Value) is { } msgId
            // The event name is part of the key: a receipt carries the msg_id of the OA message it confirms.
            ? $"{zaloEvent.EventName}:{msgId}"
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
        var status = zaloEvent is UnknownEvent ? InboxStatus.Unknown : InboxStatus.Pending;
        var stored = await inbox.TryAddAsync(eventKey, zaloEvent.EventName, zaloEvent.ConversationKey, Encoding.UTF8.GetString(body), status, cancellationToken);
        if (stored && status == InboxStatus.Pending)
        {
            signal.Notify();
        }

        return Results.Ok(new WebhookAnswer(true, stored ? "stored" : "duplicate"));
    }

    /// <summary>The raw body, or null when it is larger than the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit + 1L));
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    private static JsonDocument? TryParse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A top-level field as the exact text Zalo sent (a number keeps its digits).</summary>
    private static string? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a webhook from {RemoteIp}: signature {Check}")]
    private static partial void LogRejected(ILogger logger, SignatureCheck check, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a webhook from {RemoteIp}: body larger than the limit")]
    private static partial void LogTooLarge(ILogger logger, string? remoteIp);
}

/// <summary>The small JSON body every webhook answer carries.</summary>
public sealed record WebhookAnswer(bool Ok, string Result);
