using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Broadcasts;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// One announcement: what it says, who it goes to, its progress (refreshing while it sends); edit it until it is sent,
/// send now, schedule, cancel. Sending and cancelling ask first, on the server, naming how many it reaches, so the
/// question is there without JavaScript and a stray tap changes nothing.
/// </summary>
[OpenToOfficers(Broadcasts = ["id"])]
public sealed class BroadcastModel(Db db, BroadcastOperations broadcasts, TimeProvider clock) : ConsolePageModel
{
    public BroadcastItem Broadcast { get; private set; } = null!;

    [BindProperty]
    public BroadcastForm Draft { get; set; } = new();

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public PreviewItem? Preview { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? Refused { get; private set; }

    /// <summary>"send" or "cancel" while the page asks the official to confirm it.</summary>
    public string? Confirming { get; private set; }

    /// <summary>The edit form stays open after a preview or a refused save.</summary>
    public bool Editing { get; private set; }

    public BroadcastFormView Form => new(Draft, Units, Errors, Preview);

    public bool CanChange => Broadcast.Status is "draft" or "scheduled";

    public bool CanCancel => Broadcast.Status is "draft" or "scheduled" or "sending";

    public bool Cancelled => Broadcast.Status == "cancelled";

    /// <summary>Recipients that are settled one way or another, for the progress bar; a cancelled one counts only those it reached or tried.</summary>
    public long Settled => Broadcast.Totals.Sent + Broadcast.Totals.Skipped + Broadcast.Totals.Failed + (Cancelled ? 0 : Broadcast.Totals.Cancelled);

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostSendAsync(long id, bool confirmed) =>
        confirmed ? Outcome(id, await broadcasts.SendNowAsync(Officer, id)) ?? await LoadAsync(id) ?? Page() : await AskAsync(id, "send");

    public async Task<IActionResult> OnPostCancelAsync(long id, bool confirmed) =>
        confirmed ? Outcome(id, await broadcasts.CancelAsync(Officer, id)) ?? await LoadAsync(id) ?? Page() : await AskAsync(id, "cancel");

    /// <summary><paramref name="sendDate"/> as 28/11/2026 and <paramref name="sendTime"/> as 08:00, Vietnam time, whatever the browser's locale.</summary>
    public async Task<IActionResult> OnPostScheduleAsync(long id, string? sendDate, string? sendTime)
    {
        if (!DateTime.TryParseExact($"{sendDate?.Trim()} {sendTime?.Trim()}", ["d/M/yyyy H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            Refused = "Ngày gửi có dạng 28/11/2026 và giờ có dạng 08:00 (24 giờ).";
            return await LoadAsync(id) ?? Page();
        }

        var sendAt = at.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        return Outcome(id, await broadcasts.ScheduleAsync(Officer, id, sendAt)) ?? await LoadAsync(id) ?? Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(long id)
    {
        Editing = true;
        var outcome = await broadcasts.PreviewAsync(Officer, Draft.Audience, Draft.UnitCodes, Draft.Urgent);
        Preview = outcome.Value;
        return await ShowAsync(id, outcome.Refusal);
    }

    public async Task<IActionResult> OnPostEditAsync(long id)
    {
        Editing = true;
        var outcome = await broadcasts.UpdateAsync(Officer, id, Draft.ToRequest());
        return outcome.Refusal is null or { Kind: BroadcastRefusalKind.NotFound } ? Outcome(id, outcome)! : await ShowAsync(id, outcome.Refusal);
    }

    /// <summary>"Gửi tới 2.315 người dân ở Xã Khe Sanh?": the question before sending, from the audience as it stands now.</summary>
    public string SendQuestion => $"Gửi tới {Reach()}?";

    public string CancelQuestion => Broadcast.Status == "sending"
        ? $"Hủy thông báo đang gửi? {ConsoleText.Number(Broadcast.Totals.Queued)}/{ConsoleText.Number(Broadcast.Totals.Recipients)} người nhận chưa nhận sẽ không nhận nữa; tin đã gửi không thu hồi được."
        : $"Hủy thông báo gửi tới {Reach()}? Thông báo sẽ không được gửi.";

    private string Reach()
    {
        var count = ConsoleText.Number(Broadcast.Preview?.WillSend ?? Broadcast.Totals.Recipients);
        var who = Broadcast.Audience switch
        {
            "groups" => "nhóm Zalo của tổ",
            "members" => "thành viên tổ",
            _ => "người dân",
        };
        var where = Broadcast.Units.Count == 0 ? "toàn tỉnh" : string.Join(", ", Broadcast.Units.Select(u => u.Name));
        return $"{count} {who} ở {where}";
    }

    /// <summary>
    /// The schedule form's first value: an hour from now, on the hour, Vietnam time, moved to the end of the night
    /// window when it would fall inside it (residents would not get it before then anyway).
    /// </summary>
    public DateTimeOffset SuggestedTime
    {
        get
        {
            var next = clock.GetUtcNow().ToOffset(VietnamTime.Offset).AddHours(1);
            next = new DateTimeOffset(next.Year, next.Month, next.Day, next.Hour, 0, 0, next.Offset);
            return QuietHours.HeldUntil(next) ?? next;
        }
    }

    private async Task<IActionResult> AskAsync(long id, string action)
    {
        Confirming = action;
        return await LoadAsync(id) ?? Page();
    }

    /// <summary>The page again with the edit form and why it was refused (see <see cref="BroadcastFormView.Show"/>).</summary>
    private async Task<IActionResult> ShowAsync(long id, BroadcastRefusal? refusal)
    {
        (Errors, Refused, var status) = BroadcastFormView.Show(refusal);
        if (await LoadAsync(id) is { } notFound)
        {
            return notFound;
        }

        var page = Page();
        page.StatusCode = status;
        return page;
    }

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

    private async Task<IActionResult?> LoadAsync(long id)
    {
        ViewData["Section"] = "broadcasts";
        if ((await broadcasts.GetAsync(id)).Value is not { } item)
        {
            return NotFound();
        }

        Broadcast = item;
        if (!Editing)
        {
            Draft = BroadcastForm.Of(item);
        }

        if (CanChange)
        {
            await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
            Units = await UnitTree.ListAsync(connection, Scope, includeVillages: true);
        }

        return null;
    }
}
