using System.Text.Json.Nodes;
using ZaloBot.BotPlatform;
using ZaloBot.Zalo;

namespace ZaloBot.Sandbox;

/// <summary>
/// The emulator playing the Zalo Bot Platform: <c>POST /bot{token}/{method}</c> with the platform's envelopes
/// (<c>{"ok":true,"result":…}</c>, errors as HTTP 200 with <c>error_code</c>), one update per <c>getUpdates</c> and 408
/// when none came, and no polling while a webhook is set. Calls are recorded under the path <c>/bot/{method}</c>, where
/// faults can be scripted (<see cref="ZaloEmulatorState.Inject"/>; an API error's code becomes <c>error_code</c>).
/// </summary>
public static class BotPlatformEmulator
{
    /// <summary>The path a call to <paramref name="method"/> is recorded under.</summary>
    public static string PathOf(string method) => "/bot/" + method;

    /// <summary>
    /// Maps <c>/bot{token}/{method}</c>. The token holds a colon, which a route's complex segment ("bot{token}") does
    /// not match, so the whole segment is taken and its "bot" checked here.
    /// </summary>
    public static void MapBotPlatformEmulator(this IEndpointRouteBuilder group) =>
        group.MapPost("/{botToken}/{method}", HandleAsync);

    private static async Task HandleAsync(HttpContext http, string botToken, string method)
    {
        if (!botToken.StartsWith("bot", StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var token = botToken[3..];
        var state = http.RequestServices.GetRequiredService<ZaloEmulatorState>();
        var call = await ZaloEmulator.ReadCallAsync(http, PathOf(method), state.Now);
        if (await ZaloEmulator.ApplyFaultAsync(http, state.Record(call), fault => Error(fault.Code, fault.Message ?? "Emulated error")))
        {
            return;
        }

        if (!string.Equals(token, state.BotToken, StringComparison.Ordinal))
        {
            await ZaloEmulator.WriteAsync(http, Error(BotPlatformErrors.Unauthorized, "Unauthorized"));
            return;
        }

        var body = call.Body as JsonObject ?? [];
        var answer = method switch
        {
            "getMe" => Ok(new JsonObject
            {
                ["id"] = token[..token.IndexOf(':', StringComparison.Ordinal)],
                ["account_name"] = "bot.Sandbox",
                ["account_type"] = "BASIC",
                ["can_join_groups"] = true,
            }),
            "sendMessage" => SendMessage(state, body),
            "sendPhoto" => SendPhoto(state, body),
            "sendChatAction" => Str(body["chat_id"]) is null ? Error(BotPlatformErrors.BadRequest, "chat_id is required") : new JsonObject { ["ok"] = true },
            "setWebhook" => SetWebhook(state, body),
            "deleteWebhook" => Webhook(state.SetBotWebhook(null, null)),
            "getWebhookInfo" => Webhook(state.BotWebhook()),
            "getUpdates" => await GetUpdatesAsync(state, body, http.RequestAborted),
            _ => Error(BotPlatformErrors.BadRequest, "Bad request: invalid API name"),
        };
        if (answer is not null)
        {
            await ZaloEmulator.WriteAsync(http, answer);
        }
    }

    private static JsonObject SendMessage(ZaloEmulatorState state, JsonObject body)
    {
        if (Str(body["chat_id"]) is not { } chatId)
        {
            return Error(BotPlatformErrors.BadRequest, "chat_id is required");
        }

        if (Str(body["text"]) is not { Length: <= ZaloText.MaxLength } text)
        {
            return Error(BotPlatformErrors.BadRequest, "text must be 1-2000 characters");
        }

        var shown = state.ShowFromBot(chatId, text, body);
        return Ok(new JsonObject { ["message_id"] = shown.MessageId, ["date"] = shown.Time.ToUnixTimeMilliseconds() });
    }

    private static JsonObject SendPhoto(ZaloEmulatorState state, JsonObject body)
    {
        if (Str(body["chat_id"]) is not { } chatId || Str(body["photo"]) is not { } photo || !Uri.TryCreate(photo, UriKind.Absolute, out _))
        {
            return Error(BotPlatformErrors.BadRequest, "chat_id and an absolute photo address are required");
        }

        var shown = state.ShowFromBot(chatId, Str(body["caption"]), body);
        return Ok(new JsonObject { ["message_id"] = shown.MessageId, ["date"] = shown.Time.ToUnixTimeMilliseconds() });
    }

    private static JsonObject SetWebhook(ZaloEmulatorState state, JsonObject body)
    {
        if (Str(body["secret_token"]) is not { Length: >= 8 and <= 256 } secret)
        {
            return Error(BotPlatformErrors.BadRequest, "Bad request: The secret_token must not be empty");
        }

        return Str(body["url"]) is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? Webhook(state.SetBotWebhook(url, secret))
            : Error(BotPlatformErrors.BadRequest, "Bad request: url is invalid");
    }

    private static async Task<JsonObject?> GetUpdatesAsync(ZaloEmulatorState state, JsonObject body, CancellationToken aborted)
    {
        if (state.BotWebhookUrl is { Length: > 0 })
        {
            return Error(BotPlatformErrors.BadRequest, "Bad request: getUpdates is not available while a webhook is set");
        }

        var seconds = int.TryParse(Str(body["timeout"]) ?? body["timeout"]?.ToString(), out var s) ? Math.Clamp(s, 0, 60) : 30;
        try
        {
            return await state.NextBotUpdateAsync(TimeSpan.FromSeconds(seconds), aborted) is { } update
                ? Ok(update)
                : Error(BotPlatformErrors.RequestTimeout, "Request timeout");
        }
        catch (OperationCanceledException)
        {
            // The poller went away; nobody reads an answer.
            return null;
        }
    }

    private static JsonObject Webhook((string Url, long UpdatedAt) webhook) =>
        Ok(new JsonObject { ["url"] = webhook.Url, ["updated_at"] = webhook.UpdatedAt });

    private static JsonObject Ok(JsonNode result) => new() { ["ok"] = true, ["result"] = result };

    private static JsonObject Error(int code, string description) => new() { ["ok"] = false, ["error_code"] = code, ["description"] = description };

    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
