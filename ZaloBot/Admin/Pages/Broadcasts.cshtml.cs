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
    public static IReadOnlyList<(string Code, string Name)> Audiences { get; } =
    [
        ("groups", "Nhóm Zalo của các tổ"),
        ("members", "Thành viên các tổ (tin 1:1)"),
        ("residents", "Người dân quan tâm OA (tin 1:1)"),
    ];

    [BindProperty]
    public BroadcastForm Draft { get; set; } = new();

    public sealed class BroadcastForm
    {
        public string? Title { get; set; }

        public string? Text { get; set; }

        public string? ImageUrl { get; set; }

        public string Audience { get; set; } = "groups";

        public List<string> UnitCodes { get; set; } = [];

        public bool Urgent { get; set; }
    }

    public IReadOnlyList<BroadcastListItem> Broadcasts { get; private set; } = [];

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public PreviewItem? Preview { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Refused { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        var outcome = await broadcasts.PreviewAsync(Officer, Draft.Audience, Draft.UnitCodes, Draft.Urgent);
        Preview = outcome.Value;
        return await ShowAsync(outcome.Refusal);
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var outcome = await broadcasts.CreateAsync(
            Officer, new CreateBroadcastRequest(Draft.Title, Draft.Text, Draft.ImageUrl, Draft.Audience, Draft.UnitCodes, Draft.Urgent));
        return outcome.Value is { } created ? Redirect($"/admin/broadcasts/{created.Id}") : await ShowAsync(outcome.Refusal);
    }

    /// <summary>
    /// The page again, with why it was refused: field errors beside their fields, or the reason on top with the API's
    /// status for it (403 for units outside the officer's commune).
    /// </summary>
    private async Task<PageResult> ShowAsync(BroadcastRefusal? refusal)
    {
        int? status = null;
        if (refusal?.Kind == BroadcastRefusalKind.Invalid)
        {
            Errors = refusal.Errors;
        }
        else if (refusal is not null)
        {
            Refused = refusal.Text;
            status = StatusCodes.Status403Forbidden;
        }

        await LoadAsync();
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task LoadAsync()
    {
        ViewData["Section"] = "broadcasts";
        Broadcasts = await broadcasts.ListAsync(Officer, BroadcastOperations.DefaultLimit, 0);

        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        Units = await UnitTree.ListAsync(connection, Scope, includeVillages: true);
    }
}
