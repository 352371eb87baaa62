using System.Text.Json;
using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.BotPlatform;

/// <summary>
/// One Bot Platform update, read tolerantly: the webhook delivers it bare (<c>{"event_name","message"}</c>) or wrapped
/// like <c>getUpdates</c> answers (<c>{"ok":true,"result":{…}}</c>); an image's address is <c>photo_url</c> or
/// <c>photo</c>; ids are strings (numbers are taken too). <see cref="Chat"/> is null when the update carries no message.
/// </summary>
public sealed record BotUpdate(
    string EventName, string? MessageId, long? DateMs, string? FromId, bool FromBot, BotChat? Chat, string? Text, string? Caption, string? PhotoUrl,
    string? FromName = null)
{
    public const string TextReceived = "message.text.received";
    public const string ImageReceived = "message.image.received";
    public const string StickerReceived = "message.sticker.received";
    public const string UnsupportedReceived = "message.unsupported.received";

    /// <summary>The event names the channel reads; any other is stored and ignored.</summary>
    public static bool IsKnown(string eventName) =>
        eventName is TextReceived or ImageReceived or StickerReceived or UnsupportedReceived or "message.voice.received";

    /// <summary>The update in a stored body or an answer; null when the body holds no event name at all.</summary>
    public static BotUpdate? Parse(JsonElement root)
    {
        var update = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
            ? result
            : root;
        if (ZaloEnvelope.Str(update, "event_name") is not { } eventName)
        {
            return null;
        }

        var chatId = ZaloEnvelope.Str(update, "message", "chat", "id");
        return new BotUpdate(
            eventName,
            ZaloEnvelope.Str(update, "message", "message_id"),
            ZaloEnvelope.Get(update, "message", "date") is { ValueKind: JsonValueKind.Number } date && date.TryGetInt64(out var ms) ? ms : null,
            ZaloEnvelope.Str(update, "message", "from", "id"),
            ZaloEnvelope.Get(update, "message", "from", "is_bot") is { ValueKind: JsonValueKind.True },
            chatId is null ? null : new BotChat(chatId, string.Equals(ZaloEnvelope.Str(update, "message", "chat", "chat_type"), "GROUP", StringComparison.OrdinalIgnoreCase)),
            ZaloEnvelope.Str(update, "message", "text"),
            ZaloEnvelope.Str(update, "message", "caption"),
            ZaloEnvelope.Str(update, "message", "photo_url") ?? ZaloEnvelope.Str(update, "message", "photo"),
            ZaloEnvelope.Str(update, "message", "from", "display_name"));
    }

    /// <summary>The inbox's key for the update: its message id, in the bot's own key space.</summary>
    public string? InboxKey => MessageId is { } id ? InboxEvent.BotKeyPrefix + id : null;

    /// <summary>The conversation whose events keep their order: a private chat or a group.</summary>
    public string ConversationKey => Chat is { } chat ? (chat.IsGroup ? "bot:group:" : "bot:user:") + chat.Id : "bot:none";
}

/// <summary>A chat of the bot: a private chat with one person (its id is theirs) or an ordinary Zalo group.</summary>
public sealed record BotChat(string Id, bool IsGroup);
