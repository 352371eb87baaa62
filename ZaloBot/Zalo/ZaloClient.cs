using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ZaloBot.Monitoring;

namespace ZaloBot.Zalo;

/// <summary>The Zalo OA API calls the bot makes. Every failure is a <see cref="ZaloApiException"/>; use its <c>Kind</c>.</summary>
public interface IZaloClient
{
    /// <summary>
    /// Sends one customer-service (1:1) message and returns Zalo's <c>message_id</c>. Text must fit 2000 characters.
    /// A <see cref="ZaloSendPriority.Bulk"/> send waits for the send rate limit behind every urgent call.
    /// </summary>
    Task<string> SendCustomerServiceAsync(CsMessageRequest request, ZaloSendPriority priority = ZaloSendPriority.Urgent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends one group message (text or image; buttons become numbered lines) and returns its <c>message_id</c>.
    /// A <see cref="ZaloSendPriority.Bulk"/> send waits for the send rate limit behind every urgent call.
    /// </summary>
    Task<string> SendGroupMessageAsync(GroupMessageRequest request, ZaloSendPriority priority = ZaloSendPriority.Urgent, CancellationToken cancellationToken = default);

    // The calls below are urgent for the send rate limit: somebody is waiting for their answer.

    Task<ZaloUserDetail> GetUserDetailAsync(string userId, CancellationToken cancellationToken = default);

    Task<ZaloOaInfo> GetOaInfoAsync(CancellationToken cancellationToken = default);

    Task<ZaloMessageQuota> GetMessageQuotaAsync(string userId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Typed HttpClient over the Zalo OA Open API (zalo-oa-api.md §2–§3). Its HttpClient carries the resilience
/// pipeline (per-attempt timeout, retry, circuit breaker, rate limiter; see <see cref="ZaloResilience"/>). On top of
/// that, a rejected access token (-216/-220) leads to exactly one refresh and one retry.
/// </summary>
/// <remarks>
/// Retries resend a message when Zalo timed out or failed with 5xx after having delivered it; the reply outbox
/// accepts that (at most a duplicate, never a loss). Token rejections are safe to retry: nothing was sent.
/// </remarks>
public sealed partial class ZaloClient(
    HttpClient http, TokenProvider tokens, IOptions<ZaloOptions> options, ZaloBotMetrics metrics, ILogger<ZaloClient> logger) : IZaloClient
{
    public const string CsMessagePath = "/v3.0/oa/message/cs";
    public const string GroupMessagePath = "/v3.0/oa/group/message";
    public const string UserDetailPath = "/v3.0/oa/user/detail";
    public const string OaInfoPath = "/v2.0/oa/getoa";
    public const string MessageQuotaPath = "/v3.0/oa/quota/message";

    /// <summary>The header every API call carries (a bare header, not <c>Authorization</c>).</summary>
    public const string AccessTokenHeader = "access_token";

    public async Task<string> SendCustomerServiceAsync(
        CsMessageRequest request, ZaloSendPriority priority = ZaloSendPriority.Urgent, CancellationToken cancellationToken = default)
    {
        var body = ZaloMessagePayload.ForUser(request).ToJsonString();
        return await TimedAsync("user", () => CallAsync(HttpMethod.Post, CsMessagePath, body, ReadMessageId, priority, cancellationToken));
    }

    private Task<T> TimedAsync<T>(string channel, Func<Task<T>> send) => metrics.TimeSendAsync(Messaging.ChannelIdCodes.ZaloOa, channel, send);

    public async Task<string> SendGroupMessageAsync(
        GroupMessageRequest request, ZaloSendPriority priority = ZaloSendPriority.Urgent, CancellationToken cancellationToken = default)
    {
        var body = ZaloMessagePayload.ForGroup(request).ToJsonString();
        return await TimedAsync("group", () => CallAsync(HttpMethod.Post, GroupMessagePath, body, ReadMessageId, priority, cancellationToken));
    }

    public Task<ZaloUserDetail> GetUserDetailAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var data = new JsonObject { ["user_id"] = userId }.ToJsonString();
        return CallAsync(HttpMethod.Get, UserDetailPath + "?data=" + Uri.EscapeDataString(data), null, data => new ZaloUserDetail(
            ZaloEnvelope.Str(data, "user_id") ?? userId,
            ZaloEnvelope.Str(data, "display_name"),
            ZaloEnvelope.Str(data, "avatar"),
            ZaloEnvelope.Bool(data, "user_is_follower") ?? false,
            ZaloEnvelope.Str(data, "user_id_by_app"),
            ZaloEnvelope.Str(data, "user_last_interaction_date"),
            ZaloEnvelope.Get(data, "shared_info") is { ValueKind: JsonValueKind.Object } shared
                ? new ZaloSharedInfo(ZaloEnvelope.Str(shared, "name"), ZaloEnvelope.Str(shared, "phone"), ZaloEnvelope.Str(shared, "address"),
                    ZaloEnvelope.Str(shared, "city"), ZaloEnvelope.Str(shared, "district"))
                : null), ZaloSendPriority.Urgent, cancellationToken);
    }

    public Task<ZaloOaInfo> GetOaInfoAsync(CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Get, OaInfoPath, null, data => new ZaloOaInfo(
            ZaloEnvelope.Str(data, "oa_id") ?? ZaloEnvelope.Str(data, "oaid")
                ?? throw new ZaloApiException(ZaloErrorCodes.InvalidResponse, "getoa answer has no oa_id", ZaloErrorKind.Unknown),
            ZaloEnvelope.Str(data, "name"),
            ZaloEnvelope.Bool(data, "is_verified"),
            ZaloEnvelope.Get(data, "num_follower") is { } followers ? ZaloEnvelope.Long(followers) : null), ZaloSendPriority.Urgent, cancellationToken);

    public Task<ZaloMessageQuota> GetMessageQuotaAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var body = new JsonObject { ["user_id"] = userId }.ToJsonString();
        return CallAsync(HttpMethod.Post, MessageQuotaPath, body, data =>
        {
            var last = ZaloEnvelope.Get(data, "last_interaction") is { } value ? ZaloEnvelope.Long(value) : null;
            return new ZaloMessageQuota(
                last is > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(last.Value) : null,
                ZaloEnvelope.Get(data, "cs_reply", "remain") is { } remain ? ZaloEnvelope.Int(remain) : null,
                ZaloEnvelope.Get(data, "cs_reply", "total") is { } total ? ZaloEnvelope.Int(total) : null);
        }, ZaloSendPriority.Urgent, cancellationToken);
    }

    private static string ReadMessageId(JsonElement data) =>
        ZaloEnvelope.Str(data, "message_id")
        ?? throw new ZaloApiException(ZaloErrorCodes.InvalidResponse, "Zalo answered success without data.message_id", ZaloErrorKind.Unknown);

    private async Task<T> CallAsync<T>(
        HttpMethod method, string pathAndQuery, string? jsonBody, Func<JsonElement, T> read, ZaloSendPriority priority, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAccessTokenAsync(cancellationToken);
        try
        {
            return await CallOnceAsync(method, pathAndQuery, jsonBody, token, read, priority, cancellationToken);
        }
        catch (ZaloApiException ex) when (ex.Code is ZaloErrorCodes.AccessTokenInvalid or ZaloErrorCodes.AccessTokenExpired)
        {
            LogTokenRejected(ex.Code, PathOf(pathAndQuery));
            token = await tokens.RefreshAfterRejectionAsync(token, cancellationToken);
            return await CallOnceAsync(method, pathAndQuery, jsonBody, token, read, priority, cancellationToken);
        }
    }

    private async Task<T> CallOnceAsync<T>(
        HttpMethod method, string pathAndQuery, string? jsonBody, string token, Func<JsonElement, T> read, ZaloSendPriority priority,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(options.Value.ApiBaseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery));
        request.Headers.TryAddWithoutValidation(AccessTokenHeader, token);
        request.Options.Set(ZaloSendRateLimiter.PriorityOption, priority);
        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        }

        var path = PathOf(pathAndQuery);
        using var response = await ZaloTransport.SendAsync(http, request, path, addressIsSecret: false, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            throw new ZaloApiException(status, $"{path} answered HTTP {status}");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new ZaloApiException(ZaloErrorCodes.InvalidResponse, $"{path} answered with something that is not JSON", ZaloErrorKind.Unknown, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ZaloApiException(ZaloErrorCodes.InvalidResponse, $"{path} answered with a JSON {root.ValueKind}", ZaloErrorKind.Unknown);
            }

            var code = ZaloEnvelope.ErrorCode(root);
            if (code != 0)
            {
                var message = ZaloEnvelope.Str(root, "message") ?? "";
                LogCallFailed(path, code, message);
                throw new ZaloApiException(code, message);
            }

            return read(ZaloEnvelope.Get(root, "data") ?? default);
        }
    }

    private static string PathOf(string pathAndQuery) =>
        pathAndQuery.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? pathAndQuery[..q] : pathAndQuery;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zalo rejected the access token on {Path} with {Code}; refreshing once and retrying")]
    private partial void LogTokenRejected(int code, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Zalo call {Path} failed with {Code}: {ZaloMessage}")]
    private partial void LogCallFailed(string path, int code, string zaloMessage);
}
