using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.BotPlatform;

/// <summary>What <c>getMe</c> says of the bot.</summary>
public sealed record BotInfo(string Id, string? AccountName, string? AccountType, bool? CanJoinGroups);

/// <summary>What <c>getWebhookInfo</c> says: the registered address (empty when none) and when it was set.</summary>
public sealed record BotWebhookInfo(string Url, DateTimeOffset? UpdatedAt);

/// <summary>
/// Typed HttpClient over the Zalo Bot Platform: <c>POST {ApiBaseUrl}/bot{token}/{method}</c> with a JSON body, answered
/// <c>{"ok":true,"result":…}</c> or <c>{"ok":false,"error_code":…,"description":…}</c>, mostly with HTTP 200. Its
/// HttpClient carries the same resilience pipeline as the OA client (see <see cref="ZaloResilience"/>), with a send
/// rate limit of its own. Every failure is a <see cref="ZaloApiException"/> classified by <see cref="BotPlatformErrors"/>.
/// The token is part of every address, so no address is ever logged.
/// </summary>
public sealed partial class BotPlatformClient(
    HttpClient http, IHttpClientFactory clients, IOptions<BotPlatformOptions> options, BotPlatformHealth health, ILogger<BotPlatformClient> logger)
{
    /// <summary>The HttpClient of long polls: no per-attempt timeout or retry, since a poll waits at Zalo on purpose.</summary>
    public const string PollingClientName = "zalo-bot-poll";

    /// <summary>Sends text to a chat, in parts of at most 2,000 characters; returns the last part's message id.</summary>
    public async Task<string> SendMessageAsync(string chatId, string text, ZaloSendPriority priority = ZaloSendPriority.Urgent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chatId);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var messageId = "";
        foreach (var part in ZaloText.Split(text))
        {
            messageId = await CallAsync("sendMessage", new JsonObject { ["chat_id"] = chatId, ["text"] = part }, ReadMessageId, priority, cancellationToken);
        }

        return messageId;
    }

    /// <summary>Sends an image by its public address, with an optional caption.</summary>
    public Task<string> SendPhotoAsync(string chatId, string photoUrl, string? caption, ZaloSendPriority priority = ZaloSendPriority.Urgent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chatId);
        ArgumentException.ThrowIfNullOrWhiteSpace(photoUrl);
        var body = new JsonObject { ["chat_id"] = chatId, ["photo"] = photoUrl };
        if (!string.IsNullOrWhiteSpace(caption))
        {
            body["caption"] = caption.Length > ZaloText.MaxLength ? caption[..ZaloText.MaxLength] : caption;
        }

        return CallAsync("sendPhoto", body, ReadMessageId, priority, cancellationToken);
    }

    public Task SendChatActionAsync(string chatId, CancellationToken cancellationToken = default) =>
        CallAsync("sendChatAction", new JsonObject { ["chat_id"] = chatId, ["action"] = "typing" }, _ => true, ZaloSendPriority.Urgent, cancellationToken);

    public Task<BotInfo> GetMeAsync(CancellationToken cancellationToken = default) =>
        CallAsync("getMe", new JsonObject(), result => new BotInfo(
            ZaloEnvelope.Str(result, "id") ?? throw new ZaloApiException(ZaloErrorCodes.InvalidResponse, "getMe answered without an id", ZaloErrorKind.Unknown),
            ZaloEnvelope.Str(result, "account_name"), ZaloEnvelope.Str(result, "account_type"),
            result.TryGetProperty("can_join_groups", out var join) && join.ValueKind is JsonValueKind.True or JsonValueKind.False ? join.GetBoolean() : null),
            ZaloSendPriority.Urgent, cancellationToken);

    /// <summary>Registers the webhook with the configured secret, which Zalo sends back with every update.</summary>
    public Task<BotWebhookInfo> SetWebhookAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var body = new JsonObject { ["url"] = url.AbsoluteUri, ["secret_token"] = options.Value.EffectiveWebhookSecret };
        return CallAsync("setWebhook", body, ReadWebhookInfo, ZaloSendPriority.Urgent, cancellationToken);
    }

    public Task<BotWebhookInfo> DeleteWebhookAsync(CancellationToken cancellationToken = default) =>
        CallAsync("deleteWebhook", new JsonObject(), ReadWebhookInfo, ZaloSendPriority.Urgent, cancellationToken);

    public Task<BotWebhookInfo> GetWebhookInfoAsync(CancellationToken cancellationToken = default) =>
        CallAsync("getWebhookInfo", new JsonObject(), ReadWebhookInfo, ZaloSendPriority.Urgent, cancellationToken);

    /// <summary>
    /// One long poll: the next update as the JSON text of <c>result</c> (Zalo returns one update per call), or null when
    /// none came within the timeout (Zalo answers that with error 408).
    /// </summary>
    public async Task<string?> GetUpdatesAsync(CancellationToken cancellationToken = default)
    {
        var timeout = options.Value.PollTimeout;
        using var poll = clients.CreateClient(PollingClientName);
        poll.Timeout = timeout + TimeSpan.FromSeconds(10);
        var seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        try
        {
            return await CallAsync(poll, "getUpdates", new JsonObject { ["timeout"] = seconds }, result => result.GetRawText(), ZaloSendPriority.Urgent, cancellationToken);
        }
        catch (ZaloApiException ex) when (ex.Code == BotPlatformErrors.RequestTimeout)
        {
            return null;
        }
    }

    /// <summary>Reads a buffered answer for the resilience pipeline: does its body say to try again?</summary>
    internal static async ValueTask<bool> AnswerIsTransientAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await ZaloEnvelope.PeekErrorCodeAsync(response, ErrorCode, cancellationToken) is { } code && BotPlatformErrors.Classify(code) == ZaloErrorKind.Retryable;

    private Task<T> CallAsync<T>(string method, JsonObject body, Func<JsonElement, T> read, ZaloSendPriority priority, CancellationToken cancellationToken) =>
        CallAsync(http, method, body, read, priority, cancellationToken);

    private async Task<T> CallAsync<T>(
        HttpClient client, string method, JsonObject body, Func<JsonElement, T> read, ZaloSendPriority priority, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{settings.ApiBaseUrl.AbsoluteUri.TrimEnd('/')}/bot{settings.EffectiveBotToken}/{method}"));
        request.Options.Set(ZaloSendRateLimiter.PriorityOption, priority);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

        using var response = await ZaloTransport.SendAsync(client, request, method, addressIsSecret: true, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            // The body says nothing; the status may.
        }

        using (document)
        {
            var root = document?.RootElement;
            if (root is not { ValueKind: JsonValueKind.Object } answer)
            {
                throw response.IsSuccessStatusCode
                    ? new ZaloApiException(ZaloErrorCodes.InvalidResponse, $"{method} answered with something that is not a JSON object", ZaloErrorKind.Unknown)
                    : Failed(method, (int)response.StatusCode, "HTTP " + (int)response.StatusCode);
            }

            var ok = answer.TryGetProperty("ok", out var okValue) && okValue.ValueKind == JsonValueKind.True;
            if (!ok || !response.IsSuccessStatusCode)
            {
                var code = ErrorCode(answer) ?? (response.IsSuccessStatusCode ? ZaloErrorCodes.InvalidResponse : (int)response.StatusCode);
                throw Failed(method, code, ZaloEnvelope.Str(answer, "description"));
            }

            health.TokenAccepted();
            return read(answer.TryGetProperty("result", out var result) ? result : default);
        }
    }

    private ZaloApiException Failed(string method, int code, string? description)
    {
        var failure = BotPlatformErrors.Exception(code, method, description);
        if (failure.Kind == ZaloErrorKind.Token)
        {
            health.TokenRejected($"{method} answered {code} {description}".Trim());
            LogTokenRejected(method, code, options.Value.MaskedToken);
        }
        else if (method != "getUpdates" || code != BotPlatformErrors.RequestTimeout)
        {
            LogCallFailed(method, code, description ?? "");
        }

        return failure;
    }

    private static string ReadMessageId(JsonElement result) =>
        ZaloEnvelope.Str(result, "message_id") ?? throw new ZaloApiException(ZaloErrorCodes.InvalidResponse, "the Bot Platform answered success without a message_id", ZaloErrorKind.Unknown);

    private static BotWebhookInfo ReadWebhookInfo(JsonElement result) => new(
        ZaloEnvelope.Str(result, "url") ?? "",
        result.ValueKind == JsonValueKind.Object && result.TryGetProperty("updated_at", out var at) && at.TryGetInt64(out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null);

    /// <summary>The Bot Platform's <c>error_code</c> (a number, or a number in a string); null when absent.</summary>
    private static int? ErrorCode(JsonElement root) => ZaloEnvelope.Get(root, "error_code") is { } code ? ZaloEnvelope.Int(code) : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "The Bot Platform rejected the bot token {Token} on {Method} ({Code}): the bot channel is down until the token is replaced")]
    private partial void LogTokenRejected(string method, int code, string token);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bot Platform call {Method} failed with {Code}: {Description}")]
    private partial void LogCallFailed(string method, int code, string description);
}
