using ZaloBot.Admin.Reports;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// One row of the units table: a commune or village with its team (if any) and what the team did; without a team, the
/// link that opens the team form with this unit chosen.
/// </summary>
public sealed record UnitRowView(UnitNode Unit, TeamNode? Team, Figures Figures, string Kind, string CreateTeamUrl);
