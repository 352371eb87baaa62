using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Support;

/// <summary>Builds webhook bodies shaped like zalo-oa-api.md §1.6 and posts them signed.</summary>
public static class ZaloWebhooks
{
    // Zalo sends Vietnamese as UTF-8, not as \u escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    // Now, as Zalo stamps its events: the app answers "stale" to one from outside its dedup window.
    private static long _timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static string NextTimestamp() => Interlocked.Increment(ref _timestamp).ToString(CultureInfo.InvariantCulture);

    public static string UserText(string userId, string msgId, string text) => new JsonObject
    {
        ["app_id"] = TestApp.AppId,
        ["user_id_by_app"] = "979122185046046317",
        ["event_name"] = "user_send_text",
        ["timestamp"] = NextTimestamp(),
        ["sender"] = new JsonObject { ["id"] = userId },
        ["recipient"] = new JsonObject { ["id"] = "3662729599332560487" },
        ["message"] = new JsonObject { ["msg_id"] = msgId, ["text"] = text },
    }.ToJsonString(Json);

    /// <summary>A sticker sent 1:1: a message with an attachment and no text.</summary>
    public static string UserSticker(string userId, string msgId) => new JsonObject
    {
        ["app_id"] = TestApp.AppId,
        ["event_name"] = "user_send_sticker",
        ["timestamp"] = NextTimestamp(),
        ["sender"] = new JsonObject { ["id"] = userId },
        ["recipient"] = new JsonObject { ["id"] = "3662729599332560487" },
        ["message"] = new JsonObject
        {
            ["msg_id"] = msgId,
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["type"] = "sticker",
                ["payload"] = new JsonObject { ["id"] = "st-1", ["url"] = "https://s" },
            }),
        },
    }.ToJsonString(Json);

    public static string GroupText(string groupId, string senderId, string msgId, string text) => new JsonObject
    {
        ["app_id"] = TestApp.AppId,
        ["event_name"] = "user_send_group_text",
        ["timestamp"] = NextTimestamp(),
        ["sender"] = new JsonObject { ["id"] = senderId },
        ["recipient"] = new JsonObject { ["id"] = groupId },
        ["message"] = new JsonObject { ["msg_id"] = msgId, ["text"] = text },
    }.ToJsonString(Json);

    public static string Follow(string userId) => new JsonObject
    {
        ["app_id"] = TestApp.AppId,
        ["oa_id"] = "388613280879808645",
        ["event_name"] = "follow",
        ["source"] = "oa_profile",
        ["timestamp"] = NextTimestamp(),
        ["follower"] = new JsonObject { ["id"] = userId },
    }.ToJsonString(Json);

    /// <summary>
    /// <c>user_submit_info</c> in the first documented shape (zalo-oa-api.md §1.6): what the user shared after
    /// <c>request_user_info</c>. Zalo sends the phone in international form without the plus.
    /// </summary>
    public static string SubmitInfo(string userId, string? name, string? phone) => new JsonObject
    {
        ["app_id"] = TestApp.AppId,
        ["event_name"] = "user_submit_info",
        ["timestamp"] = NextTimestamp(),
        ["sender"] = new JsonObject { ["id"] = userId },
        ["recipient"] = new JsonObject { ["id"] = "3662729599332560487" },
        ["info"] = new JsonObject { ["name"] = name, ["phone"] = phone, ["address"] = "", ["city"] = "Quảng Trị" },
    }.ToJsonString(Json);

    public static string Named(string eventName, string userId) => new JsonObject
    {
        ["app_id"] = TestApp.AppId,
        ["event_name"] = eventName,
        ["timestamp"] = NextTimestamp(),
        ["sender"] = new JsonObject { ["id"] = userId },
    }.ToJsonString(Json);

    /// <summary>The MAC as the doc gives it, computed here independently of the app's code.</summary>
    public static string Mac(string body, string appId = TestApp.AppId, string secret = TestApp.OaSecretKey)
    {
        var timestamp = JsonNode.Parse(body)?["timestamp"]?.ToString() ?? "";
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(appId + body + timestamp + secret));
        return "mac=" + Convert.ToHexStringLower(hash);
    }

    public static Task<HttpResponseMessage> PostSignedAsync(this HttpClient client, string body) =>
        client.PostRawAsync(body, Mac(body));

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/zalo")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature);
        }

        return client.SendAsync(request);
    }
}
