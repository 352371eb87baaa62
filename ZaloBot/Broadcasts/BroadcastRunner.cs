using System.Globalization;
using Microsoft.Extensions.Options;
using ZaloBot.Messaging;
using ZaloBot.Storage;

namespace ZaloBot.Broadcasts;

/// <summary>Rung when an announcement is sent now, so the runner starts it at once.</summary>
public sealed class BroadcastSignal : WakeSignal;

/// <summary>
/// Runs announcements: at the send time it starts one, expands its audience page by page into
/// <c>broadcast_recipients</c> and keeps up to <see cref="BroadcastOptions.OutboxWindow"/> of its messages in the
/// outbox (bulk priority: replies go first; the send rate is the Zalo client's, shared with replies). 1:1
/// recipients outside the 7-day window are skipped as they come up; residents are not sent to between 22:00 and
/// 06:00 unless the announcement is urgent. Messages Zalo could not take within <see cref="BroadcastOptions.DeliveryHorizon"/>
/// (an outage) count as failed. Each step is one transaction, so after a restart the runner goes on
/// from the last step that committed; the outbox's own recovery covers the messages that were being sent.
/// </summary>
public sealed partial class BroadcastRunner(
    Db db,
    BroadcastSignal signal,
    OutboxSignal outboxSignal,
    TimeProvider clock,
    IOptions<BroadcastOptions> options,
    ILogger<BroadcastRunner> logger)
    : KeyedBackgroundWorker<long>(signal, options.Value.Parallelism, options.Value.PollInterval, clock, logger)
{
    /// <summary>The actor the audit trail names for what the runner does by itself.</summary>
    public const string SystemActor = "hệ thống";

    private readonly BroadcastOptions _options = options.Value;

    private enum Step
    {
        /// <summary>Something changed; run the next step at once.</summary>
        Progress,

        /// <summary>Waiting for the outbox to drain.</summary>
        Idle,

        /// <summary>Nothing to do until the night ends (or a new send time).</summary>
        Waiting,
    }

    protected override async Task<IReadOnlyList<long>> FetchDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await BroadcastStore.DueAsync(connection, Clock.GetUtcNow(), cancellationToken);
    }

    protected override string KeyOf(long item) => item.ToString(CultureInfo.InvariantCulture);

    /// <summary>Each worker runs one step of its announcement: the next step follows as soon as it ends.</summary>
    protected override bool LooksAgainAfterEachWorker => true;

    protected override async Task ProcessAsync(IReadOnlyList<long> items, CancellationToken stoppingToken)
    {
        foreach (var id in items)
        {
            try
            {
                var step = await StepAsync(id, stoppingToken);
                // The loop asks again as soon as this worker ends; pause first when there was nothing to do.
                if (step != Step.Progress)
                {
                    await Task.Delay(step == Step.Idle ? _options.FeedInterval : _options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogStepFailed(Logger, ex, id);
                await Task.Delay(_options.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<Step> StepAsync(long id, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);
        // The process's write turn first (see Db.TakeWriteTurnAsync): the step's transaction never meets the other
        // writers in SQLite's busy handler.
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        // BEGIN IMMEDIATE: the step reads the status under the write lock, so a cancel commits before or after it,
        // never in the middle.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var broadcast = await BroadcastStore.FindAsync(connection, transaction, id);
        if (broadcast is null)
        {
            return Step.Waiting;
        }

        var unitIds = (await BroadcastStore.UnitsAsync(connection, transaction, id)).Select(u => u.Id).ToList();
        if (broadcast.Status == BroadcastStatus.Scheduled)
        {
            if (broadcast.ScheduledAt > now)
            {
                return Step.Waiting;
            }

            var estimate = await Audience.PreviewAsync(connection, transaction, broadcast.Audience, unitIds, broadcast.Urgent, now);
            await BroadcastStore.StartAsync(connection, transaction, id, estimate.Recipients, now);
            await BroadcastStore.AddEventAsync(connection, transaction, id, "started", SystemActor, now,
                $"Bắt đầu gửi: dự kiến {estimate.Recipients} người nhận.");
            LogStarted(Logger, id, estimate.Recipients);
            broadcast = (await BroadcastStore.FindAsync(connection, transaction, id))!;
        }

        if (broadcast.Status != BroadcastStatus.Sending)
        {
            return Step.Waiting;
        }

        var progress = false;
        var expanded = broadcast.ExpandedAt is not null;
        if (!expanded)
        {
            var page = await Audience.PageAsync(connection, transaction, broadcast.Audience, unitIds, broadcast.ExpandCursor, _options.ExpandPageSize);
            expanded = page.Count < _options.ExpandPageSize;
            await BroadcastStore.AddRecipientsAsync(connection, transaction, id, page, expanded, page.Count > 0 ? page[^1].Cursor : broadcast.ExpandCursor, now);
            progress = true;
        }

        if (QuietHours.HeldUntil(broadcast.Audience, broadcast.Urgent, now) is { } heldUntil)
        {
            // Messages still in the outbox at 22:00 go back to waiting: none reaches a resident at night.
            var withdrawn = await BroadcastStore.WithdrawPendingAsync(connection, transaction, id, "waiting", now);
            if (broadcast.HeldUntil != heldUntil)
            {
                await BroadcastStore.SetHeldUntilAsync(connection, transaction, id, heldUntil);
                await BroadcastStore.AddEventAsync(connection, transaction, id, "held", SystemActor, now,
                    $"Tạm dừng: không gửi cho người dân từ 22:00 đến 06:00; gửi tiếp lúc {heldUntil.ToOffset(Teams.VietnamTime.Offset):HH:mm dd/MM/yyyy}.");
                LogHeld(Logger, id, withdrawn, heldUntil);
            }

            await transaction.CommitAsync(cancellationToken);
            return progress ? Step.Progress : Step.Waiting;
        }

        if (broadcast.HeldUntil is not null)
        {
            await BroadcastStore.SetHeldUntilAsync(connection, transaction, id, null);
            await BroadcastStore.AddEventAsync(connection, transaction, id, "resumed", SystemActor, now, "Hết giờ nghỉ đêm, gửi tiếp.");
        }

        var givenUp = await BroadcastStore.GiveUpWaitingAsync(
            connection, transaction, id, now - _options.DeliveryHorizon, OutboxStore.TooLateReason(_options.DeliveryHorizon));
        if (givenUp > 0)
        {
            LogGivenUp(Logger, id, givenUp);
        }

        var inFlight = await BroadcastStore.CountInFlightAsync(connection, transaction, id);
        var (queued, skipped) = inFlight < _options.OutboxWindow
            ? await BroadcastStore.FeedAsync(connection, transaction, broadcast, (int)(_options.OutboxWindow - inFlight), now)
            : (0, 0);
        progress |= queued + skipped > 0;

        if (expanded && queued + skipped == 0 && inFlight == 0 && !await BroadcastStore.HasWaitingAsync(connection, transaction, id))
        {
            await BroadcastStore.CompleteAsync(connection, transaction, id, now);
            await BroadcastStore.AddEventAsync(connection, transaction, id, "completed", SystemActor, now, "Đã gửi xong.");
            LogCompleted(Logger, id);
        }

        await transaction.CommitAsync(cancellationToken);
        if (queued > 0)
        {
            outboxSignal.Notify(OutboxLane.Announcements);
        }

        return progress ? Step.Progress : Step.Idle;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} started for about {Recipients} recipients")]
    private static partial void LogStarted(ILogger logger, long broadcastId, long recipients);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} held for the night until {HeldUntil}; {Withdrawn} queued messages taken back")]
    private static partial void LogHeld(ILogger logger, long broadcastId, int withdrawn, DateTimeOffset heldUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broadcast {BroadcastId}: {Count} messages failed, Zalo unreachable for the whole delivery horizon")]
    private static partial void LogGivenUp(ILogger logger, long broadcastId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} completed")]
    private static partial void LogCompleted(ILogger logger, long broadcastId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Broadcast {BroadcastId}: a step failed; it is tried again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, long broadcastId);
}
