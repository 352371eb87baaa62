using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// Delivers one lane's outbox rows to Zalo (see <see cref="OutboxLane"/>; the app runs one sender per lane): pending →
/// sending → sent (with Zalo's message id), or failed with Zalo's code and a readable reason. Passing failures back
/// off and retry; permanent ones (out of the 7-day window, blocked, bad payload) never retry. Each recipient's
/// messages go in order; different recipients in parallel, up to the lane's parallelism.
/// </summary>
public sealed partial class OutboxSender(
    OutboxLane lane,
    OutboxStore outbox,
    IZaloClient zalo,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<MessagingOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<OutboxSender> logger)
    : KeyedBackgroundWorker<OutboxMessage>(
        signal.Of(lane),
        lane == OutboxLane.Replies ? options.Value.SenderParallelism : options.Value.AnnouncementSenderParallelism,
        options.Value.SenderPollInterval,
        clock,
        logger)
{
    private readonly MessagingOptions _options = options.Value;

    /// <summary>
    /// Sends only while the whole app runs. In Sandbox mode Zalo (the emulator) is this app's own web server, which
    /// binds its port after the hosted services start and stops before they stop: sends outside that time would be
    /// refused, open the circuit breaker and use up their attempts. So the sender starts once the app has started
    /// and stops taking rows as soon as it begins to stop; sends under way get
    /// <see cref="MessagingOptions.SenderStopGrace"/>. Live mode loses nothing by it.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stopping.Token.Register(() => started.TrySetCanceled(stopping.Token)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await base.ExecuteAsync(stopping.Token);
    }

    /// <summary>Rows left "sending" by a crash may not have reached Zalo: send them again.</summary>
    protected override async Task BeforeStartAsync(CancellationToken stoppingToken)
    {
        var requeued = await outbox.RequeueInterruptedAsync(lane, stoppingToken);
        if (requeued > 0)
        {
            LogRequeued(Logger, requeued, lane);
        }
    }

    protected override Task<IReadOnlyList<OutboxMessage>> FetchDueAsync(CancellationToken cancellationToken) =>
        outbox.GetDueAsync(lane, _options.SenderBatchSize, cancellationToken);

    protected override string KeyOf(OutboxMessage item) => item.RecipientKey;

    protected override int FetchLimit => _options.SenderBatchSize;

    protected override async Task ProcessAsync(IReadOnlyList<OutboxMessage> items, CancellationToken stoppingToken)
    {
        foreach (var row in items)
        {
            if (stoppingToken.IsCancellationRequested || !await outbox.ClaimAsync(row.Id, urgent: lane == OutboxLane.Replies, stoppingToken))
            {
                return;
            }

            // A row waiting for its retry holds back the recipient's later rows, so they arrive in order.
            if (!await SendAsync(row, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>Sends one claimed row; false when it must be retried later.</summary>
    private async Task<bool> SendAsync(OutboxMessage row, CancellationToken stoppingToken)
    {
        // A stop lets a send under way finish (within the grace period) rather than cutting it off after Zalo may
        // have shown the message: a row cut off stays "sending" and is sent again at the next start.
        using var sending = new CancellationTokenSource();
        await using var stopping = stoppingToken.Register(() => sending.CancelAfter(_options.SenderStopGrace));
        try
        {
            var message = row.Message;
            // Announcement sends also give way to replies at the send rate limit, which both lanes share.
            var priority = lane == OutboxLane.Announcements ? ZaloSendPriority.Bulk : ZaloSendPriority.Urgent;
            var messageId = row.ReplyChannel == ReplyChannel.Group
                ? await zalo.SendGroupMessageAsync(new GroupMessageRequest(row.RecipientId, message), priority, sending.Token)
                : await zalo.SendCustomerServiceAsync(new CsMessageRequest(row.RecipientId, message), priority, sending.Token);
            await outbox.MarkSentAsync(row.Id, messageId);
            return true;
        }
        catch (OperationCanceledException) when (sending.IsCancellationRequested)
        {
            // Left "sending": the next start sends it again.
            return false;
        }
        catch (ZaloApiException ex) when (ex.IsPermanent)
        {
            LogFailed(Logger, row.Id, row.Channel, ex.Code, ex.Reason);
            await outbox.MarkFailedAsync(row.Id, ex.Code, ex.Reason);
            return true;
        }
        catch (Exception ex) when (ex is ZaloApiException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            var code = (ex as ZaloApiException)?.Code;
            var reason = (ex as ZaloApiException)?.Reason ?? "Không kết nối được tới Zalo";
            if (row.Attempts + 1 >= _options.MaxSendAttempts)
            {
                LogFailed(Logger, row.Id, row.Channel, code, reason);
                await outbox.MarkFailedAsync(row.Id, code, $"{reason} (đã thử {row.Attempts + 1} lần)");
                return true;
            }

            var delay = _options.SendRetryBaseDelay * Math.Pow(2, Math.Min(row.Attempts, 10));
            LogRetry(Logger, row.Id, code, delay);
            await outbox.ScheduleRetryAsync(row.Id, code, reason, delay);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {OutboxId} to a {Channel} failed for good: Zalo code {Code}, {Reason}")]
    private static partial void LogFailed(ILogger logger, long outboxId, string channel, int? code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {OutboxId} will be retried in {Delay} (Zalo code {Code})")]
    private static partial void LogRetry(ILogger logger, long outboxId, int? code, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Requeued {Count} outbox rows ({Lane}) left sending by the last run")]
    private static partial void LogRequeued(ILogger logger, int count, OutboxLane lane);
}
