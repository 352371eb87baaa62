namespace ZaloBot.Zalo;

public enum ZaloMode
{
    Sandbox,
    Live,
}

/// <summary>The <c>Zalo</c> configuration section (see the configuration table in README.md).</summary>
public sealed class ZaloOptions
{
    public const string Section = "Zalo";

    public const string SandboxWithRealCredentials =
        "Sandbox mode cannot run with real Zalo credentials: remove them or set Zalo__Mode=Live";

    /// <summary>The app id and OA secret the simulator page signs its webhooks with.</summary>
    public const string SandboxAppId = "sandbox-app";
    public const string SandboxOaSecretKey = "sandbox-oa-secret";

    /// <summary>The app secret and first token pair the Sandbox emulator expects when none are configured.</summary>
    public const string SandboxAppSecretKey = "sandbox-app-secret";
    public const string SandboxAccessToken = "sandbox-access-token-0";
    public const string SandboxRefreshToken = "sandbox-refresh-token-0";

    public ZaloMode? Mode { get; set; }
    public string AppId { get; set; } = "";
    public string OaSecretKey { get; set; } = "";
    public string AppSecretKey { get; set; } = "";
    public string AccessToken { get; set; } = "";
    public string RefreshToken { get; set; } = "";
    public Uri ApiBaseUrl { get; set; } = new("https://openapi.zalo.me");
    public Uri OAuthBaseUrl { get; set; } = new("https://oauth.zaloapp.com");

    /// <summary>Sandbox unless Live is asked for, or credentials are present and no mode is named.</summary>
    public ZaloMode EffectiveMode =>
        Mode ?? (string.IsNullOrWhiteSpace(AppId) && string.IsNullOrWhiteSpace(OaSecretKey) ? ZaloMode.Sandbox : ZaloMode.Live);

    public string EffectiveAppId => EffectiveMode == ZaloMode.Sandbox && AppId.Length == 0 ? SandboxAppId : AppId;

    // Sandbox always uses its own built-in secrets, whatever is configured: the simulator hands its OA secret to whoever
    // opens it, so a real secret must never be the one it signs with.
    public string EffectiveOaSecretKey => EffectiveMode == ZaloMode.Sandbox ? SandboxOaSecretKey : OaSecretKey;

    public string EffectiveAppSecretKey => EffectiveMode == ZaloMode.Sandbox ? SandboxAppSecretKey : AppSecretKey;

    /// <summary>The token pair that seeds an empty token table.</summary>
    public string EffectiveAccessToken => EffectiveMode == ZaloMode.Sandbox ? SandboxAccessToken : AccessToken;

    public string EffectiveRefreshToken => EffectiveMode == ZaloMode.Sandbox ? SandboxRefreshToken : RefreshToken;

    /// <summary>
    /// True when Sandbox mode is asked for together with real API credentials: someone meant Live, or copied a live
    /// configuration, and the app refuses to start rather than guess.
    /// </summary>
    public bool SandboxWithCredentials =>
        EffectiveMode == ZaloMode.Sandbox && (AccessToken.Length > 0 || RefreshToken.Length > 0 || AppSecretKey.Length > 0);
}
