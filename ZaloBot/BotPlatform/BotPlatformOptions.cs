namespace ZaloBot.BotPlatform;

/// <summary>How the bot gets its updates: Zalo posts them to the webhook, or the app asks for them (long polling).</summary>
public enum BotPlatformMode
{
    Webhook,
    Polling,
}

/// <summary>
/// The <c>ZaloBotPlatform</c> section (see docs/bot-platform.md). The channel is on when a bot token is configured, and
/// always in Sandbox mode, where the in-app emulator plays the platform with built-in credentials.
/// </summary>
public sealed class BotPlatformOptions
{
    public const string Section = "ZaloBotPlatform";

    /// <summary>What Zalo allows for a webhook's secret is 8–256 characters; a guessable one would let anyone post events.</summary>
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    /// <summary>The built-in credentials of Sandbox mode, which the simulator page hands to whoever opens it.</summary>
    public const string SandboxBotToken = "1000000000000000001:sandbox-bot-token";
    public const string SandboxWebhookSecret = "sandbox-bot-webhook-secret";

    public const string SandboxWithRealToken =
        "Sandbox mode cannot run with a real ZaloBotPlatform__BotToken: remove it or set Zalo__Mode=Live";

    /// <summary>The token Bot Creator gives, <c>&lt;bot_id&gt;:&lt;secret&gt;</c>; empty when the channel is off.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>What <c>setWebhook</c> registers and Zalo sends back in <c>X-Bot-Api-Secret-Token</c>.</summary>
    public string WebhookSecret { get; set; } = "";

    public Uri ApiBaseUrl { get; set; } = new("https://bot-api.zaloplatforms.com");

    public BotPlatformMode Mode { get; set; } = BotPlatformMode.Webhook;

    /// <summary>How long one <c>getUpdates</c> call waits at Zalo for an update, in polling mode.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long polling waits after a failed <c>getUpdates</c> before asking again.</summary>
    public TimeSpan PollRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Set by Sandbox mode: the effective credentials are the built-in ones.</summary>
    public bool Sandbox { get; set; }

    public bool Enabled => Sandbox || BotToken.Length > 0;

    public string EffectiveBotToken => Sandbox ? SandboxBotToken : BotToken;

    public string EffectiveWebhookSecret => Sandbox ? SandboxWebhookSecret : WebhookSecret;

    /// <summary>The token as logs and printouts may show it: the bot's id, never its secret.</summary>
    public string MaskedToken => Mask(EffectiveBotToken);

    public static string Mask(string token) =>
        token.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? token[..colon] + ":***" : "***";

    /// <summary>Why the section cannot run, or null when it can.</summary>
    public string? Problem()
    {
        if (Sandbox)
        {
            return BotToken.Length > 0 ? SandboxWithRealToken : null;
        }

        if (BotToken.Length == 0)
        {
            return null;
        }

        if (BotToken.IndexOf(':', StringComparison.Ordinal) is <= 0 || BotToken.EndsWith(':') || BotToken.Any(c => c <= ' ' || c > '~' || c == '/'))
        {
            return "ZaloBotPlatform: BotToken must look like <bot_id>:<secret>, as Bot Creator sends it (no spaces).";
        }

        if (WebhookSecret.Length is < MinSecretLength or > MaxSecretLength || WebhookSecret.Any(c => c <= ' ' || c > '~'))
        {
            return $"ZaloBotPlatform: WebhookSecret is required with a BotToken: {MinSecretLength}–{MaxSecretLength} printable ASCII characters.";
        }

        if (!ApiBaseUrl.IsAbsoluteUri || ApiBaseUrl.Scheme is not ("https" or "http"))
        {
            return "ZaloBotPlatform: ApiBaseUrl must be an absolute http(s) address.";
        }

        return PollTimeout <= TimeSpan.Zero || PollTimeout > TimeSpan.FromMinutes(2) || PollRetryDelay < TimeSpan.Zero
            ? "ZaloBotPlatform: PollTimeout must be within (0, 2 minutes] and PollRetryDelay not negative."
            : null;
    }
}
