using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using ZaloBot.AdminAuth;
using ZaloBot.Broadcasts;

namespace ZaloBot.Admin.Pages;

/// <summary>One announcement: what it says, who it goes to, its progress (refreshing while it sends), send now, schedule, cancel.</summary>
[OpenToOfficers(Broadcasts = ["id"])]
public sealed class BroadcastModel(BroadcastOperations broadcasts, TimeProvider clock) : ConsolePageModel
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
        Outcome(id, await broadcasts.SendNowAsync(Officer, id)) ?? await ReloadAsync(id);

    public async Task<IActionResult> OnPostScheduleAsync(long id, string? sendAt) =>
        Outcome(id, await broadcasts.ScheduleAsync(Officer, id, sendAt)) ?? await ReloadAsync(id);

    public async Task<IActionResult> OnPostCancelAsync(long id) =>
        Outcome(id, await broadcasts.CancelAsync(Officer, id)) ?? await ReloadAsync(id);

    /// <summary>"2026-11-28T08:00" an hour from now, Vietnam time: the schedule field's starting value.</summary>
    public string SuggestedTime => clock.GetUtcNow().ToOffset(Teams.VietnamTime.Offset).AddHours(1)
        .ToString("yyyy-MM-dd'T'HH:00", CultureInfo.InvariantCulture);

    /// <summary>Back to the announcement when it changed; null, with the reason shown on the page, when it was refused.</summary>
    private IActionResult? Outcome(long id, BroadcastOutcome<BroadcastItem> outcome)
    {
        switch (outcome.Refusal)
        {
            case null:
                return Redirect($"/admin/broadcasts/{id}");
            case { Kind: BroadcastRefusalKind.NotFound }:
                return NotFound();
            default:
                Refused = outcome.Refusal.Text;
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
        if ((await broadcasts.GetAsync(id)).Value is not { } item)
        {
            return NotFound();
        }

        Broadcast = item;
        return null;
    }
}
