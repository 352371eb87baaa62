using System.Text.Json.Nodes;
using ZaloBot.Sandbox;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Support;

/// <summary>
/// A resident's phone: posts signed 1:1 events (text, button taps, follow, shared contact), waits until the
/// dispatcher handled each, and returns what the emulated Zalo then shows from the OA, buttons included.
/// </summary>
public sealed class ResidentPhone(TestApp app, HttpClient client)
{
    public Task<Reply> FollowAsync(string userId) => ExchangeAsync(userId, ZaloWebhooks.Follow(userId));

    public Task<Reply> SendAsync(string userId, string text) =>
        ExchangeAsync(userId, ZaloWebhooks.UserText(userId, "msg-" + Guid.NewGuid().ToString("N"), text));

    /// <summary>Taps a button: its payload comes back as the user's text (zalo-oa-api.md §2.1).</summary>
    public Task<Reply> TapAsync(string userId, Reply shown, string title)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return SendAsync(userId, shown.Button(title).Payload);
    }

    /// <summary>The resident shares their name and phone (the answer to <c>request_user_info</c>).</summary>
    public Task<Reply> ShareContactAsync(string userId, string? name, string? phone) =>
        ExchangeAsync(userId, ZaloWebhooks.SubmitInfo(userId, name, phone));

    /// <summary>Everything the OA has shown this resident so far.</summary>
    public IReadOnlyList<OutgoingMessage> Shown(string userId) =>
        app.Emulator.MessagesIn(ZaloEmulatorState.UserConversation(userId)).Where(m => m.FromOa).Select(AsSent).ToList();

    /// <summary>Posts one signed event and returns what the resident's phone (the Zalo emulator) then shows from the OA.</summary>
    public async Task<Reply> ExchangeAsync(string userId, string body)
    {
        var conversation = ZaloEmulatorState.UserConversation(userId);
        await TeamChatDriver.UntilDeliveredAsync(app, "user", userId);
        var shownBefore = app.Emulator.MessagesIn(conversation).Count;
        var lastRow = await app.QueryScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM outbox_messages");
        var done = await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status = 'done'");
        using (var response = await client.PostSignedAsync(body))
        {
            Assert.That(response.IsSuccessStatusCode, Is.True);
        }

        await Eventually.UntilAsync(async () => await app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events WHERE status = 'done'") > done,
            "the event was handled");
        var queued = await app.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_messages WHERE id > @LastRow AND channel = 'user' AND recipient_id = @UserId", new { LastRow = lastRow, UserId = userId });
        await Eventually.UntilAsync(() => app.Emulator.MessagesIn(conversation).Count >= shownBefore + queued, "the phone shows the replies");
        return new Reply(app.Emulator.MessagesIn(conversation).Skip(shownBefore).Where(m => m.FromOa).Select(AsSent).ToList());
    }

    /// <summary>The message as Zalo received it: its text, the buttons of its list template, or its request for the user's info.</summary>
    public static OutgoingMessage AsSent(EmulatedMessage shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var payload = shown.Message?["attachment"]?["payload"];
        if (payload?["template_type"]?.GetValue<string>() == "request_user_info" && payload["elements"]?[0] is { } element)
        {
            return new OutgoingMessage
            {
                RequestUserInfo = new RequestUserInfo(
                    element["title"]!.GetValue<string>(), element["subtitle"]!.GetValue<string>(), element["image_url"]!.GetValue<string>()),
            };
        }

        var buttons = payload?["buttons"] is JsonArray array
            ? array.Select(b => new ZaloButton(b!["title"]!.GetValue<string>(), b["type"]!.GetValue<string>(), b["payload"]!.GetValue<string>())).ToList()
            : [];
        return new OutgoingMessage { Text = shown.Text, Buttons = buttons };
    }
}
