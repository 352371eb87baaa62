using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Broadcasts;
using ZaloBot.Storage;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// Thông báo: the announcements the officer may see, and a form to write one, preview how many it would reach, and
/// save it as a draft (then send or schedule it on its own page). Goes through <see cref="BroadcastOperations"/>, as the
/// announcements API does.
/// </summary>
[OpenToOfficers]
public sealed class BroadcastsModel(Db db, BroadcastOperations broadcasts) : ConsolePageModel
{
    [BindProperty]
    public BroadcastForm Draft { get; set; } = new();

    public IReadOnlyList<BroadcastListItem> Broadcasts { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public PreviewItem? Preview { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Refused { get; private set; }

    public BroadcastFormView Form => new(Draft, Units, Errors, Preview);

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        var outcome = await broadcasts.PreviewAsync(Officer, Draft.Audience, Draft.UnitCodes, Draft.Urgent);
        Preview = outcome.Value;
        return await ShowAsync(outcome.Refusal);
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var outcome = await broadcasts.CreateAsync(Officer, Draft.ToRequest());
        return outcome.Value is { } created ? Redirect($"/admin/broadcasts/{created.Id}") : await ShowAsync(outcome.Refusal);
    }

    /// <summary>The page again, with why it was refused (see <see cref="BroadcastFormView.Show"/>).</summary>
    private async Task<PageResult> ShowAsync(BroadcastRefusal? refusal)
    {
        (Errors, Refused, var status) = BroadcastFormView.Show(refusal);
        await LoadAsync();
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    private async Task LoadAsync()
    {
        ViewData["Section"] = "broadcasts";
        Broadcasts = await broadcasts.ListAsync(Officer, BroadcastOperations.DefaultLimit, 0);

        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        Units = await UnitTree.ListAsync(connection, Scope, includeVillages: true);
    }
}
