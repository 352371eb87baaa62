using Microsoft.AspNetCore.Mvc;
using ZaloBot.AdminAuth;
using ZaloBot.Messaging;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// Hộp thư lỗi: webhook events the dispatcher gave up on (dead-letters) and messages Zalo refused for good, each
/// with a button that puts it back to pending so the dispatcher or the sender tries again; and replies that expired
/// in a Zalo outage, which are shown with their reason but never sent late. Province admins only (it declares no
/// <see cref="OpenToOfficersAttribute"/>): the box holds every commune's messages, and what it puts back runs for
/// everyone.
/// </summary>
public sealed partial class DeadLettersModel(
    InboxStore inbox, OutboxStore outbox, DispatchSignal dispatch, OutboxSignal send, ILogger<DeadLettersModel> logger) : ConsolePageModel
{
    public const int Shown = 200;

    public IReadOnlyList<DeadLetter> Events { get; private set; } = [];

    public IReadOnlyList<FailedMessage> Messages { get; private set; } = [];

    public InboxCounts Counts { get; private set; } = new(0, 0);

    public UndeliveredCounts Undelivered { get; private set; } = new(0, 0);

    public int? Replayed { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? replayed)
    {
        ViewData["Section"] = "dead-letters";
        Replayed = replayed;
        Events = await inbox.ListDeadAsync(Shown, HttpContext.RequestAborted);
        Messages = await outbox.ListUndeliveredAsync(Shown, HttpContext.RequestAborted);
        Counts = await inbox.CountAsync(HttpContext.RequestAborted);
        Undelivered = await outbox.CountUndeliveredAsync(HttpContext.RequestAborted);
        return Page();
    }

    public Task<IActionResult> OnPostReplayEventAsync(long id) => ReplayEventsAsync([id]);

    public Task<IActionResult> OnPostReplayAllEventsAsync() => ReplayEventsAsync(null);

    public Task<IActionResult> OnPostRetryMessageAsync(long id) => RetryMessagesAsync([id]);

    public Task<IActionResult> OnPostRetryAllMessagesAsync() => RetryMessagesAsync(null);

    private Task<IActionResult> ReplayEventsAsync(IReadOnlyList<long>? ids) =>
        PutBackAsync(ct => inbox.ReplayDeadAsync(ids, ct), dispatch.Notify, "inbox events");

    private Task<IActionResult> RetryMessagesAsync(IReadOnlyList<long>? ids) =>
        PutBackAsync(ct => outbox.RetryFailedAsync(ids, ct), send.NotifyAll, "outbox messages");

    /// <summary>Puts dead-lettered events or failed messages back to pending and wakes their worker.</summary>
    private async Task<IActionResult> PutBackAsync(Func<CancellationToken, Task<int>> putBack, Action wake, string what)
    {
        var count = await putBack(HttpContext.RequestAborted);
        wake();
        LogReplayed(logger, count, what, Officer.Holder.Name);
        return Redirect("/admin/dead-letters?replayed=" + count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: {Count} {What} put back to pending by {Holder}")]
    private static partial void LogReplayed(ILogger logger, int count, string what, string holder);
}
