using Microsoft.AspNetCore.Mvc;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Handoff;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// One help request: what the resident asked, who took it, how long it has waited, and the resident's callback number
/// whole, so an official can call them. Each time the number is shown, the view is recorded in the audit trail first.
/// An officer reaches only their commune's requests: another's is not found, as if it did not exist.
/// </summary>
[OpenToOfficers]
public sealed class HelpRequestModel(Db db, TimeProvider clock) : ConsolePageModel
{
    /// <summary>How many of the latest views of the number the page lists.</summary>
    public const int ViewsShown = 5;

    public HelpRequestRow HelpRequest { get; private set; } = null!;

    public IReadOnlyList<string> Notes { get; private set; } = [];

    public IReadOnlyList<AuditEvent> Views { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code)
    {
        ViewData["Section"] = "help-requests";
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        if (ShortCode.Parse(code, ShortCode.RequestPrefix) is not { } number
            || await HelpRequestReport.FindAsync(connection, Scope, number) is not { } request)
        {
            return NotFound();
        }

        Now = clock.GetUtcNow();
        HelpRequest = request;
        if (request.ResidentPhone is not null)
        {
            await AuditTrail.RecordAsync(db, Officer, AuditAction.RequestPhoneViewed, request.Code, Now, HttpContext.RequestAborted);
        }

        Notes = await HelpRequestStore.NotesAsync(connection, null, request.Id);
        Views = await AuditTrail.ForSubjectAsync(connection, AuditAction.RequestPhoneViewed, request.Code, ViewsShown);
        return Page();
    }
}
