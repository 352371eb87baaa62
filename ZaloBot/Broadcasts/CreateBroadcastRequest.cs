namespace ZaloBot.Broadcasts;

public sealed record CreateBroadcastRequest(
    string? Title, string? Text, string? ImageUrl, string? Audience, IReadOnlyList<string>? UnitCodes, bool? Urgent);
