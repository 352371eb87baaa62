using ZaloBot.Zalo;

namespace ZaloBot.Broadcasts;

/// <summary>One announcement as stored.</summary>
public sealed record Broadcast(
    long Id, string Title, string Body, string? ImageUrl, BroadcastAudience Audience, bool Urgent, BroadcastStatus Status,
    DateTimeOffset? ScheduledAt, DateTimeOffset? StartedAt, string? ExpandCursor, DateTimeOffset? ExpandedAt, long? RecipientsTotal,
    DateTimeOffset? HeldUntil, DateTimeOffset? CompletedAt, DateTimeOffset? CancelledAt, string CreatedBy, DateTimeOffset CreatedAt)
{
    /// <summary>What every recipient gets: the title on its own line, then the text; with the image when there is one.</summary>
    public OutgoingMessage Message => ImageUrl is { Length: > 0 } image
        ? OutgoingMessage.Image(image, BroadcastStore.Compose(Title, Body))
        : OutgoingMessage.FromText(BroadcastStore.Compose(Title, Body));
}
