using Microsoft.AspNetCore.Mvc;
using ZaloBot.AdminAuth;
using ZaloBot.PastReports;
using ZaloBot.Storage;

namespace ZaloBot.Admin.Pages;

/// <summary>Nhập báo cáo cũ: upload a spreadsheet of past reports, and the imports this officer may follow.</summary>
[OpenToOfficers]
[RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)]
[DisableRequestSizeLimit]
public sealed class ImportsModel(Db db, AssistImportRunner runner) : ConsolePageModel
{
    public IReadOnlyList<AssistImport> Imports { get; private set; } = [];

    public string? Problem { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            Problem = "Bạn chọn tệp CSV hoặc Excel (.xlsx) báo cáo cũ rồi bấm «Nhập» nhé.";
        }
        else
        {
            await using var upload = file.OpenReadStream();
            var (id, refusal) = await runner.EnqueueAsync(upload, file.FileName, Officer, HttpContext.RequestAborted);
            if (id is { } imported)
            {
                return Redirect($"/admin/imports/{imported}");
            }

            Problem = refusal!.Message;
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        ViewData["Section"] = "imports";
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        Imports = await AssistImportStore.ListAsync(connection, Officer, 20);
    }
}
