using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ZaloBot.Zalo;

/// <summary>A new token pair from Zalo's OAuth server.</summary>
public sealed record ZaloTokenGrant(string AccessToken, string RefreshToken, TimeSpan ExpiresIn)
{
    public override string ToString() => $"ZaloTokenGrant(expires_in={ExpiresIn})";
}

/// <summary>
/// Zalo's OAuth token endpoint (zalo-oa-api.md §4). It has its own HttpClient without retries: the refresh token is
/// single-use, and a retried refresh that Zalo had already served would burn the new pair.
/// </summary>
public sealed class ZaloOAuthClient(IHttpClientFactory httpClientFactory, IOptions<ZaloOptions> options)
{
    public const string TokenPath = "/v4/oa/access_token";

    /// <summary>The named HttpClient (timeout only, no resilience handler).</summary>
    public const string HttpClientName = "ZaloOAuth";

    /// <summary>Zalo's documented access-token lifetime, used when <c>expires_in</c> is missing.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(90_000);

    /// <summary>
    /// Exchanges a refresh token for a new pair. Every failure, including an OAuth error sent with HTTP 200 or an
    /// answer without both tokens, throws <see cref="ZaloApiException"/> of kind <see cref="ZaloErrorKind.Token"/>
    /// (or <see cref="ZaloErrorKind.Retryable"/> for transport failures), so a bad answer can never be stored.
    /// </summary>
    public async Task<ZaloTokenGrant> RefreshAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        var zalo = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(zalo.OAuthBaseUrl.ToString().TrimEnd('/') + TokenPath));
        request.Headers.TryAddWithoutValidation("secret_key", zalo.EffectiveAppSecretKey);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["refresh_token"] = refreshToken,
            ["app_id"] = zalo.EffectiveAppId,
            ["grant_type"] = "refresh_token",
        });

        string body;
        try
        {
            using var http = httpClientFactory.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new ZaloApiException(status, $"OAuth endpoint answered HTTP {status}", status >= 500 ? ZaloErrorKind.Retryable : ZaloErrorKind.Token);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new ZaloApiException(ZaloErrorCodes.Unreachable, "OAuth endpoint unreachable: " + ex.Message, ZaloErrorKind.Retryable, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ZaloApiException(ZaloErrorCodes.Timeout, "OAuth endpoint did not answer in time", ZaloErrorKind.Retryable, ex);
        }

        return Parse(body);
    }

    /// <summary>Reads a token answer; public so its rules can be tested on raw samples.</summary>
    public static ZaloTokenGrant Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new ZaloApiException(ZaloErrorCodes.InvalidResponse, "OAuth answer is not JSON", ZaloErrorKind.Token, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ZaloApiException(ZaloErrorCodes.InvalidResponse, "OAuth answer is not a JSON object", ZaloErrorKind.Token);
            }

            var code = ZaloEnvelope.ErrorCode(root);
            var access = ZaloEnvelope.Str(root, "access_token");
            var refresh = ZaloEnvelope.Str(root, "refresh_token");
            var errorName = ZaloEnvelope.Str(root, "error_name");
            if (code != 0 || errorName is not null || access is null || refresh is null)
            {
                // Errors arrive as error/error_name/error_description/error_reason, often with HTTP 200 (§4, §6).
                var message = ZaloEnvelope.Str(root, "error_description") ?? ZaloEnvelope.Str(root, "error_reason")
                    ?? errorName ?? ZaloEnvelope.Str(root, "message") ?? "OAuth answer has no token pair";
                throw new ZaloApiException(code != 0 ? code : ZaloErrorCodes.InvalidResponse, message, ZaloErrorKind.Token);
            }

            var seconds = ZaloEnvelope.Get(root, "expires_in") is { } expires ? ZaloEnvelope.Long(expires) : null;
            var lifetime = seconds is > 0 ? TimeSpan.FromSeconds(seconds.Value) : DefaultLifetime;
            return new ZaloTokenGrant(access, refresh, lifetime);
        }
    }
}
