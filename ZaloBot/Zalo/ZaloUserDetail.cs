namespace ZaloBot.Zalo;

public sealed record ZaloSharedInfo(string? Name, string? Phone, string? Address, string? City, string? District);

/// <summary>The answer of <c>GET /v3.0/oa/user/detail</c>, the fields the bot uses.</summary>
public sealed record ZaloUserDetail(
    string UserId,
    string? DisplayName,
    string? Avatar,
    bool IsFollower,
    string? UserIdByApp,
    string? LastInteractionDate,
    ZaloSharedInfo? SharedInfo);
