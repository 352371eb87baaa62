namespace ZaloBot.Teams;

/// <summary>A member's role in a team (domain.md §1.3).</summary>
public enum MemberRole
{
    /// <summary>Thành viên.</summary>
    Member,

    /// <summary>Tổ phó.</summary>
    Deputy,

    /// <summary>Tổ trưởng.</summary>
    Leader,
}

public static class MemberRoleNames
{
    /// <summary>The Vietnamese name, lower case as it reads inside a sentence ("tổ trưởng").</summary>
    public static string DisplayName(this MemberRole role) => role switch
    {
        MemberRole.Member => "thành viên",
        MemberRole.Deputy => "tổ phó",
        MemberRole.Leader => "tổ trưởng",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>True for the roles that may remove members and correct anyone's reports.</summary>
    public static bool IsLeadership(this MemberRole role) => role is MemberRole.Leader or MemberRole.Deputy;
}
