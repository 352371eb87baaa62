using Microsoft.AspNetCore.Mvc;
using ZaloBot.AdminAuth;
using ZaloBot.PastReports;
using ZaloBot.Storage;

namespace ZaloBot.Admin.Pages;

/// <summary>One import: how far it is (the page refreshes itself while it runs), what it added, and the refused rows by line.</summary>
[OpenToOfficers]
public sealed class ImportModel(Db db, TimeProvider clock) : ConsolePageModel
{
    public AssistImport Import { get; private set; } = null!;

    public IReadOnlyList<AssistImportError> Errors { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        ViewData["Section"] = "imports";
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        // An import made for another commune does not exist for this officer.
        if (await AssistImportStore.FindAsync(connection, id) is not { } import || !import.VisibleTo(Officer))
        {
            return NotFound();
        }

        Import = import;
        Errors = await AssistImportStore.ErrorsAsync(connection, id);
        Now = clock.GetUtcNow();
        return Page();
    }
}
