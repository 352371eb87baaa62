using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ZaloBot.Messaging;
using ZaloBot.Sandbox;
using ZaloBot.Zalo;

namespace ZaloBot.Bench;

/// <summary>
/// One pre-signed webhook: the exact bytes to post and their <c>X-ZEvent-Signature</c> value, or for an update of the
/// Bot Platform (<see cref="ToBot"/>) the bot's webhook secret. <see cref="Recipient"/> is the emulator conversation
/// ("user:&lt;id&gt;" / "group:&lt;id&gt;" / "bot:&lt;chat id&gt;") its replies go to, and <see cref="ExpectedReplies"/>
/// how many it should get, as the app stands today (see <see cref="Workload"/>).
/// </summary>
internal sealed record WebhookEvent(string Kind, byte[] Body, string Signature, string? Recipient, int ExpectedReplies, bool ToBot = false);

/// <summary>
/// Builds distinct, signed webhook bodies shaped like Zalo's (zalo-oa-api.md §1.6; the tests' ZaloWebhooks builds
/// the same shapes). Ids are numeric strings like Zalo's, unique within a run.
/// </summary>
internal sealed class WebhookFactory(string appId, string oaSecretKey)
{
    public const string OaId = "388613280879808645";

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private long _sequence;
    private long _timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public string AppId { get; } = appId;

    /// <summary>A new follower: the app welcomes each one with one 1:1 message.</summary>
    public WebhookEvent Follow()
    {
        var user = NextUserId();
        return Sign(Workload.Follow, ZaloEmulatorState.UserConversation(user), (w, timestamp) =>
        {
            w.WriteString("oa_id", OaId);
            w.WriteString("event_name", "follow");
            w.WriteString("source", "oa_profile");
            w.WriteString("timestamp", timestamp);
            w.WriteString("user_id_by_app", "app-" + user);
            w.WriteStartObject("follower");
            w.WriteString("id", user);
            w.WriteEndObject();
        });
    }

