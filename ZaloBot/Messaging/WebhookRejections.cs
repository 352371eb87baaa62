namespace ZaloBot.Messaging;

/// <summary>
/// Counts rejected webhooks by reason and logs them, one line per rejection but at most
/// <see cref="MaxLinesPerWindow"/> lines a minute: anyone can post junk to the webhook, and the log must not become
/// their way to fill a disk or bury real warnings. The first line after a flood says how many were left out.
/// </summary>
public sealed partial class WebhookRejections(Monitoring.ZaloBotMetrics metrics, TimeProvider clock, ILogger<WebhookRejections> logger)
{
    public const int MaxLinesPerWindow = 10;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _lines;
    private long _leftOut;

    /// <summary>Counts one rejection (<paramref name="reason"/> is the metric's tag) and logs it unless the minute's lines are used up.</summary>
    public void Record(string reason, string detail, string? remoteIp)
    {
        metrics.WebhookRejected(reason);
        long leftOut;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _lines = 0;
            }

            if (_lines >= MaxLinesPerWindow)
            {
                _leftOut++;
                return;
            }

            _lines++;
            leftOut = _leftOut;
            _leftOut = 0;
        }

        if (leftOut == 0)
        {
            LogRejected(logger, remoteIp, detail);
        }
        else
        {
            LogRejectedAfterFlood(logger, remoteIp, detail, leftOut);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a webhook from {RemoteIp}: {Detail}")]
    private static partial void LogRejected(ILogger logger, string? remoteIp, string detail);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Rejected a webhook from {RemoteIp}: {Detail} ({LeftOut} rejections before this one were not logged)")]
    private static partial void LogRejectedAfterFlood(ILogger logger, string? remoteIp, string detail, long leftOut);
}
