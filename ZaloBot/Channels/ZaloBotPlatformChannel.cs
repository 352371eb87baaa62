using System.Text.Json;
using Microsoft.Data.Sqlite;
using ZaloBot.BotPlatform;
using ZaloBot.Messaging;
using ZaloBot.Monitoring;
using ZaloBot.Zalo;

namespace ZaloBot.Channels;

/// <summary>
/// The Zalo Bot Platform as a channel: a bot's private chats and the ordinary Zalo groups it was invited to. The only
/// place that knows the platform's event names and what it can show.
/// <list type="bullet">
/// <item>Reading: a private chat is a 1:1 conversation, a group chat a group; in a group the bot hears only messages that
/// mention it, so the mention in front of a command is taken out; a photo's caption is its text; the bot's own messages
/// echoed back are never answered.</item>
/// <item>Rendering: there are no buttons, so every choice is a numbered line; a contact request becomes its question in
/// text (the questions that follow read a typed phone number); there are no mentions either, so a group answer meant
/// for one member starts with their name; 2,000 characters a message.</item>
/// <item>Sending: text through <c>sendMessage</c>, an image through <c>sendPhoto</c> with the text as its caption.</item>
/// </list>
/// </summary>
public sealed class ZaloBotPlatformChannel(BotPlatformClient client, ZaloBotMetrics metrics) : IChannelAdapter
{
    public ChannelId Channel => ChannelId.ZaloBot;

    public Task<ChannelEvent> ReadAsync(string storedBody, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        BotUpdate? update;
        using (var document = JsonDocument.Parse(storedBody))
        {
            update = BotUpdate.Parse(document.RootElement);
        }

        return Task.FromResult(Read(update));
    }

    public Task<RenderedMessage> RenderAsync(
        Conversation recipient, BotMessage message, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, int maxParts)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(message);
        var text = message.ContactRequest is { } request ? request.Title + "\n" + request.Subtitle
            : recipient.IsGroup && message.AddresseeName is { Length: > 0 } name ? "@" + name + " " + message.Text
            : message.Text;
        var outgoing = new OutgoingMessage { Text = text, ButtonsNumberedInText = message.ChoicesNumberedInText, ImageUrl = message.ImageUrl };
        outgoing = NumberedChoices.Add(outgoing, message.Choices);
        var parts = ZaloText.SplitMessage(outgoing, maxParts, out var cut);
        return Task.FromResult(new RenderedMessage(parts, cut));
    }

    /// <summary>The Bot Platform has no method that reads a user's profile, so a request from a bot chat goes without the name.</summary>
    public Task<string?> ProfileNameAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Sends one row, timed in the same send metrics as the OA's.</summary>
    public Task<string> SendAsync(OutboxMessage row, ZaloSendPriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var message = row.Message;
        return metrics.TimeSendAsync(Channel.Code(), row.Channel, () => message.ImageUrl is { Length: > 0 } photo
            ? client.SendPhotoAsync(row.RecipientId, photo, message.Text, priority, cancellationToken)
            : client.SendMessageAsync(row.RecipientId, message.Text ?? "", priority, cancellationToken));
    }

    private ChannelEvent Read(BotUpdate? update)
    {
        if (update is null)
        {
            return new UnsupportedEvent("bot");
        }

        if (update.FromBot)
        {
            return new OwnMessageEcho(update.EventName);
        }

        if (update.Chat is not { } chat || update.FromId is not { } senderId)
        {
            return new UnsupportedEvent(update.EventName);
        }

        var conversation = chat.IsGroup ? Conversation.Group(Channel, chat.Id) : Conversation.User(Channel, chat.Id);
        var written = update.EventName switch
        {
            BotUpdate.TextReceived => update.Text,
            BotUpdate.ImageReceived => update.Caption,
            _ => null,
        };
        var text = chat.IsGroup ? WithoutLeadingMention(written) : written?.Trim();
        var name = update.FromName?.Trim() is { Length: > 0 } shown ? shown : null;
        return string.IsNullOrEmpty(text)
            ? new IncomingMessage(update.EventName, IncomingKind.NonText, conversation, senderId, update.MessageId, SenderName: name)
            : new IncomingMessage(update.EventName, IncomingKind.Text, conversation, senderId, update.MessageId, Text: text, SenderName: name);
    }

    /// <summary>
    /// In a group the bot hears a message only when it is mentioned, and the mention arrives as plain text
    /// ("@Tổ CNS Tân Lập #hotro …") whose end nothing marks: a team command starts at its <c>#</c>, so what comes before
    /// the first <c>#</c> that begins a word is the mention.
    /// </summary>
    internal static string WithoutLeadingMention(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (!trimmed.StartsWith('@'))
        {
            return trimmed;
        }

        for (var i = 1; i < trimmed.Length; i++)
        {
            if (trimmed[i] == '#' && char.IsWhiteSpace(trimmed[i - 1]))
            {
                return trimmed[i..];
            }
        }

        return trimmed;
    }
}