    /// <summary>A resident's 1:1 text, from a resident never seen before in this run.</summary>
    public WebhookEvent ResidentText(string text)
    {
        var user = NextUserId();
        return Sign(Workload.ResidentText, ZaloEmulatorState.UserConversation(user), (w, timestamp) =>
        {
            w.WriteString("user_id_by_app", "app-" + user);
            WriteMessageHeader(w, "user_send_text", timestamp, sender: user, recipient: OaId);
            w.WriteString("msg_id", NextMessageId());
            w.WriteString("text", text);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// A team member's text in a team group (from <paramref name="senderId"/>, else someone new); <paramref name="replies"/> is
    /// what the app answers in the group.
    /// </summary>
    public WebhookEvent GroupText(string groupId, string text, int replies, string? senderId = null)
    {
        var sender = senderId ?? NextUserId();
        return Sign(Workload.GroupText, ZaloEmulatorState.GroupConversation(groupId), replies, (w, timestamp) =>
        {
            WriteMessageHeader(w, "user_send_group_text", timestamp, sender, recipient: groupId);
            w.WriteString("msg_id", NextMessageId());
            w.WriteString("text", text);
            w.WriteEndObject();
        });
    }

    /// <summary>A resident's text in a private chat with the bot, from a resident never seen before in this run.</summary>
    public WebhookEvent BotPrivateText(string text, string webhookSecret)
    {
        var user = NextUserId();
        var update = ZaloEmulatorState.BotTextUpdate(user, isGroup: false, user, text, DateTimeOffset.UtcNow);
        return new WebhookEvent(Workload.BotPrivateText.Name, Encoding.UTF8.GetBytes(update.ToJsonString()), webhookSecret,
            ZaloEmulatorState.BotConversation(user), Workload.BotPrivateText.RepliesPerEvent, ToBot: true);
    }

    /// <summary>A read receipt for an OA message (the id matches no outbox row: the handler's update touches nothing).</summary>
    public WebhookEvent SeenReceipt()
    {
        var user = NextUserId();
        return Sign(Workload.SeenReceipt, ZaloEmulatorState.UserConversation(user), (w, timestamp) =>
        {
            WriteMessageHeader(w, "user_seen_message", timestamp, sender: OaId, recipient: user);
            w.WriteStartArray("msg_ids");
            w.WriteStringValue(NextMessageId());
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The event name, timestamp, sender and recipient, then opens the <c>message</c> object for the caller to fill and close.</summary>
    private static void WriteMessageHeader(Utf8JsonWriter w, string eventName, string timestamp, string sender, string recipient)
    {
        w.WriteString("event_name", eventName);
        w.WriteString("timestamp", timestamp);
        w.WriteStartObject("sender");
        w.WriteString("id", sender);
        w.WriteEndObject();
        w.WriteStartObject("recipient");
        w.WriteString("id", recipient);
        w.WriteEndObject();
        w.WriteStartObject("message");
    }

    private WebhookEvent Sign(EventKind kind, string recipient, Action<Utf8JsonWriter, string> fields) =>
        Sign(kind, recipient, kind.RepliesPerEvent, fields);

    private WebhookEvent Sign(EventKind kind, string recipient, int replies, Action<Utf8JsonWriter, string> fields)
    {
        using var buffer = new MemoryStream(512);
        var timestamp = NextTimestamp();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("app_id", AppId);
            fields(writer, timestamp);
            writer.WriteEndObject();
        }

        var body = buffer.ToArray();
        var signature = WebhookSignature.HeaderValue(AppId, body, timestamp, oaSecretKey);
        return new WebhookEvent(kind.Name, body, signature, recipient, replies);
    }

    private string NextUserId() =>
        (5_000_000_000_000_000_000L + Interlocked.Increment(ref _sequence)).ToString(CultureInfo.InvariantCulture);

    private string NextMessageId() =>
        "bench" + Interlocked.Increment(ref _sequence).ToString("x12", CultureInfo.InvariantCulture);

    private string NextTimestamp() => Interlocked.Increment(ref _timestamp).ToString(CultureInfo.InvariantCulture);

    /// <summary>The UTF-8 body as text, for logs.</summary>
    public static string Text(WebhookEvent webhook) => Encoding.UTF8.GetString(webhook.Body);

    /// <summary>The webhook path, for the load generators.</summary>
    public static string Path => WebhookEndpoints.Path;
}

/// <summary>A kind of webhook in the workloads: how often it occurs in the crash test and what it should produce.</summary>
/// <param name="RepliesPerEvent">Messages the app sends for one such event today (group texts: see <see cref="Workload.GroupTexts"/>).</param>
/// <param name="OwnRecipient">Each event replies to a recipient of its own, so its reply can be timed end to end.</param>
internal sealed record EventKind(string Name, double CrashWeight, int RepliesPerEvent, bool OwnRecipient);

/// <summary>
/// The workload table. Keep the reply counts in step with the app (<c>ZaloBot.Bench --probe</c> posts a few of each
/// and prints what came back beside what the table expects). The end-to-end run times every kind with one reply to
/// a recipient of its own. A reply the table does not expect shows up as "unexpected" in the crash test.
/// </summary>
internal static class Workload
{
    /// <summary>A new follower: the guides' welcome and menu, one message.</summary>
    public static EventKind Follow { get; } = new("follow", CrashWeight: 0.35, RepliesPerEvent: 1, OwnRecipient: true);

    /// <summary>A resident's first 1:1 text: the guides answer with one message (the menu, or the guide it names).</summary>
    public static EventKind ResidentText { get; } = new("user_send_text", CrashWeight: 0.30, RepliesPerEvent: 1, OwnRecipient: true);

    /// <summary>Team-group texts; the bench's groups are not bound to a team (see <see cref="GroupTexts"/>).</summary>
    public static EventKind GroupText { get; } = new("user_send_group_text", CrashWeight: 0.10, RepliesPerEvent: 0, OwnRecipient: false);

    public static EventKind SeenReceipt { get; } = new("user_seen_message", CrashWeight: 0.05, RepliesPerEvent: 0, OwnRecipient: true);

    /// <summary>A resident's first text in a private chat with the bot (Bot Platform): the guides answer with one message.</summary>
    public static EventKind BotPrivateText { get; } = new("bot_private_text", CrashWeight: 0.20, RepliesPerEvent: 1, OwnRecipient: true);

    /// <summary>Share of the crash test's posts that repeat an event already posted, as Zalo's retries do.</summary>
    public const double DuplicateShare = 0.20;

    public static IReadOnlyList<EventKind> Kinds { get; } = [Follow, ResidentText, GroupText, SeenReceipt];

    /// <summary>The crash test's mix: the OA's kinds, and a fifth of the events through the bot's webhook.</summary>
    public static IReadOnlyList<EventKind> CrashKinds { get; } = [.. Kinds, BotPrivateText];

    private static readonly string[] ResidentTexts = ["Xin chào", "Cài VNeID thế nào?", "menu", "Tôi cần hỗ trợ", "dịch vụ công"];

    /// <summary>
    /// Group texts and the replies each gets in a group bound to no team: a command is answered once (with how to
    /// bind the group), chatter is not answered.
    /// </summary>
    public static IReadOnlyList<(string Text, int Replies)> GroupTexts { get; } =
        [("#thongke", 1), ("#hotro", 1), ("#dangky Nguyễn Văn A | 0912 345 678", 1), ("#huongdan", 1), ("chào cả tổ", 0), ("mai họp lúc 8 giờ nhé", 0)];

    /// <summary>Builds one event of <paramref name="kind"/>.</summary>
    public static WebhookEvent Create(WebhookFactory factory, EventKind kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(random);
        if (kind == Follow)
        {
            return factory.Follow();
        }

        if (kind == ResidentText)
        {
            return factory.ResidentText(ResidentTexts[random.Next(ResidentTexts.Length)]);
        }

        if (kind == BotPrivateText)
        {
            return factory.BotPrivateText(ResidentTexts[random.Next(ResidentTexts.Length)], Launcher.BotWebhookSecret);
        }

        if (kind == GroupText)
        {
            var (text, replies) = GroupTexts[random.Next(GroupTexts.Count)];
            return factory.GroupText("48" + random.Next(20).ToString("d16", CultureInfo.InvariantCulture), text, replies);
        }

        return factory.SeenReceipt();
    }

    /// <summary>Kinds whose single reply can be timed from post to the emulator: the end-to-end mix.</summary>
    public static IReadOnlyList<EventKind> TimedKinds => [.. Kinds.Where(k => k.RepliesPerEvent == 1 && k.OwnRecipient)];
}
