namespace ZaloBot.Broadcasts;

/// <summary>Who an announcement goes to. Chosen units narrow each audience; see <see cref="BroadcastAudiences"/>.</summary>
public enum BroadcastAudience
{
    /// <summary>Team groups (group messages): every team's, or those of teams within the chosen units.</summary>
    Groups,

    /// <summary>Members of the teams within the chosen units, 1:1 (customer-service messages). Units are required.</summary>
    Members,

    /// <summary>Residents who follow the OA, 1:1; with units, only those whose village lies within them.</summary>
    Residents,
}

public static class BroadcastAudiences
{
    public static string Code(this BroadcastAudience audience) => audience switch
    {
        BroadcastAudience.Groups => "groups",
        BroadcastAudience.Members => "members",
        BroadcastAudience.Residents => "residents",
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    public static string DisplayName(this BroadcastAudience audience) => audience switch
    {
        BroadcastAudience.Groups => "nhóm Zalo của các tổ",
        BroadcastAudience.Members => "thành viên các tổ (nhắn riêng)",
        BroadcastAudience.Residents => "người dân quan tâm OA (nhắn riêng)",
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    /// <summary>Reads an audience as written in a request; null when it is none of them.</summary>
    public static BroadcastAudience? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "GROUPS" => BroadcastAudience.Groups,
        "MEMBERS" => BroadcastAudience.Members,
        "RESIDENTS" => BroadcastAudience.Residents,
        _ => null,
    };

    /// <summary>Group messages go out 24/7; 1:1 messages need the 7-day window.</summary>
    public static bool IsOneToOne(this BroadcastAudience audience) => audience != BroadcastAudience.Groups;

    internal static BroadcastAudience FromCode(string code) =>
        Parse(code) ?? throw new InvalidOperationException($"Unknown broadcast audience '{code}' in the database.");
}
