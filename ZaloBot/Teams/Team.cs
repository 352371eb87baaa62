using ZaloBot.Messaging;

namespace ZaloBot.Teams;

/// <summary>The two team levels of Plan 115/KH-UBND (domain.md §1.2).</summary>
public enum TeamLevel
{
    /// <summary>Tổ CNS cấp xã: one per commune, ward or special zone.</summary>
    Commune,

    /// <summary>Tổ CNSCĐ cấp thôn: one per village or residential group.</summary>
    Village,
}

/// <summary>How many members the plan asks for: commune teams 5, village teams 5–8.</summary>
public sealed record PlanSize(int Min, int Max)
{
    public static PlanSize For(TeamLevel level) => level == TeamLevel.Commune ? new PlanSize(5, 5) : new PlanSize(5, 8);

    /// <summary>"5" or "5–8", as read in a sentence.</summary>
    public string Range => Min == Max ? $"{Min}" : $"{Min}–{Max}";
}

public static class TeamLevels
{
    public static string Code(this TeamLevel level) => level == TeamLevel.Commune ? "commune" : "village";

    /// <summary>"cấp xã" / "cấp thôn".</summary>
    public static string DisplayName(this TeamLevel level) => level == TeamLevel.Commune ? "cấp xã" : "cấp thôn";

    /// <summary>The team level that serves a unit of this level, or null when no team sits at that level.</summary>
    public static TeamLevel? ForUnit(UnitLevel level) => level switch
    {
        UnitLevel.Commune => TeamLevel.Commune,
        UnitLevel.Village => TeamLevel.Village,
        _ => null,
    };

    internal static TeamLevel FromCode(string code) => code switch
    {
        "commune" => TeamLevel.Commune,
        "village" => TeamLevel.Village,
        _ => throw new InvalidOperationException($"Unknown team level '{code}' in the database."),
    };
}

/// <summary>
/// A team. <see cref="GroupId"/> is the Zalo group bound with <c>#ketnoi</c>, null until then, on the channel
/// <see cref="GroupChannel"/> (an OA group or an ordinary group with the bot).
/// </summary>
public sealed record Team(
    long Id, long UnitId, string UnitCode, string UnitName, TeamLevel Level, string Name, string LeaderPhone, string BindCode,
    string? GroupId, DateTimeOffset? BoundAt, DateTimeOffset CreatedAt, ChannelId GroupChannel = ChannelId.ZaloOa)
{
    public PlanSize Plan => PlanSize.For(Level);

    /// <summary>The team's group as a conversation to write to, on the channel it was bound through.</summary>
    public Conversation? Group => GroupId is { } id ? Conversation.Group(GroupChannel, id) : null;
}

/// <summary>An active or former member. <see cref="Phone"/> is the national form; show it with <see cref="PhoneNumber.Mask"/>.</summary>
public sealed record TeamMember(
    long Id, long TeamId, string ZaloUserId, string FullName, string Phone, MemberRole Role, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt)
{
    public bool IsActive => LeftAt is null;
}

public static class MemberRoleCodes
{
    public static string Code(this MemberRole role) => role switch
    {
        MemberRole.Leader => "leader",
        MemberRole.Deputy => "deputy",
        MemberRole.Member => "member",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    internal static MemberRole FromCode(string code) => code switch
    {
        "leader" => MemberRole.Leader,
        "deputy" => MemberRole.Deputy,
        "member" => MemberRole.Member,
        _ => throw new InvalidOperationException($"Unknown member role '{code}' in the database."),
    };
}
