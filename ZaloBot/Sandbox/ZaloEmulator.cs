using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZaloBot.Zalo;

namespace ZaloBot.Sandbox;

/// <summary>
/// An in-process stand-in for the Zalo OA Open API and its OAuth endpoint (and the Bot Platform, see <see cref="BotPlatformEmulator"/>): the endpoints <see cref="ZaloClient"/>
/// calls, with Zalo's envelopes (errors as HTTP 200 with <c>error != 0</c>), access-token checks, single-use
/// rotating refresh tokens, a record of every call and scripted faults (<see cref="ZaloEmulatorState.Inject"/>).
/// Hosted inside the app in Sandbox mode (under a prefix such as "/sandbox/zalo") or alone in a test host.
/// </summary>
public static class ZaloEmulator
{
    /// <summary>Registers the emulator's state; pass one to control its tokens and clock.</summary>
    public static IServiceCollection AddZaloEmulator(this IServiceCollection services, ZaloEmulatorState? state = null)
    {
        if (state is not null)
        {
            services.AddSingleton(state);
        }
        else
        {
            services.TryAddSingleton(sp => new ZaloEmulatorState(sp.GetService<TimeProvider>()));
        }

        return services;
    }

    /// <summary>Maps the emulated endpoints under <paramref name="prefix"/> (e.g. "/sandbox/zalo"; "" for the root).</summary>
    public static IEndpointRouteBuilder MapZaloEmulator(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix.TrimEnd('/'));
        group.ExcludeFromDescription();
        group.MapPost(ZaloEmulatorPaths.CsMessage, http => HandleAsync(http, ZaloEmulatorPaths.CsMessage, checkToken: true, SendCs));
        group.MapPost(ZaloEmulatorPaths.GroupMessage, http => HandleAsync(http, ZaloEmulatorPaths.GroupMessage, checkToken: true, SendGroup));
        group.MapGet(ZaloEmulatorPaths.UserDetail, http => HandleAsync(http, ZaloEmulatorPaths.UserDetail, checkToken: true, UserDetail));
        group.MapGet(ZaloEmulatorPaths.OaInfo, http => HandleAsync(http, ZaloEmulatorPaths.OaInfo, checkToken: true, OaInfo));
        group.MapPost(ZaloEmulatorPaths.MessageQuota, http => HandleAsync(http, ZaloEmulatorPaths.MessageQuota, checkToken: true, Quota));
        group.MapPost(ZaloEmulatorPaths.OAuthToken, http => HandleAsync(http, ZaloEmulatorPaths.OAuthToken, checkToken: false, RefreshToken));
        group.MapBotPlatformEmulator();
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext http, string path, bool checkToken, Func<ZaloEmulatorCall, ZaloEmulatorState, JsonObject> answer)
    {
        var state = http.RequestServices.GetRequiredService<ZaloEmulatorState>();
        var call = await ReadCallAsync(http, path, state.Now);
        if (await ApplyFaultAsync(http, state.Record(call), fault => fault.Kind == ZaloFaultKind.OAuthError
                ? OAuthError(fault.Code, fault.Message)
                : Error(fault.Code, fault.Message)))
        {
            return;
        }

        if (checkToken && !state.IsValidAccessToken(call.AccessToken))
        {
            await WriteAsync(http, Error(ZaloErrorCodes.AccessTokenInvalid, null));
            return;
        }

        await WriteAsync(http, answer(call, state));
    }

    /// <summary>
    /// Plays a scripted fault: a delay (then the call goes on), an HTTP status, or an error answer that
    /// <paramref name="errorAnswer"/> writes in the API's own envelope. True when the call is answered (or abandoned).
    /// </summary>
    internal static async Task<bool> ApplyFaultAsync(HttpContext http, ZaloFault? fault, Func<ZaloFault, JsonObject> errorAnswer)
    {
        switch (fault?.Kind)
        {
            case ZaloFaultKind.Delay:
                try
                {
                    await Task.Delay(fault.Duration, http.RequestAborted);
                    return false;
                }
                catch (OperationCanceledException)
                {
                    // The client gave up (its timeout); like a request that never reached Zalo, nothing is shown.
                    return true;
                }

            case ZaloFaultKind.HttpStatus:
                http.Response.StatusCode = fault.Code;
                await http.Response.WriteAsync($"Emulated HTTP {fault.Code}", http.RequestAborted);
                return true;
            case ZaloFaultKind.ApiError or ZaloFaultKind.OAuthError:
                await WriteAsync(http, errorAnswer(fault));
                return true;
            default:
                return false;
        }
    }

    private static JsonObject SendCs(ZaloEmulatorCall call, ZaloEmulatorState state)
    {
        if (Str(call.Body?["recipient"]?["user_id"]) is not { } userId)
        {
            return Error(ZaloErrorCodes.InvalidParameter, "recipient.user_id is invalid!");
        }

        if (CheckMessage(call.Body?["message"], group: false) is { } problem)
        {
            return Error(problem.Code, problem.Message);
        }

        var message = call.Body!["message"]!;
        var shown = state.ShowFromOa(ZaloEmulatorState.UserConversation(userId), ShownText(message), message);
        return Ok(new JsonObject { ["message_id"] = shown.MessageId, ["user_id"] = userId });
    }

    private static JsonObject SendGroup(ZaloEmulatorCall call, ZaloEmulatorState state)
    {
        if (Str(call.Body?["recipient"]?["group_id"]) is not { } groupId)
        {
            return Error(ZaloErrorCodes.InvalidParameter, "recipient.group_id is invalid!");
        }

        if (CheckMessage(call.Body?["message"], group: true) is { } problem)
        {
            return Error(problem.Code, problem.Message);
        }

        var message = call.Body!["message"]!;
        var shown = state.ShowFromOa(ZaloEmulatorState.GroupConversation(groupId), ShownText(message), message);
        return Ok(new JsonObject { ["message_id"] = shown.MessageId, ["group_id"] = groupId });
    }

    private static JsonObject UserDetail(ZaloEmulatorCall call, ZaloEmulatorState state)
    {
        string? userId = null;
        if (QueryHelpers.ParseQuery(call.Query).TryGetValue("data", out var data))
        {
            try
            {
                userId = Str(JsonNode.Parse(data.ToString())?["user_id"]);
            }
            catch (JsonException)
            {
                userId = null;
            }
        }

        if (userId is null)
        {
            return Error(ZaloErrorCodes.InvalidParameter, "user_id is invalid!");
        }

        var user = state.User(userId);
        return Ok(new JsonObject
        {
            ["user_id"] = user.UserId,
            ["user_id_by_app"] = "app-" + user.UserId,
            ["display_name"] = user.DisplayName,
            ["avatar"] = "https://example.invalid/avatar/" + user.UserId + ".jpg",
            ["user_is_follower"] = user.IsFollower,
            ["user_last_interaction_date"] = state.Now.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            ["shared_info"] = null,
        });
    }

    private static JsonObject OaInfo(ZaloEmulatorCall call, ZaloEmulatorState state) => Ok(new JsonObject
    {
        ["oa_id"] = state.OaId,
        ["name"] = "OA thử nghiệm",
        ["description"] = "Zalo OA giả lập cho chế độ Sandbox",
        ["is_verified"] = true,
        ["num_follower"] = 42,
    });

    private static JsonObject Quota(ZaloEmulatorCall call, ZaloEmulatorState state) =>
        Str(call.Body?["user_id"]) is null
            ? Error(ZaloErrorCodes.InvalidParameter, "user_id is invalid!")
            : Ok(new JsonObject
            {
                ["last_interaction"] = state.Now.AddHours(-1).ToUnixTimeMilliseconds(),
                ["cs_reply"] = new JsonObject { ["remain"] = 8, ["total"] = 8 },
            });

    private static JsonObject RefreshToken(ZaloEmulatorCall call, ZaloEmulatorState state)
    {
        // -14001 for a malformed request is the emulator's own choice; Zalo's code for it is not documented.
        call.Headers.TryGetValue("secret_key", out var secret);
        if (string.IsNullOrEmpty(secret) || (state.AppSecretKey is { } expected && !string.Equals(secret, expected, StringComparison.Ordinal)))
        {
            return OAuthError(-14001, "Invalid secret key");
        }

        if (!call.Form.TryGetValue("grant_type", out var grant) || grant != "refresh_token"
            || !call.Form.TryGetValue("app_id", out var appId) || appId.Length == 0)
        {
            return OAuthError(-14001, "grant_type and app_id are required");
        }

        if (!call.Form.TryGetValue("refresh_token", out var refresh) || state.Rotate(refresh) is not { } pair)
        {
            return OAuthError(ZaloErrorCodes.RefreshTokenInvalid, null);
        }

        return new JsonObject
        {
            ["access_token"] = pair.AccessToken,
            ["refresh_token"] = pair.RefreshToken,
            ["expires_in"] = "90000",
        };
    }

    /// <summary>Checks a message against the documented shapes; null when it is fine.</summary>
    private static (int Code, string Message)? CheckMessage(JsonNode? node, bool group)
    {
        if (node is not JsonObject message)
        {
            return (ZaloErrorCodes.InvalidParameter, "message is invalid!");
        }

        var text = Str(message["text"]);
        if (text is { Length: > ZaloText.MaxLength })
        {
            return (ZaloErrorCodes.ParameterTooLong, "text exceeds the limit!");
        }

        if (message["attachment"] is not JsonObject attachment)
        {
            return text is null ? (ZaloErrorCodes.InvalidParameter, "message.text is invalid!") : null;
        }

        var payload = attachment["payload"];
        if (Str(attachment["type"]) == "file")
        {
            return Str(payload?["token"]) is null ? (ZaloErrorCodes.InvalidParameter, "payload.token is invalid!") : null;
        }

        if (Str(attachment["type"]) != "template")
        {
            return (ZaloErrorCodes.InvalidParameter, "attachment.type is invalid!");
        }

        var elements = payload?["elements"] as JsonArray;
        switch (Str(payload?["template_type"]))
        {
            case "media":
                var media = elements is [JsonObject first, ..] ? first : null;
                var hasSource = Str(media?["url"]) is not null || Str(media?["attachment_id"]) is not null;
                return media is null || Str(media["media_type"]) is not ("image" or "gif" or "sticker") || !hasSource
                    ? (ZaloErrorCodes.InvalidParameter, "elements is invalid!")
                    : null;
            case "list" when !group:
                if (payload?["buttons"] is not JsonArray { Count: > 0 } buttons)
                {
                    return (ZaloErrorCodes.InvalidParameter, "buttons is invalid!");
                }

                for (var i = 0; i < buttons.Count; i++)
                {
                    if (!IsValidButton(buttons[i]))
                    {
                        return (ZaloErrorCodes.InvalidParameter, $"buttons[{i}] is invalid!");
                    }
                }

                return null;
            case "request_user_info" when !group:
                return elements is [JsonObject element] && Str(element["title"]) is not null && Str(element["subtitle"]) is not null
                    && Str(element["image_url"]) is not null
                    ? null
                    : (ZaloErrorCodes.InvalidParameter, "elements is invalid!");
            default:
                return (ZaloErrorCodes.InvalidParameter, "template_type is invalid!");
        }
    }

    private static bool IsValidButton(JsonNode? node)
    {
        if (node is not JsonObject button || Str(button["title"]) is null)
        {
            return false;
        }

        var payload = button["payload"];
        return Str(button["type"]) switch
        {
            ZaloButtonTypes.QueryShow or ZaloButtonTypes.QueryHide => Str(payload) is not null,
            ZaloButtonTypes.OpenUrl => Str(payload?["url"]) is not null,
            ZaloButtonTypes.OpenPhone => Str(payload?["phone_code"]) is not null,
            ZaloButtonTypes.OpenSms => Str(payload?["phone_code"]) is not null && payload?["content"] is JsonValue,
            _ => false,
        };
    }

    private static string? ShownText(JsonNode message) =>
        Str(message["text"]) ?? Str(message["attachment"]?["payload"]?["elements"]?[0]?["title"]);

    internal static async Task<ZaloEmulatorCall> ReadCallAsync(HttpContext http, string path, DateTimeOffset now)
    {
        var request = http.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonNode? body = null;
        if (request.HasFormContentType)
        {
            foreach (var field in await request.ReadFormAsync(http.RequestAborted))
            {
                form[field.Key] = field.Value.ToString();
            }
        }
        else
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(http.RequestAborted);
            if (text.Length > 0)
            {
                try
                {
                    body = JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    body = null;
                }
            }
        }

        return new ZaloEmulatorCall(now, request.Method, path, request.QueryString.Value ?? "", headers, body, form, Fault: null);
    }

    internal static Task WriteAsync(HttpContext http, JsonObject body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    private static JsonObject Ok(JsonObject data) => new() { ["error"] = 0, ["message"] = "Success", ["data"] = data };

    private static JsonObject Error(int code, string? message) => new() { ["error"] = code, ["message"] = message ?? WireMessage(code) };

    private static JsonObject OAuthError(int code, string? description) => new()
    {
        ["error"] = code,
        ["error_name"] = code == ZaloErrorCodes.RefreshTokenInvalid ? "Invalid refresh token" : "Invalid request",
        ["error_reason"] = code == ZaloErrorCodes.RefreshTokenInvalid ? "refresh token is invalid or already used" : "invalid request",
        ["error_description"] = description ?? (code == ZaloErrorCodes.RefreshTokenInvalid ? "Refresh token is invalid or expired" : "Invalid request"),
    };

    /// <summary>Zalo-like English messages for the codes the emulator is asked to produce.</summary>
    private static string WireMessage(int code) => code switch
    {
        ZaloErrorCodes.RateLimited => "Your application/OA reached limit call api",
        ZaloErrorCodes.Transient => "Unknown error",
        ZaloErrorCodes.InvalidParameter => "Parameter is invalid!",
        ZaloErrorCodes.AccessTokenInvalid => "Access token is invalid",
        ZaloErrorCodes.AccessTokenExpired => "Access token has expired",
        -213 => "User has not followed OA",
        ZaloErrorCodes.OutOfWindow => "User has not interacted with the OA in the past 7 days",
        -234 => "This message type cannot be sent at night",
        _ => "Error",
    };

    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
