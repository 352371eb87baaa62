namespace ZaloBot.Broadcasts;

/// <summary><c>sendAt</c>: ISO 8601; without an offset it is Vietnam time.</summary>
public sealed record ScheduleBroadcastRequest(string? SendAt);
