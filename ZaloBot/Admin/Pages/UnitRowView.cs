using ZaloBot.Admin.Reports;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// One row of the units table: a commune or village with its team (if any), what the team did ("Tổ này đã hỗ trợ"),
/// and the households that live there, whichever team helped them ("Hộ ở thôn/xã này"); without a team, the link that
/// opens the team form with this unit chosen.
/// </summary>
public sealed record UnitRowView(UnitNode Unit, TeamNode? Team, Figures Figures, string Kind, string CreateTeamUrl, int LivingHere);
