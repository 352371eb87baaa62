namespace ZaloBot.Zalo;

/// <summary>The answer of <c>GET /v2.0/oa/getoa</c>; the id arrives as <c>oa_id</c> or <c>oaid</c>.</summary>
public sealed record ZaloOaInfo(string OaId, string? Name, bool? IsVerified, long? FollowerCount);
