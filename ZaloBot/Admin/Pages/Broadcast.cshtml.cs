using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ZaloBot.Broadcasts;
using ZaloBot.Storage;

namespace ZaloBot.Admin.Pages;

/// <summary>One announcement: what it says, who it goes to, its progress (refreshing while it sends), send now, schedule, cancel.</summary>
[OpenToOfficers(Broadcasts = ["id"])]
public sealed class BroadcastModel(Db db, TimeProvider clock, BroadcastSignal signal) : ConsolePageModel
{
    public BroadcastItem Broadcast { get; private set; } = null!;

    public string? Refused { get; private set; }

    public bool CanChange => Broadcast.Status is "draft" or "scheduled";

    public bool CanCancel => Broadcast.Status is "draft" or "scheduled" or "sending";

    /// <summary>Recipients that are settled one way or another, for the progress bar.</summary>
    public long Settled => Broadcast.Totals.Sent + Broadcast.Totals.Skipped + Broadcast.Totals.Failed + Broadcast.Totals.Cancelled;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        ViewData["Section"] = "broadcasts";
        return await LoadAsync(id) ?? Page();
    }

    public async Task<IActionResult> OnPostSendAsync(long id) =>
        Outcome(id, (await BroadcastsAdminApi.SendNowAsync(id, User, db, clock, signal)).Result) ?? await ReloadAsync(id);

    public async Task<IActionResult> OnPostScheduleAsync(long id, string? sendAt) =>
        Outcome(id, (await BroadcastsAdminApi.ScheduleAsync(id, new ScheduleBroadcastRequest(sendAt), User, db, clock)).Result) ?? await ReloadAsync(id);

    public async Task<IActionResult> OnPostCancelAsync(long id) =>
        Outcome(id, (await BroadcastsAdminApi.CancelAsync(id, User, db, clock)).Result) ?? await ReloadAsync(id);

    /// <summary>"2026-11-28T08:00" an hour from now, Vietnam time: the schedule field's starting value.</summary>
    public string SuggestedTime => clock.GetUtcNow().ToOffset(Teams.VietnamTime.Offset).AddHours(1)
        .ToString("yyyy-MM-dd'T'HH:00", CultureInfo.InvariantCulture);

    private IActionResult? Outcome(long id, IResult result)
    {
        switch (result)
        {
            case Ok<BroadcastItem>:
                return Redirect($"/admin/broadcasts/{id}");
            case Microsoft.AspNetCore.Http.HttpResults.NotFound:
                return NotFound();
            case ValidationProblem invalid:
                Refused = string.Join(" ", invalid.ProblemDetails.Errors.SelectMany(e => e.Value));
                return null;
            case Conflict<ProblemDetails> conflict:
                Refused = conflict.Value?.Detail;
                return null;
            default:
                return null;
        }
    }

    private async Task<IActionResult> ReloadAsync(long id)
    {
        ViewData["Section"] = "broadcasts";
        return await LoadAsync(id) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        if ((await BroadcastsAdminApi.GetAsync(id, db, clock)).Result is not Ok<BroadcastItem> ok)
        {
            return NotFound();
        }

        Broadcast = ok.Value!;
        return null;
    }
}
