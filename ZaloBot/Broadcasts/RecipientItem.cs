namespace ZaloBot.Broadcasts;

/// <summary>One recipient of an announcement and where its message stands.</summary>
public sealed record RecipientItem(
    string Channel, string? RecipientId, long? TeamId, string? Name, string State, string StateText, string? Reason, int? ErrorCode,
    DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? SeenAt);
