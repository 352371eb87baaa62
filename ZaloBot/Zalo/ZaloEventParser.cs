using System.Text.Json;

namespace ZaloBot.Zalo;

/// <summary>
/// Turns a webhook body into a <see cref="ZaloEvent"/>. Tolerant: it accepts the alternate shapes that
/// zalo-oa-api.md lists, reads ids given as numbers as their text, and never throws, whatever the body holds. An
/// event whose required ids are missing, or are not ids as Zalo makes them (<see cref="IsZaloId"/>), becomes
/// <see cref="UnknownEvent"/>: it is stored and never routed.
/// </summary>
public static class ZaloEventParser
{
    /// <summary>Longest id accepted; Zalo's user, group, OA and message ids are far shorter.</summary>
    public const int MaxIdLength = 64;

    private const string GroupPrefix = "user_send_group_";
    private const string UserPrefix = "user_send_";
    private const string AnonymousPrefix = "anonymous_send_";

    public static ZaloEvent Parse(JsonElement root)
    {
        var name = Str(root, "event_name") is { } given && IsEventName(given) ? given : "";
        var timestamp = Str(root, "timestamp") ?? "";
        return name switch
        {
            _ when name.StartsWith("oa_send_", StringComparison.Ordinal) =>
                new OaEchoEvent(name, timestamp, Id(root, "recipient", "id"), Id(root, "message", "msg_id")),
            _ when name.StartsWith(GroupPrefix, StringComparison.Ordinal) => ParseGroupMessage(root, name, timestamp),
            _ when name.StartsWith(AnonymousPrefix, StringComparison.Ordinal) => ParseAnonymousMessage(root, name, timestamp),
            "user_send_text" or "user_send_image" or "user_send_gif" or "user_send_link" or "user_send_audio"
                or "user_send_video" or "user_send_sticker" or "user_send_location" or "user_send_file"
                or "user_send_business_card" => ParseUserMessage(root, name, timestamp),
            "follow" => Id(root, "follower", "id") is { } follower
                ? new FollowEvent(name, timestamp, follower, Str(root, "source"))
                : new UnknownEvent(name, timestamp),
            "unfollow" => Id(root, "follower", "id") is { } leaver
                ? new UnfollowEvent(name, timestamp, leaver)
                : new UnknownEvent(name, timestamp),
            "user_submit_info" => Id(root, "sender", "id") is { } submitter
                ? new UserSubmitInfoEvent(name, timestamp, submitter, ParseInfo(root))
                : new UnknownEvent(name, timestamp),
            "user_received_message" or "user_seen_message" => ParseReceipt(root, name, timestamp),
            _ => new UnknownEvent(name, timestamp),
        };
    }

    /// <summary>The message id when the event carries a well-formed one (<c>message.msg_id</c>).</summary>
    public static string? MessageId(JsonElement root) => Id(root, "message", "msg_id");

    /// <summary>
    /// A top-level field as text: a string, or a number as its exact digits; null when absent, empty, another kind,
    /// or not well-formed Unicode.
    /// </summary>
    public static string? TopLevel(JsonElement root, string name) => Str(root, name);

    /// <summary>
    /// An id as Zalo makes them: 1 to <see cref="MaxIdLength"/> ASCII letters, digits, '-' or '_'. Anything else
    /// (a 600 KB "id", text with spaces or brackets) would be copied into replies, mentions and keys.
    /// </summary>
    public static bool IsZaloId(string value) =>
        value.Length is > 0 and <= MaxIdLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Event names are short lowercase words joined by '_' ("user_send_text").</summary>
    private static bool IsEventName(string value) =>
        value.Length <= MaxIdLength && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static ZaloEvent ParseUserMessage(JsonElement root, string name, string timestamp)
    {
        var userId = Id(root, "sender", "id");
        var message = ParseContent(root, KindOf(name[UserPrefix.Length..]));
        return userId is null || message is null ? new UnknownEvent(name, timestamp) : new UserMessageEvent(name, timestamp, userId, message);
    }

    private static ZaloEvent ParseGroupMessage(JsonElement root, string name, string timestamp)
    {
        var groupId = Id(root, "recipient", "group_id") ?? Id(root, "recipient", "id");
        var senderId = Id(root, "sender", "id");
        var message = ParseContent(root, KindOf(name[GroupPrefix.Length..]));
        return groupId is null || senderId is null || message is null
            ? new UnknownEvent(name, timestamp)
            : new GroupMessageEvent(name, timestamp, groupId, senderId, message);
    }

    private static ZaloEvent ParseAnonymousMessage(JsonElement root, string name, string timestamp)
    {
        var anonymousId = Id(root, "sender", "id") ?? Id(root, "anonymous_id") ?? Id(root, "message", "anonymous_id");
        var conversationId = Id(root, "conversation_id") ?? Id(root, "message", "conversation_id") ?? Id(root, "sender", "conversation_id");
        var message = ParseContent(root, KindOf(name[AnonymousPrefix.Length..]));
        return anonymousId is null || conversationId is null || message is null
            ? new UnknownEvent(name, timestamp)
            : new AnonymousMessageEvent(name, timestamp, anonymousId, conversationId, message);
    }

