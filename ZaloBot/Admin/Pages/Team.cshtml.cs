using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// One team: its bind code (shown large right after it is created, with the steps for the group), its members with their
/// phone numbers whole (officials appoint these people and call them; each view is recorded in the audit trail), and
/// what it did.
/// </summary>
[OpenToOfficers(Teams = ["id"])]
public sealed class TeamModel(Db db, TimeProvider clock) : ConsolePageModel
{
    public Team Team { get; private set; } = null!;

    public IReadOnlyList<RosterRow> Members { get; private set; } = [];

    public Figures Figures { get; private set; } = Figures.Zero;

    public bool JustCreated { get; private set; }

    public string ExportQuery => "?team=" + Team.Id + "&left=1";

    public async Task<IActionResult> OnGetAsync(long id, int? created)
    {
        ViewData["Section"] = "units";
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        var team = await TeamStore.FindAsync(connection, null, id);
        if (team is null)
        {
            return NotFound();
        }

        Team = team;
        JustCreated = created == 1;
        var filter = ReportFilter.None with { TeamId = id };
        Members = await RosterReport.ListAsync(connection, Scope, filter, includeLeft: true);
        Figures = await HouseholdReport.CountAsync(connection, Scope, filter);
        await AuditTrail.RecordAsync(db, Officer, AuditAction.TeamPhonesViewed, team.Id.ToString(CultureInfo.InvariantCulture), clock.GetUtcNow(),
            HttpContext.RequestAborted);
        return Page();
    }
}
