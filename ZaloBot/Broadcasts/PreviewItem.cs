namespace ZaloBot.Broadcasts;

/// <summary>How many an audience would reach if sent now, with a one-line Vietnamese summary.</summary>
public sealed record PreviewItem(long Recipients, long WillSend, long OutOfWindow, long NoGroup, DateTimeOffset? HeldUntil, string Summary);
