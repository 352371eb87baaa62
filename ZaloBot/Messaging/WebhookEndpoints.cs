using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// <c>POST /webhooks/zalo</c>: verify the MAC, store the event once, answer 200. No feature work happens here,
/// so the answer stays fast while the handlers or Zalo are slow.
/// </summary>
public static class WebhookEndpoints
{
    public const string Path = "/webhooks/zalo";

    /// <summary>How far ahead of this server's clock an event's timestamp may be: clocks differ, a little.</summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromMinutes(10);

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
        WebhookRejections rejections,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var remoteIp = http.Connection.RemoteIpAddress?.ToString();
        var body = await ReadBodyAsync(http.Request, messaging.Value.MaxWebhookBodyBytes, cancellationToken);
        if (body is null)
        {
            rejections.Record("body_too_large", "body larger than the limit", remoteIp);
            return Results.Json(new WebhookAnswer(false, "body_too_large"), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        using var document = TryParse(body);
        var root = document?.RootElement;
        var isObject = root?.ValueKind == JsonValueKind.Object;
        var appId = (isObject ? ZaloEventParser.TopLevel(root!.Value, "app_id") : null) ?? zalo.Value.EffectiveAppId;
        var timestamp = (isObject ? ZaloEventParser.TopLevel(root!.Value, "timestamp") : null) ?? "";

        var check = WebhookSignature.Verify(
            http.Request.Headers[WebhookSignature.HeaderName], appId, body, timestamp, zalo.Value.EffectiveOaSecretKey);
        if (check != SignatureCheck.Valid)
        {
            rejections.Record("invalid_signature", $"signature {check}", remoteIp);
            return Results.Json(new WebhookAnswer(false, "invalid_signature"), statusCode: StatusCodes.Status401Unauthorized);
        }

        // Valid UTF-8 only (RFC 8259 §8.1): what is stored and handled reads back exactly as it was signed.
        if (!isObject || !Utf8.IsValid(body))
        {
            rejections.Record("body_not_json", "signed body that is not a JSON object in UTF-8", remoteIp);
            return Results.Json(new WebhookAnswer(false, "body_not_json"), statusCode: StatusCodes.Status400BadRequest);
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sentAtMs))
        {
            rejections.Record("bad_timestamp", "signed body without a timestamp in milliseconds", remoteIp);
            return Results.Json(new WebhookAnswer(false, "bad_timestamp"), statusCode: StatusCodes.Status400BadRequest);
        }

        if (IsStale(sentAtMs, clock.GetUtcNow(), messaging.Value.DedupWindow))
        {
            // A 200, so that Zalo stops resending it; not stored, since its key may have left the inbox already.
            rejections.Record("stale", $"timestamp {sentAtMs} older than the dedup window or too far ahead", remoteIp);
            return Results.Ok(new WebhookAnswer(true, "stale"));
        }

        var zaloEvent = ZaloEventParser.Parse(root!.Value);
        var eventKey = ZaloEventParser.MessageId(root.Value) is { } msgId
            // The event name is part of the key: a receipt carries the msg_id of the OA message it confirms.
            ? $"{zaloEvent.EventName}:{msgId}"
            : ContentKey(body);
        var stored = await StoreAsync(
            inbox, signal, eventKey, zaloEvent.EventName, zaloEvent.ConversationKey, Encoding.UTF8.GetString(body), zaloEvent is not UnknownEvent, cancellationToken);
        return Results.Ok(new WebhookAnswer(true, stored ? "stored" : "duplicate"));
    }

    /// <summary>The key of an event that carries no message id: its body's hash, so a redelivery of it is still a duplicate.</summary>
    internal static string ContentKey(ReadOnlySpan<byte> body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>
    /// Stores an event of either channel once, and wakes the dispatcher for one it will handle; false for a duplicate.
    /// Only an event still to be handled keeps its body (see <see cref="InboxStore.MarkDone"/>): an unknown one is
    /// stored for the record without it and never handled.
    /// </summary>
    internal static async Task<bool> StoreAsync(
        InboxStore inbox, DispatchSignal signal, string eventKey, string eventName, string conversationKey, string body, bool known,
        CancellationToken cancellationToken)
    {
        var status = known ? InboxStatus.Pending : InboxStatus.Unknown;
        var stored = await inbox.TryAddAsync(eventKey, eventName, conversationKey, known ? body : "", status, cancellationToken);
        if (stored && known)
        {
            signal.Notify();
        }

        return stored;
    }

    /// <summary>
    /// True when the event was sent before the dedup window (its key may be purged, so a replay would be handled
    /// again) or further ahead than any honest clock difference.
    /// </summary>
    internal static bool IsStale(long sentAtMs, DateTimeOffset now, TimeSpan dedupWindow) =>
        sentAtMs < (now - dedupWindow).ToUnixTimeMilliseconds() || sentAtMs > (now + MaxClockAhead).ToUnixTimeMilliseconds();

    /// <summary>The raw body, or null when it is larger than the limit.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // An empty body (Content-Length: 0) still needs a buffer of at least one byte.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? 4096, 1, limit + 1L));
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

    internal static JsonDocument? TryParse(byte[] body)
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
}

/// <summary>The small JSON body every webhook answer carries.</summary>
public sealed record WebhookAnswer(bool Ok, string Result);
