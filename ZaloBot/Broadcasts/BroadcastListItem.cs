namespace ZaloBot.Broadcasts;

/// <summary>One announcement in a list, newest first.</summary>
public sealed record BroadcastListItem(
    long Id, string Title, string Audience, string Status, string StatusText, DateTimeOffset? ScheduledAt, string CreatedBy, DateTimeOffset CreatedAt);
