using System.Text.Json.Nodes;
using System.Threading.Channels;
using ZaloBot.BotPlatform;

namespace ZaloBot.Sandbox;

/// <summary>The Bot Platform side of the emulator: the bot's token, its webhook and the updates waiting for <c>getUpdates</c>.</summary>
public sealed partial class ZaloEmulatorState
{
    private readonly Channel<JsonObject> _botUpdates = Channel.CreateUnbounded<JsonObject>();
    private string? _botWebhookUrl;
    private string? _botWebhookSecret;
    private long _botWebhookUpdatedAt;

    /// <summary>The token the emulated Bot Platform accepts; any other is answered 401.</summary>
    public string BotToken { get; set; } = BotPlatformOptions.SandboxBotToken;

    /// <summary>The conversation a bot chat's messages are shown in: "bot:&lt;chat id&gt;".</summary>
    public static string BotConversation(string chatId) => "bot:" + chatId;

    public string? BotWebhookUrl
    {
        get
        {
            lock (_lock)
            {
                return _botWebhookUrl;
            }
        }
    }

    public string? BotWebhookSecret
    {
        get
        {
            lock (_lock)
            {
                return _botWebhookSecret;
            }
        }
    }

    /// <summary>
    /// A person writes to the bot, as the platform would deliver it: the update (wrapped as <c>getUpdates</c> answers it)
    /// waits for the next poll. Returns the update as the webhook would post it (bare).
    /// </summary>
    public JsonObject QueueBotUpdate(string chatId, bool isGroup, string fromId, string text)
    {
        var update = BotTextUpdate(chatId, isGroup, fromId, text, Now);
        _botUpdates.Writer.TryWrite(update);
        return update;
    }

    /// <summary>A text update, in the platform's shape.</summary>
    public static JsonObject BotTextUpdate(string chatId, bool isGroup, string fromId, string text, DateTimeOffset at) => new()
    {
        ["event_name"] = BotUpdate.TextReceived,
        ["message"] = new JsonObject
        {
            ["message_id"] = RandomHex(10),
            ["date"] = at.ToUnixTimeMilliseconds(),
            ["from"] = new JsonObject { ["id"] = fromId, ["display_name"] = "Người dùng " + fromId, ["is_bot"] = false },
            ["chat"] = new JsonObject { ["id"] = chatId, ["chat_type"] = isGroup ? "GROUP" : "PRIVATE" },
            ["text"] = text,
        },
    };

    internal async Task<JsonObject?> NextBotUpdateAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await _botUpdates.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    internal (string Url, long UpdatedAt) SetBotWebhook(string? url, string? secret)
    {
        lock (_lock)
        {
            _botWebhookUrl = url;
            _botWebhookSecret = secret;
            _botWebhookUpdatedAt = Now.ToUnixTimeMilliseconds();
            return (url ?? "", _botWebhookUpdatedAt);
        }
    }

    internal (string Url, long UpdatedAt) BotWebhook()
    {
        lock (_lock)
        {
            return (_botWebhookUrl ?? "", _botWebhookUpdatedAt);
        }
    }

    internal EmulatedMessage ShowFromBot(string chatId, string? text, JsonNode message) =>
        Show(BotConversation(chatId), fromOa: true, text, message.DeepClone());
}
