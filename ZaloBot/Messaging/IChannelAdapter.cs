using Microsoft.Data.Sqlite;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>A message as one channel sends it, cut into the parts its length limit allows; <see cref="Cut"/> says text was left out.</summary>
public sealed record RenderedMessage(IReadOnlyList<OutgoingMessage> Parts, bool Cut);

/// <summary>
/// Everything that differs between channels, in one place per channel: reading what its webhook stored into a
/// <see cref="ChannelEvent"/>, turning a <see cref="BotMessage"/> into the messages the channel takes, and sending
/// one outbox row. Reading and rendering run inside the dispatcher's (or the caller's) transaction, so a key they
/// create commits with the event.
/// </summary>
public interface IChannelAdapter
{
    ChannelId Channel { get; }

    Task<ChannelEvent> ReadAsync(string storedBody, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now);

    Task<RenderedMessage> RenderAsync(
        Conversation recipient, BotMessage message, SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, int maxParts);

    /// <summary>Sends one outbox row and returns the channel's message id; failures are <see cref="ZaloApiException"/>.</summary>
    Task<string> SendAsync(OutboxMessage row, ZaloSendPriority priority, CancellationToken cancellationToken);

    /// <summary>
    /// The name a person's profile on the channel shows (null when it shows none); a call to the channel, so never made
    /// inside a transaction. Failures are <see cref="ZaloApiException"/>.
    /// </summary>
    Task<string?> ProfileNameAsync(string userId, CancellationToken cancellationToken);
}
