using System.Text;
using System.Text.Json.Nodes;
using ZaloBot.BotPlatform;
using ZaloBot.Sandbox;

namespace ZaloBot.Tests.Support;

/// <summary>
/// Talks to the app as the Zalo Bot Platform would: updates posted to <c>/webhooks/zalo-bot</c> with the webhook secret,
/// waiting for each to be handled and returning what the bot then sent to that chat, read at the emulator.
/// </summary>
public sealed class BotChatDriver(TestApp app, HttpClient client)
{
    /// <summary>How members call the bot in a group: the platform delivers only messages that mention it.</summary>
    public const string Mention = "@Tổ CNS Bot ";

    public TestApp App { get; } = app;

    /// <summary>The display names the platform gives senders, by user id; others get the emulator's.</summary>
    public Dictionary<string, string> Names { get; } = [];

    /// <summary>A text update as the webhook delivers it: bare, or wrapped like a <c>getUpdates</c> answer.</summary>
    public static (string Body, string MessageId) Update(
        string chatId, bool isGroup, string fromId, string text, bool wrapped = false, string? displayName = null)
    {
        var update = ZaloEmulatorState.BotTextUpdate(chatId, isGroup, fromId, text, DateTimeOffset.UtcNow);
        if (displayName is not null)
        {
            update["message"]!["from"]!["display_name"] = displayName;
        }

        var messageId = update["message"]!["message_id"]!.GetValue<string>();
        var body = wrapped ? new JsonObject { ["ok"] = true, ["result"] = update } : update;
        return (body.ToJsonString(), messageId);
    }

    public async Task<HttpResponseMessage> PostAsync(string body, string? secret = BotPlatformOptions.SandboxWebhookSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BotWebhookEndpoints.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add(BotWebhookEndpoints.SecretHeader, secret);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A person writes to the bot in a private chat; returns the bot's answers there.</summary>
    public Task<IReadOnlyList<string>> PrivateAsync(string userId, string text, bool wrapped = false) =>
        ExchangeAsync(userId, Update(userId, isGroup: false, userId, text, wrapped));

    /// <summary>A member mentions the bot in a group; returns the bot's answers to the group.</summary>
    public Task<IReadOnlyList<string>> GroupAsync(string groupId, string senderId, string text) =>
        ExchangeAsync(groupId, Update(groupId, isGroup: true, senderId, Mention + text, displayName: Names.GetValueOrDefault(senderId)));

    /// <summary>Like <see cref="GroupAsync"/>, for a command that must get exactly one answer.</summary>
    public async Task<string> AskGroupAsync(string groupId, string senderId, string text)
    {
        var replies = await GroupAsync(groupId, senderId, text);
        Assert.That(replies, Has.Count.EqualTo(1), $"one answer to “{text}”");
        return replies[0];
    }

    /// <summary>What the bot has sent to a chat, as the emulated platform shows it.</summary>
    public IReadOnlyList<string> ShownIn(string chatId) =>
        App.Emulator.MessagesIn(ZaloEmulatorState.BotConversation(chatId)).Where(m => m.FromOa).Select(m => m.Text ?? "").ToList();

    /// <summary>Posts an update and waits until it is handled and every answer it queued reached the chat.</summary>
    public async Task<IReadOnlyList<string>> ExchangeAsync(string chatId, (string Body, string MessageId) update)
    {
        await UntilDeliveredAsync(chatId);
        var before = ShownIn(chatId).Count;
        var lastRow = await App.QueryScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM outbox_messages");
        using (var response = await PostAsync(update.Body))
        {
            Assert.That(response.IsSuccessStatusCode, Is.True, "the webhook took the update");
        }

        var key = "bot:" + update.MessageId;
        await Eventually.UntilAsync(
            async () => await App.QueryScalarAsync<string?>("SELECT status FROM inbox_events WHERE event_key = @Key", new { Key = key }) == "done",
            $"{key} was handled");
        var queued = await App.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_messages WHERE via = 'zalo_bot' AND recipient_id = @ChatId AND id > @LastRow", new { ChatId = chatId, LastRow = lastRow });
        await Eventually.UntilAsync(() => ShownIn(chatId).Count >= before + queued, $"the answers reached bot chat {chatId}");
        return ShownIn(chatId).Skip(before).ToList();
    }

    /// <summary>Waits until the chat shows a message containing <paramref name="part"/>, and returns it.</summary>
    public async Task<string> ShowsAsync(string chatId, string part)
    {
        await Eventually.UntilAsync(() => ShownIn(chatId).Any(t => t.Contains(part, StringComparison.Ordinal)), $"bot chat {chatId} shows “{part}”");
        return ShownIn(chatId).Last(t => t.Contains(part, StringComparison.Ordinal));
    }

    private Task UntilDeliveredAsync(string chatId) =>
        Eventually.UntilAsync(
            async () => await App.QueryScalarAsync<long>(
                "SELECT COUNT(*) FROM outbox_messages WHERE via = 'zalo_bot' AND recipient_id = @ChatId AND status IN ('pending', 'sending')",
                new { ChatId = chatId }) == 0,
            $"earlier messages to bot chat {chatId} were sent");
}
