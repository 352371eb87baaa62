using System.Diagnostics.Metrics;

namespace ZaloBot.Monitoring;

/// <summary>
/// The app's instruments, on the meter <see cref="MeterName"/>. Counters and the send histogram are recorded where
/// things happen; the gauges report the last <see cref="MetricsSnapshot"/> that the sampler (Health) read
/// from the database, so a scrape never waits on SQLite.
/// </summary>
public sealed class ZaloBotMetrics
{
    public const string MeterName = "ZaloBot";

    private readonly Counter<long> _webhookRejected;
    private readonly Histogram<double> _sendDuration;
    private volatile MetricsSnapshot? _snapshot;

    public ZaloBotMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _webhookRejected = meter.CreateCounter<long>("zalobot.webhook.rejected", "{request}",
            "Webhook requests refused, by reason (invalid_signature, body_too_large, body_not_json, bad_timestamp, stale).");
        _sendDuration = meter.CreateHistogram<double>("zalobot.zalo.send.duration", "s",
            "Time a message send to Zalo took (rate limit, retries and token refresh included), by via (zalo_oa, zalo_bot), channel (user, group) and outcome (ok or Zalo's code).");

        meter.CreateObservableGauge("zalobot.inbox.backlog", () => Gauge(s => s.InboxBacklog), "{event}",
            "Webhook events stored and waiting to be handled.");
        meter.CreateObservableGauge("zalobot.inbox.oldest_age", () => Gauge(s => s.InboxOldestAgeSeconds), "s",
            "Age of the oldest event waiting to be handled (0 when none waits).");
        meter.CreateObservableGauge("zalobot.inbox.dead_letters", () => Gauge(s => s.DeadLetters), "{event}",
            "Events parked as dead-letters after failing every attempt.");
        meter.CreateObservableGauge("zalobot.outbox.pending", () => Tagged(s => s.OutboxPending, "lane"), "{message}",
            "Messages waiting to be sent to Zalo, by lane (replies, announcements).");
        meter.CreateObservableGauge("zalobot.outbox.failed", () => Tagged(s => s.OutboxFailed, "zalo_code"), "{message}",
            "Messages Zalo refused for good, by Zalo's error code.");
        meter.CreateObservableGauge("zalobot.zalo.token.expires_in", () => Gauge(s => s.TokenExpiresInSeconds), "s",
            "Time until the stored OA access token expires (negative once it has).");
        meter.CreateObservableGauge("zalobot.zalo.token.refresh_failing", () => Gauge(s => s.TokenRefreshFailing ? 1 : 0), "1",
            "1 while the last access-token refresh failed, else 0.");
        meter.CreateObservableGauge("zalobot.announcement.recipients", AnnouncementRecipients, "{recipient}",
            "Recipients of each announcement being sent, by state (queued, sent, delivered, seen, skipped, failed, cancelled).");
    }

    /// <summary>Counts one refused webhook.</summary>
    public void WebhookRejected(string reason) => _webhookRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>
    /// Records how long one send to Zalo took through <paramref name="via"/> (the OA or the bot) to a
    /// <paramref name="channel"/> (user or group); <paramref name="outcome"/> is "ok" or Zalo's error code.
    /// </summary>
    public void SendTook(string via, string channel, string outcome, TimeSpan took) =>
        _sendDuration.Record(took.TotalSeconds,
            new KeyValuePair<string, object?>("via", via), new KeyValuePair<string, object?>("channel", channel),
            new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Replaces what the gauges report.</summary>
    internal void Publish(MetricsSnapshot snapshot) => _snapshot = snapshot;

    private IEnumerable<Measurement<double>> Gauge(Func<MetricsSnapshot, double?> read) =>
        _snapshot is { } snapshot && read(snapshot) is { } value ? [new Measurement<double>(value)] : [];

    private IEnumerable<Measurement<long>> Tagged(Func<MetricsSnapshot, IReadOnlyList<TaggedCount>> read, string tag) =>
        _snapshot is { } snapshot
            ? read(snapshot).Select(c => new Measurement<long>(c.Count, new KeyValuePair<string, object?>(tag, c.Tag)))
            : [];

    private IEnumerable<Measurement<long>> AnnouncementRecipients() =>
        _snapshot is { } snapshot
            ? snapshot.Announcements.Select(a => new Measurement<long>(a.Count,
                new KeyValuePair<string, object?>("announcement", a.AnnouncementId), new KeyValuePair<string, object?>("state", a.State)))
            : [];
}

/// <summary>What the gauges report, read at one moment.</summary>
public sealed record MetricsSnapshot(
    long InboxBacklog,
    double InboxOldestAgeSeconds,
    long DeadLetters,
    IReadOnlyList<TaggedCount> OutboxPending,
    IReadOnlyList<TaggedCount> OutboxFailed,
    double? TokenExpiresInSeconds,
    bool TokenRefreshFailing,
    IReadOnlyList<AnnouncementCount> Announcements);

/// <summary>A count under one tag value.</summary>
public sealed record TaggedCount(string Tag, long Count);

/// <summary>How many recipients of one announcement are in one state.</summary>
public sealed record AnnouncementCount(long AnnouncementId, string State, long Count);
