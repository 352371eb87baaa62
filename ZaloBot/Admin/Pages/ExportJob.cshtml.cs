using ZaloBot.AdminAuth;
using Microsoft.AspNetCore.Mvc;
using ZaloBot.Admin.Exports;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// A full households export made in the background: posting (with the households page's filter in the query string)
/// starts it; its page shows how far it is, refreshing itself, and offers the file when it is written. A job made by
/// an officer is seen by province admins and the officers of the same commune; one made by a province admin, by
/// province admins only.
/// </summary>
[OpenToOfficers(Units = ["unit"], Teams = ["team"], Members = ["member"])]
public sealed class ExportJobModel(ExportJobs jobs, TimeProvider clock) : ConsolePageModel
{
    public ExportJob Job { get; private set; } = null!;

    public IActionResult OnGet(string? id)
    {
        ViewData["Section"] = "households";
        if (id is null || jobs.Find(Officer, id) is not { } job)
        {
            return NotFound();
        }

        Job = job;
        return Page();
    }

    public IActionResult OnGetFile(string? id)
    {
        if (id is null || jobs.Find(Officer, id) is not { } job || ExportJobs.OpenFile(job) is not { } file)
        {
            return NotFound();
        }

        return File(file, TableExport.ContentType(job.Format), job.FileName);
    }

    public async Task<IActionResult> OnPostAsync(string? format)
    {
        if (ExportEndpoints.Read(format ?? "", HttpContext, clock, out var request) is { } refused)
        {
            // An unknown format (404) or an unreadable filter (400, said in Vietnamese), as the direct download answers.
            await refused.ExecuteAsync(HttpContext);
            return new EmptyResult();
        }

        var job = await jobs.StartAsync(Officer, request, HttpContext.RequestAborted);
        return Redirect($"/admin/exports/jobs/{job.Id}");
    }
}
