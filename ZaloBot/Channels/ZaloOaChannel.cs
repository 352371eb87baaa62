using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.Channels;

/// <summary>
/// The Zalo Official Account as a channel: the only place that knows the OA's event names, its buttons
/// (<c>oa.query.hide</c>, whose payload comes back as typed text, so it is signed), its mention syntax and its limits
/// (2,000 characters a message, no buttons in groups).
/// <list type="bullet">
/// <item>Reading: mentions come out of the text; a signed payload becomes the action it was offered with, or a stale choice.</item>
/// <item>Rendering: choices are buttons 1:1 and numbered lines in groups; a group answer names its addressee with a mention.</item>
/// <item>Sending: a button message Zalo refuses as invalid (-201, -210; its rules for button templates are not published
/// in full) goes at once as text with numbered lines, and messages of that shape keep doing so until restart, so a
/// resident never goes without an answer because of a template rule.</item>
/// </list>
/// </summary>
public sealed partial class ZaloOaChannel(IZaloClient zalo, ButtonKey buttonKey, ILogger<ZaloOaChannel> logger) : IChannelAdapter
{
    private readonly ConcurrentDictionary<ButtonShape, bool> _refusedShapes = new();

    public ChannelId Channel => ChannelId.ZaloOa;

    public async Task<ChannelEvent> ReadAsync(string storedBody, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        ZaloEvent zaloEvent;
        using (var document = JsonDocument.Parse(storedBody))
        {
            zaloEvent = ZaloEventParser.Parse(document.RootElement);
        }

        return zaloEvent switch
        {
            UserMessageEvent user => await FromUserAsync(user, connection, transaction, now),
            GroupMessageEvent group => Written(group.EventName, Conversation.Group(Channel, group.GroupId), group.SenderId, group.Message),
            FollowEvent follow => new IncomingMessage(follow.EventName, IncomingKind.Follow, User(follow.UserId), follow.UserId),
            UnfollowEvent unfollow => new IncomingMessage(unfollow.EventName, IncomingKind.Unfollow, User(unfollow.UserId), unfollow.UserId),
            UserSubmitInfoEvent info => new IncomingMessage(info.EventName, IncomingKind.ContactShared, User(info.UserId), info.UserId,
                Contact: new SharedContact(info.Info.Name, info.Info.Phone)),
            MessageReceiptEvent receipt => new DeliveryReceipt(receipt.EventName, receipt.MsgIds, receipt.Seen),
            OaEchoEvent echo => new OwnMessageEcho(echo.EventName),
            // Anonymous visitors (no id to answer) and names the parser does not know.
            _ => new UnsupportedEvent(zaloEvent.EventName),
        };
    }

    public async Task<RenderedMessage> RenderAsync(
        Conversation recipient, BotMessage message, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, int maxParts)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(message);
        var text = recipient.IsGroup && message.Addressee is { } addressee ? ZaloText.Mention(addressee) + " " + message.Text : message.Text;
        var outgoing = new OutgoingMessage
        {
            Text = text,
            ButtonsNumberedInText = message.ChoicesNumberedInText,
            ImageUrl = message.ImageUrl,
            RequestUserInfo = message.ContactRequest is { } request ? new RequestUserInfo(request.Title, request.Subtitle, request.ImageUrl) : null,
        };
        if (message.Choices.Count > 0 && recipient.IsGroup)
        {
            // Groups take no buttons: the choices are numbered lines, which carry no payload.
            outgoing = ZaloText.WithNumberedButtons(outgoing with { Buttons = [.. message.Choices.Select(c => ZaloButton.QueryHide(c.Title, c.Action))] });
        }
        else if (message.Choices.Count > 0)
        {
            var payloads = await buttonKey.PayloadsAsync(connection, transaction, now);
            outgoing = outgoing with { Buttons = [.. message.Choices.Select(c => ZaloButton.QueryHide(c.Title, payloads.Sign(recipient.Id, c.Action)))] };
        }

        var parts = ZaloText.SplitMessage(outgoing, maxParts, out var cut);
        return new RenderedMessage(parts, cut);
    }

    public async Task<string> SendAsync(OutboxMessage row, ZaloSendPriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var message = row.Message;
        if (row.ReplyChannel == ReplyChannel.Group)
        {
            return await zalo.SendGroupMessageAsync(new GroupMessageRequest(row.RecipientId, message), priority, cancellationToken);
        }

        if (message.Buttons.Count == 0)
        {
            return await zalo.SendCustomerServiceAsync(new CsMessageRequest(row.RecipientId, message), priority, cancellationToken);
        }

        var shape = ButtonShape.Of(message);
        if (!_refusedShapes.ContainsKey(shape))
        {
            try
            {
                return await zalo.SendCustomerServiceAsync(new CsMessageRequest(row.RecipientId, message), priority, cancellationToken);
            }
            catch (ZaloApiException ex) when (ex.Code is ZaloErrorCodes.InvalidParameter or ZaloErrorCodes.ParameterTooLong)
            {
                if (_refusedShapes.TryAdd(shape, true))
                {
                    LogButtonsRefused(shape.Count, shape.LongestTitle, ex.Code, ex.Message);
                }
            }
        }

        return await zalo.SendCustomerServiceAsync(new CsMessageRequest(row.RecipientId, ZaloText.WithNumberedButtons(message)), priority, cancellationToken);
    }

    /// <summary>The profile's display name, without mention syntax: it is written into group messages.</summary>
    public async Task<string?> ProfileNameAsync(string userId, CancellationToken cancellationToken) =>
        ZaloText.StripMentions((await zalo.GetUserDetailAsync(userId, cancellationToken)).DisplayName).Trim() is { Length: > 0 } name ? name : null;

    private Conversation User(string userId) => Conversation.User(Channel, userId);

    /// <summary>A 1:1 message: a tap comes back as the text of its payload, which is trusted only when its signature holds.</summary>
    private async Task<IncomingMessage> FromUserAsync(UserMessageEvent user, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        var written = Written(user.EventName, User(user.UserId), user.UserId, user.Message);
        if (!ButtonPayloads.LooksSigned(written.Text))
        {
            return written;
        }

        var payloads = await buttonKey.PayloadsAsync(connection, transaction, now);
        return payloads.TryVerify(user.UserId, written.Text, out var action)
            ? written with { Kind = IncomingKind.Choice, Text = null, Choice = action }
            : written with { Kind = IncomingKind.StaleChoice, Text = null };
    }

    private static IncomingMessage Written(string name, Conversation conversation, string senderId, MessageContent content)
    {
        var text = ZaloText.StripMentions(content.Text).Trim();
        return text.Length > 0
            ? new IncomingMessage(name, IncomingKind.Text, conversation, senderId, content.MsgId, Text: text)
            : new IncomingMessage(name, IncomingKind.NonText, conversation, senderId, content.MsgId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Zalo refused a message with {Count} buttons (longest title {LongestTitle} characters) as invalid, code {Code}: {ZaloMessage}. "
        + "It went as text with numbered lines, as will messages of that shape until the app restarts")]
    private partial void LogButtonsRefused(int count, int longestTitle, int code, string zaloMessage);

    /// <summary>
    /// What Zalo's unpublished button rules can depend on: how many buttons, and how long their titles are. Exact, so a
    /// shape Zalo accepts keeps its buttons.
    /// </summary>
    private readonly record struct ButtonShape(int Count, int LongestTitle)
    {
        public static ButtonShape Of(OutgoingMessage message) => new(message.Buttons.Count, message.Buttons.Max(b => b.Title.Length));
    }
}