    private static ZaloEvent ParseReceipt(JsonElement root, string name, string timestamp)
    {
        // Receipts travel OA → user, so the user is the recipient.
        var userId = Id(root, "recipient", "id") ?? Id(root, "user_id");
        var ids = new List<string>();
        if (Get(root, "message", "msg_ids") is { ValueKind: JsonValueKind.Array } array)
        {
            ids.AddRange(array.EnumerateArray().Select(AsString).OfType<string>().Where(IsZaloId));
        }

        if (Id(root, "message", "msg_id") is { } single && !ids.Contains(single))
        {
            ids.Add(single);
        }

        return userId is null || ids.Count == 0
            ? new UnknownEvent(name, timestamp)
            : new MessageReceiptEvent(name, timestamp, userId, ids, Seen: name == "user_seen_message");
    }

    private static SubmittedInfo ParseInfo(JsonElement root)
    {
        var info = Get(root, "info") ?? default;
        return new SubmittedInfo(
            Name: Str(info, "name"),
            Phone: Str(info, "phone"),
            Address: Str(info, "address") ?? Str(info, "full_address", "user_address"),
            Ward: Str(info, "ward") ?? Str(info, "full_address", "user_ward"),
            District: Str(info, "district") ?? Str(info, "full_address", "user_district"),
            City: Str(info, "city") ?? Str(info, "full_address", "user_city"),
            DateOfBirth: Str(info, "user_dob") ?? Str(info, "dob"),
            Gender: Str(info, "gender"));
    }

    private static MessageContent? ParseContent(JsonElement root, MessageKind kind)
    {
        if (Get(root, "message") is not { ValueKind: JsonValueKind.Object } message || Id(message, "msg_id") is not { } msgId)
        {
            return null;
        }

        var attachments = new List<Attachment>();
        if (Get(message, "attachments") is { ValueKind: JsonValueKind.Array } array)
        {
            attachments.AddRange(array.EnumerateArray().Select(a => ParseAttachment(a, kind)).OfType<Attachment>());
        }

        if (kind == MessageKind.Location && !attachments.OfType<LocationAttachment>().Any() && ParseLocation(Get(message, "location")) is { } location)
        {
            attachments.Add(location);
        }

        var quote = Id(message, "quote_msg_id") ?? Id(message, "quote_msg", "msg_id");
        return new MessageContent(kind, msgId, Str(message, "text"), attachments, quote);
    }

    private static Attachment? ParseAttachment(JsonElement attachment, MessageKind eventKind)
    {
        var type = Str(attachment, "type");
        var payload = Get(attachment, "payload") ?? default;
        var kind = type is null ? eventKind : KindOf(type);
        return kind switch
        {
            MessageKind.Location => ParseLocation(Get(payload, "coordinates")) ?? ParseLocation(payload),
            MessageKind.File => new FileAttachment(Str(payload, "url"), Str(payload, "name"), Str(payload, "size"), Str(payload, "type")),
            MessageKind.Link => new LinkAttachment(Str(payload, "url"), Str(payload, "title"), Str(payload, "description"), Str(payload, "thumbnail")),
            MessageKind.BusinessCard => new BusinessCardAttachment(payload.ValueKind == JsonValueKind.Undefined ? "{}" : payload.GetRawText()),
            MessageKind.Text => null,
            _ => new MediaAttachment(kind, Str(payload, "url"), Str(payload, "thumbnail"), kind == MessageKind.Sticker ? Str(payload, "id") : null),
        };
    }

    private static LocationAttachment? ParseLocation(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        var latitude = Str(e, "latitude") ?? Str(e, "lat");
        var longitude = Str(e, "longitude") ?? Str(e, "long") ?? Str(e, "lng");
        return latitude is null || longitude is null ? null : new LocationAttachment(latitude, longitude);
    }

    private static MessageKind KindOf(string suffix) => suffix switch
    {
        "image" => MessageKind.Image,
        "gif" => MessageKind.Gif,
        "link" => MessageKind.Link,
        "audio" => MessageKind.Audio,
        "voice" => MessageKind.Audio,
        "video" => MessageKind.Video,
        "sticker" => MessageKind.Sticker,
        "location" => MessageKind.Location,
        "file" => MessageKind.File,
        "business_card" => MessageKind.BusinessCard,
        _ => MessageKind.Text,
    };

    private static JsonElement? Get(JsonElement element, params ReadOnlySpan<string> path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A string field, or a number field as its exact text; null when absent, empty or another kind.</summary>
    private static string? Str(JsonElement element, params ReadOnlySpan<string> path) =>
        Get(element, path) is { } value ? AsString(value) : null;

    /// <summary>An id field (see <see cref="IsZaloId"/>); null when absent or not an id.</summary>
    private static string? Id(JsonElement element, params ReadOnlySpan<string> path) =>
        Str(element, path) is { } value && IsZaloId(value) ? value : null;

    private static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Unescape(value) is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// The string's value, or null when it is no well-formed Unicode: a lone surrogate escaped as <c>"\udfff"</c>
    /// (JSON's grammar allows it; a .NET string holding it would not encode back to UTF-8), or bytes that are not
    /// UTF-8 (the webhook reads the fields it signs before it refuses such a body). Zalo never sends either.
    /// </summary>
    private static string? Unescape(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
