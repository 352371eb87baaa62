using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ZaloBot.Admin.Reports;
using ZaloBot.Broadcasts;
using ZaloBot.Storage;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// Thông báo: the announcements the officer may see, and a form to write one, preview how many it would reach, and
/// save it as a draft (then send or schedule it on its own page). Goes through the announcements API's own handlers.
/// </summary>
[OpenToOfficers]
public sealed class BroadcastsModel(Db db, TimeProvider clock) : ConsolePageModel
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
        var result = await BroadcastsAdminApi.PreviewAsync(
            new BroadcastAudienceRequest(Draft.Audience, Draft.UnitCodes, Draft.Urgent), User, db, clock);
        if (result.Result is Ok<PreviewItem> ok)
        {
            Preview = ok.Value;
        }

        return await ShowAsync(result.Result);
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var result = await BroadcastsAdminApi.CreateAsync(
            new CreateBroadcastRequest(Draft.Title, Draft.Text, Draft.ImageUrl, Draft.Audience, Draft.UnitCodes, Draft.Urgent), User, db, clock);
        if (result.Result is Created<BroadcastItem> created)
        {
            return Redirect($"/admin/broadcasts/{created.Value!.Id}");
        }

        return await ShowAsync(result.Result);
    }

    /// <summary>
    /// The page again, with the API's answer when it refused: field errors beside their fields, or the reason on top
    /// with the API's status (403 for units outside the officer's commune).
    /// </summary>
    private async Task<PageResult> ShowAsync(IResult result)
    {
        int? status = null;
        if (result is ValidationProblem invalid)
        {
            Errors = invalid.ProblemDetails.Errors.ToDictionary();
        }
        else if (result is ProblemHttpResult problem)
        {
            Refused = problem.ProblemDetails.Detail;
            status = problem.StatusCode;
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
        Broadcasts = (await BroadcastsAdminApi.ListAsync(User, db, 100, 0)).Value!;

        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        Units = await UnitTree.ListAsync(connection, Scope, includeVillages: true);
    }
}
