namespace ZaloBot.Teams;

public enum AssistStatus
{
    Recorded,
    Corrected,
    Cancelled,
}

/// <summary>
/// One household-assisted report. <see cref="Code"/> is what members type back (<c>HT-0001</c>, per team). A report
/// imported from a past spreadsheet may have no member.
/// </summary>
public sealed record HouseholdAssist(
    long Id,
    long TeamId,
    int Number,
    long? MemberId,
    string? MemberName,
    string? MemberUserId,
    string HeadOfHousehold,
    string Village,
    string HouseholdKey,
    string Note,
    IReadOnlyList<AssistCategory> Categories,
    DateOnly AssistedOn,
    string? SourceMessageId,
    AssistStatus Status,
    DateTimeOffset CreatedAt)
{
    public string Code => ShortCode.Format(ShortCode.ReportPrefix, Number);
}

/// <summary>
/// What <c>#thongke</c> counts for a team and period: households first helped by the team in the period, reports,
/// reports by category, households and reports by member, and the team's households since the start.
/// </summary>
public sealed record TeamStats(
    int Households,
    int Assists,
    IReadOnlyList<(AssistCategory Category, int Assists)> ByCategory,
    IReadOnlyList<(string Member, int Assists, int Households)> ByMember,
    int HouseholdsEver);
