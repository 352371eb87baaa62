namespace ZaloBot.Teams;

public enum AssistStatus
{
    Recorded,
    Corrected,
    Cancelled,
}

/// <summary>One household-assisted report. <see cref="Code"/> is what members type back (<c>HT-0001</c>, per team).</summary>
public sealed record HouseholdAssist(
    long Id,
    long TeamId,
    int Number,
    long MemberId,
    string MemberName,
    string MemberUserId,
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

/// <summary>What <c>#thongke</c> and the reports count for a team and period.</summary>
public sealed record TeamStats(
    int Households,
    int Assists,
    IReadOnlyList<(AssistCategory Category, int Assists)> ByCategory,
    IReadOnlyList<(string Member, int Assists, int Households)> ByMember);

/// <summary>A unique household with how often and with what it was assisted (admin API).</summary>
public sealed record AssistedHousehold(
    long TeamId,
    string HouseholdKey,
    string HeadOfHousehold,
    string Village,
    int Assists,
    DateOnly FirstAssistedOn,
    DateOnly LastAssistedOn,
    IReadOnlyList<AssistCategory> Categories);

/// <summary>Filters of the admin lists; null means "any". Dates are Vietnam-local and inclusive.</summary>
public sealed record AssistFilter(
    IReadOnlyList<long>? TeamIds = null,
    DateOnly? From = null,
    DateOnly? To = null,
    AssistCategory? Category = null,
    string? Village = null,
    string? Head = null,
    long? MemberId = null,
    bool IncludeCancelled = false);
