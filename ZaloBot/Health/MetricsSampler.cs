using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using ZaloBot.Broadcasts;
using ZaloBot.Messaging;
using ZaloBot.Monitoring;
using ZaloBot.Storage;
using ZaloBot.Zalo;

namespace ZaloBot.Health;

/// <summary>
/// Reads the gauges' values from the database every <see cref="MonitoringOptions.SampleInterval"/> and hands them to
/// <see cref="ZaloBotMetrics"/>. Reads only: it never takes the write turn, and each count comes from a partial index.
/// </summary>
public sealed partial class MetricsSampler(
    Db db, ZaloBotMetrics metrics, TokenHealth tokenHealth, TimeProvider clock, IOptions<MonitoringOptions> options, ILogger<MetricsSampler> logger)
    : PeriodicService(options.Value.SampleInterval, clock)
{
    // The gauges keep their last values when a round fails.
    protected override async Task RunRoundAsync(CancellationToken stoppingToken) => metrics.Publish(await SampleAsync(stoppingToken));

    public async Task<MetricsSnapshot> SampleAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<Counts>(new CommandDefinition("""
            SELECT
              (SELECT COUNT(*) FROM inbox_events WHERE status = 'pending') AS Backlog,
              (SELECT received_at FROM inbox_events WHERE status = 'pending' ORDER BY id LIMIT 1) AS OldestReceivedAt,
              (SELECT COUNT(*) FROM inbox_events WHERE status = 'dead') AS Dead,
              (SELECT COUNT(*) FROM outbox_messages WHERE status = 'pending' AND priority < @Bulk) AS RepliesPending,
              (SELECT COUNT(*) FROM outbox_messages WHERE status = 'pending' AND priority >= @Bulk) AS AnnouncementsPending,
              (SELECT expires_at FROM zalo_tokens WHERE id = 1) AS TokenExpiresAt
            """, new { Bulk = OutboxPriority.Broadcast }, cancellationToken: cancellationToken));
        var failed = await connection.QueryAsync<(long? Code, long Count)>(new CommandDefinition(
            "SELECT error_code, COUNT(*) FROM outbox_messages WHERE status = 'failed' GROUP BY error_code",
            cancellationToken: cancellationToken));
        var announcements = await connection.QueryAsync<(long Id, string State, long Count)>(new CommandDefinition($"""
            SELECT r.broadcast_id, {RecipientStates.Expression} AS state, COUNT(*)
            FROM broadcasts b JOIN broadcast_recipients r ON r.broadcast_id = b.id LEFT JOIN outbox_messages o ON o.id = r.outbox_id
            WHERE b.status = 'sending'
            GROUP BY r.broadcast_id, state
            """, cancellationToken: cancellationToken));

        return new MetricsSnapshot(
            counts.Backlog,
            counts.OldestReceivedAt is { } oldest ? Math.Max(0, now - oldest) / 1000.0 : 0,
            counts.Dead,
            [new TaggedCount("replies", counts.RepliesPending), new TaggedCount("announcements", counts.AnnouncementsPending)],
            failed.Select(f => new TaggedCount(f.Code?.ToString(CultureInfo.InvariantCulture) ?? "none", f.Count)).ToList(),
            counts.TokenExpiresAt is { } expiresAt ? (expiresAt - now) / 1000.0 : null,
            tokenHealth.IsDegraded,
            announcements.Select(a => new AnnouncementCount(a.Id, a.State, a.Count)).ToList());
    }

    private sealed record Counts(long Backlog, long? OldestReceivedAt, long Dead, long RepliesPending, long AnnouncementsPending, long? TokenExpiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the metrics from the database failed; the gauges keep their last values")]
    protected override partial void LogRoundFailed(Exception exception);
}
