namespace ZaloBot.Messaging;

/// <summary>The <c>Messaging</c> configuration section: webhook limits and the dispatcher's pace.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Largest webhook body accepted; a larger one gets 413.</summary>
    public int MaxWebhookBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a handled event's key is kept to recognise Zalo's resends. A webhook whose <c>timestamp</c> is older
    /// than this is answered "stale" and not stored, since its key may be gone.
    /// </summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Longest a dead-letter keeps its body (for a replay) before it is deleted.</summary>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Longest a sent message keeps its text. Reports need only its status and times; a message that failed keeps
    /// its text as long, for a retry.
    /// </summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often expired rows are cleared or deleted, in small batches.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most messages one reply is split into (Zalo takes 2,000 characters each); a longer reply is cut, ending with
    /// "…", so one event can never cost many sends.
    /// </summary>
    public int MaxReplyParts { get; set; } = 4;

    /// <summary>How many events the dispatcher reads per round.</summary>
    public int DispatcherBatchSize { get; set; } = 200;

    /// <summary>
    /// How long the dispatcher keeps handling events in one write transaction before it commits them; webhooks
    /// storing new events wait for that commit, so this bounds what the dispatcher adds to their answer.
    /// </summary>
    public TimeSpan DispatcherMaxTurn { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How often the dispatcher looks for due events when nothing wakes it.</summary>
    public TimeSpan DispatcherPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts before a failing event is parked as dead-letter.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; it doubles with each failed attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Readiness turns unhealthy when more events than this wait.</summary>
    public int ReadyMaxBacklog { get; set; } = 5000;

    /// <summary>Readiness turns degraded when more dead-letters than this are parked.</summary>
    public int ReadyMaxDeadLetters { get; set; } = 100;

    /// <summary>
    /// How many recipients the reply lane of the outbox sender sends to at once, one message each (Zalo's rate limit
    /// still applies). At a 300 ms round trip to Zalo, 4 keep up with the default limit of 10 sends a second. A crash
    /// can send again at most this many replies (the ones in flight).
    /// </summary>
    public int SenderParallelism { get; set; } = 4;

    /// <summary>How many recipients the announcement lane sends to at once (at most that many duplicates per crash).</summary>
    public int AnnouncementSenderParallelism { get; set; } = 4;

    /// <summary>How many outbox rows each lane of the sender reads per round.</summary>
    public int SenderBatchSize { get; set; } = 200;

    /// <summary>
    /// On shutdown, sends already under way get this long to finish, so a stop does not leave them "sending" (which
    /// would resend them, possibly twice, at the next start).
    /// </summary>
    public TimeSpan SenderStopGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the sender looks for due rows when nothing wakes it.</summary>
    public TimeSpan SenderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First delay before resending after a passing failure (5xx, timeout, no connection); it doubles with each attempt.</summary>
    public TimeSpan SendRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The doubling delay between resends stops growing here, so sending resumes soon after Zalo is back.</summary>
    public TimeSpan SendRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A reply that could not be sent within this time after it was written (a Zalo outage, the app down) is not sent
    /// late: it is marked expired, and the resident gets an apology with the menu when they next write.
    /// </summary>
    public TimeSpan ReplyMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The dispatcher counts as stalled when its last round is older than this.</summary>
    public TimeSpan DispatcherStallAfter { get; set; } = TimeSpan.FromSeconds(30);
}
