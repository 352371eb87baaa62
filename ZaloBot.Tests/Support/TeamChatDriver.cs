using System.Net.Http.Json;
using System.Text.Json;

namespace ZaloBot.Tests.Support;

/// <summary>
/// Talks to the app as Zalo would: signed <c>user_send_group_text</c> / <c>user_send_text</c> webhooks, waiting
/// for each to be handled and returning what the bot answered in that conversation, read at the Zalo emulator the
/// outbox sender delivers to.
/// </summary>
public sealed class TeamChatDriver(TestApp app, HttpClient client)
{
    public const string AdminKey = "test-admin-key-0123456789";

    /// <summary>Settings for a <see cref="TestApp"/> whose admin API takes <see cref="AdminKey"/>.</summary>
    public static Dictionary<string, string?> Settings() => new() { ["Admin:ApiKeys:0"] = AdminKey };

    public TestApp App { get; } = app;

    /// <summary>A member writes in a group; returns the bot's answers to the group (usually one).</summary>
    public Task<IReadOnlyList<string>> GroupAsync(string groupId, string senderId, string text)
    {
        var msgId = "msg-" + Guid.NewGuid().ToString("N");
        return SendAsync(ZaloWebhooks.GroupText(groupId, senderId, msgId, text), "user_send_group_text:" + msgId, "group", groupId);
    }

    /// <summary>A user writes 1:1 to the OA; returns the bot's answers to them.</summary>
    public Task<IReadOnlyList<string>> UserAsync(string userId, string text)
    {
        var msgId = "msg-" + Guid.NewGuid().ToString("N");
        return SendAsync(ZaloWebhooks.UserText(userId, msgId, text), "user_send_text:" + msgId, "user", userId);
    }

    /// <summary>Like <see cref="GroupAsync"/>, for a command that must get exactly one answer.</summary>
    public async Task<string> AskGroupAsync(string groupId, string senderId, string text)
    {
        var replies = await GroupAsync(groupId, senderId, text);
        Assert.That(replies, Has.Count.EqualTo(1), $"one answer to “{text}”");
        return replies[0];
    }

    /// <summary>Creates a team through the admin API and returns its bind code.</summary>
    public async Task<(long Id, string BindCode)> CreateTeamAsync(string unitCode, string leaderPhone, string? bindCode = null)
    {
        using var admin = Admin();
        using var response = await admin.PostAsJsonAsync("/admin/api/teams", new { unitCode, leaderPhone, bindCode });
        response.EnsureSuccessStatusCode();
        var team = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (team.GetProperty("id").GetInt64(), team.GetProperty("bindCode").GetString()!);
    }

    /// <summary>A client of the app that sends the admin key.</summary>
    public HttpClient Admin()
    {
        var admin = App.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return admin;
    }

    private async Task<IReadOnlyList<string>> SendAsync(string body, string eventKey, string channel, string recipient)
    {
        var conversation = channel + ":" + recipient;
        // Earlier messages to this conversation (say, a request another event posted) must be shown before counting.
        await UntilDeliveredAsync(App, channel, recipient);
        var before = ShownIn(conversation).Count;
        var lastRow = await App.QueryScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM outbox_messages");
        (await client.PostSignedAsync(body)).EnsureSuccessStatusCode();
        await Eventually.UntilAsync(
            async () => await App.QueryScalarAsync<string?>("SELECT status FROM inbox_events WHERE event_key = @Key", new { Key = eventKey }) == "done",
            $"{eventKey} was handled");

        // The handler queued its replies with the inbox row; the sender then delivers them to Zalo (the emulator).
        // Counted from this event on, so the wait also holds for an app restarted on an older database.
        var queued = await QueuedCountAsync(channel, recipient, lastRow);
        await Eventually.UntilAsync(() => ShownIn(conversation).Count >= before + queued, $"the replies to {eventKey} reached {conversation}");
        return ShownIn(conversation).Skip(before).ToList();
    }

    /// <summary>The texts the OA sent to a conversation ("group:…" or "user:…"), as the emulated Zalo shows them.</summary>
    public IReadOnlyList<string> ShownIn(string conversation) =>
        App.Emulator.MessagesIn(conversation).Where(m => m.FromOa).Select(m => m.Text ?? "").ToList();

    /// <summary>Waits until no message to this recipient is still waiting to be sent (the emulator shows every sent one).</summary>
    public static Task UntilDeliveredAsync(TestApp app, string channel, string recipient) =>
        Eventually.UntilAsync(
            async () => await app.QueryScalarAsync<long>(
                "SELECT COUNT(*) FROM outbox_messages WHERE channel = @Channel AND recipient_id = @Recipient AND status IN ('pending', 'sending')",
                new { Channel = channel, Recipient = recipient }) == 0,
            $"earlier messages to {channel}:{recipient} were sent");

    private Task<long> QueuedCountAsync(string channel, string recipient, long afterRow) =>
        App.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_messages WHERE channel = @Channel AND recipient_id = @Recipient AND id > @AfterRow",
            new { Channel = channel, Recipient = recipient, AfterRow = afterRow });
}
