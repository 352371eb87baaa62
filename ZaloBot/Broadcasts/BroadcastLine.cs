namespace ZaloBot.Broadcasts;

/// <summary>One announcement as the console's overview lists it: its title and its one-line status.</summary>
public sealed record BroadcastLine(long Id, string Title, string Summary);
