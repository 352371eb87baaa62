using Microsoft.Extensions.Options;

namespace ZaloBot.Zalo;

/// <summary>
/// Hands out a valid OA access token (zalo-oa-api.md §4). The pair lives in SQLite; it is refreshed ahead of
/// expiry and when Zalo rejects the token (-216/-220). Refreshes are single-flight: callers that saw the same
/// rejected token share one refresh. A new pair is saved before it is handed out, and the refresh token used
/// is always the stored one, so a single-use refresh token is never sent twice.
/// </summary>
public sealed partial class TokenProvider(
    TokenStore store,
    ZaloOAuthClient oauth,
    TokenHealth health,
    TimeProvider clock,
    IOptions<ZaloOptions> zaloOptions,
    IOptions<ZaloClientOptions> clientOptions,
    ILogger<TokenProvider> logger) : IDisposable
{
    /// <summary>Zalo's access-token lifetime, assumed for a configured token of unknown age.</summary>
    private static readonly TimeSpan SeedLifetime = TimeSpan.FromSeconds(90_000);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ZaloTokens? _current;

    // A refreshed pair that could not be saved yet (guarded by _gate). It is kept so the new single-use refresh
    // token is not lost, but handed out only once it is stored.
    private ZaloTokens? _unsaved;

    /// <summary>The access token to send now; refreshes first when it is within the refresh margin of expiry.</summary>
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        var tokens = _current is { } cached && _unsaved is null ? cached : await LoadAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now + (long)clientOptions.Value.TokenRefreshMargin.TotalMilliseconds < tokens.ExpiresAt)
        {
            return tokens.AccessToken;
        }

        try
        {
            return (await RefreshAsync(tokens.AccessToken, cancellationToken)).AccessToken;
        }
        catch (ZaloApiException) when (now < tokens.ExpiresAt)
        {
            // The refresh failed (already logged and recorded) but the current token still works: keep using it.
            return tokens.AccessToken;
        }
    }

    /// <summary>
    /// Called after Zalo rejected <paramref name="rejectedAccessToken"/>: refreshes once, unless another caller
    /// already replaced that token, and returns the token to retry with. Throws <see cref="ZaloApiException"/>
    /// (kind <see cref="ZaloErrorKind.Token"/> or <see cref="ZaloErrorKind.Retryable"/>) when the refresh fails.
    /// </summary>
    public async Task<string> RefreshAfterRejectionAsync(string rejectedAccessToken, CancellationToken cancellationToken = default) =>
        (await RefreshAsync(rejectedAccessToken, cancellationToken)).AccessToken;

    public void Dispose() => _gate.Dispose();

    private async Task<ZaloTokens> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await CurrentLockedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ZaloTokens> RefreshAsync(string seenAccessToken, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = await CurrentLockedAsync(cancellationToken);
            if (!string.Equals(current.AccessToken, seenAccessToken, StringComparison.Ordinal))
            {
                // Someone refreshed while this caller waited for the gate.
                return current;
            }

            var now = clock.GetUtcNow();
            if (health.IsDegraded && health.LastRefreshErrorAt is { } failedAt && now - failedAt < clientOptions.Value.RefreshRetryAfterFailure)
            {
                throw new ZaloApiException(health.LastRefreshErrorCode ?? ZaloErrorCodes.NoToken,
                    "The last token refresh failed moments ago; not asking Zalo again yet", ZaloErrorKind.Token);
            }

            ZaloTokenGrant grant;
            try
            {
                // Not cancellable once sent: Zalo may rotate the pair even if we stop waiting, and its answer is
                // then the only copy of the new refresh token. The OAuth client's own timeout bounds the wait.
                grant = await oauth.RefreshAsync(current.RefreshToken, CancellationToken.None);
            }
            catch (ZaloApiException ex)
            {
                health.RecordFailure(ex.Code, $"{ex.Reason} ({ex.Message})", clock.GetUtcNow());
                LogRefreshFailed(ex.Code, ex.Reason, ex.Message);
                throw;
            }

            var done = clock.GetUtcNow();
            var expiresAt = done + grant.ExpiresIn;
            var tokens = new ZaloTokens(grant.AccessToken, grant.RefreshToken, expiresAt.ToUnixTimeMilliseconds(), done.ToUnixTimeMilliseconds());
            _unsaved = tokens;
            await SaveUnsavedLockedAsync();
            health.RecordSuccess(done);
            LogRefreshed(expiresAt);
            return tokens;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The current pair: a pending unsaved pair once stored, else the cache, else SQLite (seeded from config).</summary>
    private async Task<ZaloTokens> CurrentLockedAsync(CancellationToken cancellationToken)
    {
        if (_unsaved is not null)
        {
            await SaveUnsavedLockedAsync();
        }

        if (_current is { } cached)
        {
            return cached;
        }

        var stored = await store.GetAsync(cancellationToken);
        if (stored is null)
        {
            var zalo = zaloOptions.Value;
            if (zalo.EffectiveAccessToken.Length == 0 || zalo.EffectiveRefreshToken.Length == 0)
            {
                throw new ZaloApiException(ZaloErrorCodes.NoToken,
                    "No Zalo token pair stored or configured (Zalo__AccessToken, Zalo__RefreshToken)", ZaloErrorKind.Token);
            }

            // A configured token's age is unknown: assume it is fresh. If it is not, Zalo answers -216 and the
            // refresh token (valid for months) replaces it.
            var now = clock.GetUtcNow();
            await store.SeedAsync(new ZaloTokens(zalo.EffectiveAccessToken, zalo.EffectiveRefreshToken,
                (now + SeedLifetime).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds()), cancellationToken);
            stored = await store.GetAsync(cancellationToken)
                ?? throw new ZaloApiException(ZaloErrorCodes.NoToken, "The token table is still empty after seeding", ZaloErrorKind.Token);
            LogSeeded();
        }

        _current = stored;
        return stored;
    }

    private async Task SaveUnsavedLockedAsync()
    {
        var tokens = _unsaved!;
        try
        {
            // Not cancellable: the pair must reach the disk whatever happens to the caller.
            await store.SaveAsync(tokens, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not ZaloApiException)
        {
            health.RecordFailure(ZaloErrorCodes.TokenNotSaved, ZaloErrorCodes.Reason(ZaloErrorCodes.TokenNotSaved), clock.GetUtcNow());
            LogSaveFailed(ex);
            throw new ZaloApiException(ZaloErrorCodes.TokenNotSaved, "The refreshed token pair could not be saved", ZaloErrorKind.Token, ex);
        }

        _current = tokens;
        _unsaved = null;
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Zalo token refresh failed with code {Code}: {Reason} ({ZaloMessage}). API calls fail until a refresh succeeds; if this persists, authorize the OA again.")]
    private partial void LogRefreshFailed(int code, string reason, string zaloMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zalo access token refreshed; the new one expires at {ExpiresAt:O}")]
    private partial void LogRefreshed(DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zalo token table seeded from configuration")]
    private partial void LogSeeded();

    [LoggerMessage(Level = LogLevel.Critical, Message = "A refreshed Zalo token pair could not be saved; it is kept in memory and saved on the next call")]
    private partial void LogSaveFailed(Exception exception);
}
