namespace ZaloBot.Broadcasts;

/// <summary>Who to address: <c>groups</c>, <c>members</c> or <c>residents</c>, narrowed by unit codes.</summary>
public sealed record BroadcastAudienceRequest(string? Audience, IReadOnlyList<string>? UnitCodes, bool? Urgent);
