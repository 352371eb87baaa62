namespace ZaloBot.Broadcasts;

// Counts a person reads come with Vietnamese text beside the codes.

/// <summary>One announcement's full status: what it says, who it goes to, its totals, reasons, summary and audit trail.</summary>
public sealed record BroadcastItem(
    long Id, string Title, string Text, string? ImageUrl, string Audience, string AudienceText, IReadOnlyList<BroadcastUnitItem> Units, bool Urgent,
    string Status, string StatusText, DateTimeOffset? ScheduledAt, DateTimeOffset? StartedAt, DateTimeOffset? HeldUntil, DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt, string CreatedBy, DateTimeOffset CreatedAt, BroadcastTotals Totals, IReadOnlyList<ReasonCount> SkippedBy,
    IReadOnlyList<FailureCount> FailedBy, string Summary, PreviewItem? Preview, IReadOnlyList<AuditItem> Audit);

public sealed record BroadcastUnitItem(string Code, string Level, string Name);

/// <summary>
/// Recipient counts. <c>Sent</c> counts every message Zalo accepted, <c>Delivered</c> those of them the phone
/// confirmed, <c>Seen</c> those read; <c>Recipients = Queued + Sent + Skipped + Failed + Cancelled</c>.
/// </summary>
public sealed record BroadcastTotals(long Recipients, long Queued, long Sent, long Delivered, long Seen, long Skipped, long OutOfWindow, long Failed, long Cancelled);

public sealed record ReasonCount(string Reason, string Text, long Count);

public sealed record FailureCount(int? Code, string Reason, long Count);

public sealed record AuditItem(string Action, string ActionText, string Actor, DateTimeOffset At, string? Detail);
