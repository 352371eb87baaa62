using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>
/// Delivers one lane's outbox rows to Zalo (see <see cref="OutboxLane"/>; the app runs one sender per lane): pending →
/// sending → sent (with Zalo's message id), or failed with Zalo's code and a readable reason. Permanent failures (out
/// of the 7-day window, blocked, bad payload) never retry. Passing ones (5xx, timeouts, no connection) retry with
/// doubling delays up to <see cref="MessagingOptions.SendRetryMaxDelay"/> for as long as the message is worth
/// sending: time decides, not a count of attempts. A reply older than <see cref="MessagingOptions.ReplyMaxAge"/> is
/// not sent late but marked expired; announcement messages are given up by their announcement (see
/// <c>Broadcasts__DeliveryHorizon</c>). While a channel's circuit breaker is open the sender pauses that channel's
/// messages (see <see cref="SendPauses"/>). Each recipient's messages go in order; different recipients in parallel,
/// up to the lane's parallelism, each with at most one message in flight.
/// </summary>
public sealed partial class OutboxSender(
    OutboxLane lane,
    OutboxStore outbox,
    ChannelAdapters channels,
    OutboxSignal signal,
    SendPauses pauses,
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

    /// <summary>Rows a round claimed for the workers it started (see <see cref="BeginAsync"/>), until each worker takes its own.</summary>
    private readonly ConcurrentDictionary<long, bool> _claimedInRound = new();

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

    /// <summary>
    /// The rows due now. While sending is paused: none, or the one that goes as the trial; the reply lane also takes
    /// the replies that have waited too long, to mark them expired as their time runs out rather than after the outage.
    /// </summary>
    protected override async Task<IReadOnlyList<OutboxMessage>> FetchDueAsync(CancellationToken cancellationToken)
    {
        var allowance = pauses.All.ToDictionary(p => p.Channel.Code(), p => p.Pause.Allowance(lane, _options.SenderBatchSize));
        // A paused channel's rows are left out of the read, so they never crowd out another channel's.
        var held = pauses.All.Where(p => allowance[p.Channel.Code()] == 0).Select(p => p.Channel).ToList();
        if (lane == OutboxLane.Announcements)
        {
            return held.Count == allowance.Count
                ? []
                : Within(await outbox.GetDueAsync(lane, _options.SenderBatchSize, cancellationToken, held), allowance, _ => false);
        }

        var due = await outbox.GetDueAsync(lane, _options.SenderBatchSize, cancellationToken, held);
        var now = Clock.GetUtcNow();
        foreach (var (channel, pause) in pauses.All.Where(p => !held.Contains(p.Channel)))
        {
            pause.RepliesLooked(due.Any(row => row.ViaChannel == channel && ReplyDeadline(row) > now));
        }

        if (held.Count > 0)
        {
            // A held channel's replies still expire as their time runs out; the oldest come first.
            var expiring = await outbox.GetDueAsync(lane, _options.SenderBatchSize, cancellationToken);
            due = [.. due, .. expiring.Where(row => held.Contains(row.ViaChannel) && ReplyDeadline(row) <= now)];
        }

        return Within(due, allowance, row => ReplyDeadline(row) <= now);
    }

    /// <summary>
    /// In the fetched order, which keeps each recipient's rows in order: up to each channel's allowance of rows to send
    /// (all it wants, or its one trial while paused), and every row that is only <paramref name="expiring"/>.
    /// </summary>
    private static List<OutboxMessage> Within(IReadOnlyList<OutboxMessage> due, Dictionary<string, int> allowance, Func<OutboxMessage, bool> expiring)
    {
        var left = new Dictionary<string, int>(allowance);
        return [.. due.Where(row => expiring(row) || left[row.Via]-- > 0)];
    }

    protected override string KeyOf(OutboxMessage item) => item.RecipientKey;

    protected override int FetchLimit => _options.SenderBatchSize;

    /// <summary>Up to its first wait a worker claims its row and hands the request to the socket.</summary>
    protected override bool StartsWorkersOnRoundThread => true;

    /// <summary>
    /// Claims the first row of each recipient the round starts a worker for, all in one transaction; a reply past its
    /// deadline is left pending, for its worker to mark expired. A row another sender claimed first starts no worker.
    /// </summary>
    protected override async Task<IReadOnlyList<OutboxMessage>> BeginAsync(IReadOnlyList<OutboxMessage> firsts, CancellationToken stoppingToken)
    {
        var now = Clock.GetUtcNow();
        var toClaim = firsts.Where(row => !IsTooLate(row, now)).Select(row => row.Id).ToList();
        var claimed = toClaim.Count == 0 ? new HashSet<long>() : await outbox.ClaimAsync(toClaim, urgent: lane == OutboxLane.Replies, stoppingToken);
        foreach (var id in claimed)
        {
            _claimedInRound[id] = true;
        }

        return [.. firsts.Where(row => claimed.Contains(row.Id) || IsTooLate(row, now))];
    }

    protected override async Task ProcessAsync(IReadOnlyList<OutboxMessage> items, CancellationToken stoppingToken)
    {
        foreach (var row in items)
        {
            var claimed = _claimedInRound.TryRemove(row.Id, out _);
            if (stoppingToken.IsCancellationRequested)
            {
                // A row claimed but not sent stays "sending": the next start sends it.
                return;
            }

            // Too late to be an answer: the resident is told at their next message instead (see OutboxStore.ExpireAsync).
            if (!claimed && IsTooLate(row, Clock.GetUtcNow()))
            {
                if (await outbox.ExpireAsync(row, OutboxStore.TooLateReason(_options.ReplyMaxAge)))
                {
                    LogExpired(Logger, row.Id, row.Channel);
                }

                continue;
            }

            var pause = pauses[row.ViaChannel];
            if (!pause.TryBeginSend())
            {
                if (claimed)
                {
                    // Sends paused since the round claimed it: it goes back as it was, for when they resume.
                    await outbox.ReleaseAsync(row.Id, ZaloErrorCodes.CircuitOpen, ZaloErrorCodes.Reason(ZaloErrorCodes.CircuitOpen));
                }

                return;
            }

            if (!claimed && !await outbox.ClaimAsync(row.Id, urgent: lane == OutboxLane.Replies, stoppingToken))
            {
                pause.TrialFailed();
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
        var pause = pauses[row.ViaChannel];
        using var sending = new CancellationTokenSource();
        await using var stopping = stoppingToken.Register(() => sending.CancelAfter(_options.SenderStopGrace));
        try
        {
            // Announcement sends also give way to replies at the send rate limit, which both lanes share.
            var priority = lane == OutboxLane.Announcements ? ZaloSendPriority.Bulk : ZaloSendPriority.Urgent;
            var messageId = await channels[row.ViaChannel].SendAsync(row, priority, sending.Token);
            await outbox.MarkSentAsync(row.Id, messageId, urgent: lane == OutboxLane.Replies);
            pause.Resume();
            return true;
        }
        catch (OperationCanceledException) when (sending.IsCancellationRequested)
        {
            // Left "sending": the next start sends it again.
            return false;
        }
        catch (ZaloApiException ex) when (ex.IsPermanent)
        {
            // Zalo answered, so it is up: a pause ends.
            pause.Resume();
            LogFailed(Logger, row.Id, row.Channel, ex.Code, ex.Reason);
            await outbox.MarkFailedAsync(row.Id, ex.Code, ex.Reason);
            return true;
        }
        catch (ZaloApiException ex) when (ex.Code == ZaloErrorCodes.CircuitOpen)
        {
            // Never reached Zalo: no attempt spent, and no lane sends until the circuit may close again.
            var retryAfter = ex.RetryAfter is { } after && after > TimeSpan.Zero ? after : _options.SendRetryBaseDelay;
            pause.Pause(retryAfter);
            LogPaused(Logger, lane, retryAfter);
            await outbox.ReleaseAsync(row.Id, ex.Code, ex.Reason);
            return false;
        }
        catch (Exception ex) when (ex is ZaloApiException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            pause.TrialFailed();
            var code = (ex as ZaloApiException)?.Code;
            var reason = (ex as ZaloApiException)?.Reason ?? "Không kết nối được tới Zalo";
            var doubled = _options.SendRetryBaseDelay.Ticks * Math.Pow(2, Math.Min(row.Attempts, 30));
            var delay = TimeSpan.FromTicks((long)Math.Min(doubled, _options.SendRetryMaxDelay.Ticks));
            var now = Clock.GetUtcNow();
            var retryAt = lane == OutboxLane.Replies && ReplyDeadline(row) < now + delay ? ReplyDeadline(row) : now + delay;
            var wait = retryAt - now;
            LogRetry(Logger, row.Id, code, wait);
            await outbox.ScheduleRetryAsync(row.Id, code, reason, retryAt);
            return false;
        }
    }

    /// <summary>A reply past its deadline, not to be sent late (announcement messages are given up by their announcement).</summary>
    private bool IsTooLate(OutboxMessage row, DateTimeOffset now) => lane == OutboxLane.Replies && ReplyDeadline(row) <= now;

    private DateTimeOffset ReplyDeadline(OutboxMessage row) => DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt) + _options.ReplyMaxAge;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {OutboxId} to a {Channel} failed for good: Zalo code {Code}, {Reason}")]
    private static partial void LogFailed(ILogger logger, long outboxId, string channel, int? code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {OutboxId} will be retried in {Delay} (Zalo code {Code})")]
    private static partial void LogRetry(ILogger logger, long outboxId, int? code, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {OutboxId} to a {Channel} expired before Zalo could take it; not sent late")]
    private static partial void LogExpired(ILogger logger, long outboxId, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zalo's circuit is open: the {Lane} lane pauses for {RetryAfter}")]
    private static partial void LogPaused(ILogger logger, OutboxLane lane, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Requeued {Count} outbox rows ({Lane}) left sending by the last run")]
    private static partial void LogRequeued(ILogger logger, int count, OutboxLane lane);
}
