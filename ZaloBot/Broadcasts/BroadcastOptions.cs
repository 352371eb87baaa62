namespace ZaloBot.Broadcasts;

/// <summary>The <c>Broadcasts</c> configuration section: how announcements are expanded and fed to the outbox.</summary>
public sealed class BroadcastOptions
{
    public const string Section = "Broadcasts";

    /// <summary>Audience rows read and stored per step; the audience is never held in memory whole.</summary>
    public int ExpandPageSize { get; set; } = 500;

    /// <summary>
    /// At most this many of one announcement's messages sit in the outbox at a time; the rest wait in
    /// <c>broadcast_recipients</c>, so a cancel or the night hold has little to take back.
    /// </summary>
    public int OutboxWindow { get; set; } = 200;

    /// <summary>Announcements worked on at once.</summary>
    public int Parallelism { get; set; } = 2;

    /// <summary>How often the runner looks for announcements that became due (scheduled time, end of the night).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a sending announcement waits before topping the outbox up again when it had nothing to do.</summary>
    public TimeSpan FeedInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long an announcement message keeps trying to reach Zalo through an outage before it counts as failed
    /// (a reply gives up much sooner: <c>Messaging__ReplyMaxAge</c>).
    /// </summary>
    public TimeSpan DeliveryHorizon { get; set; } = TimeSpan.FromHours(24);

    public bool IsValid =>
        DeliveryHorizon > TimeSpan.Zero && ExpandPageSize > 0 && OutboxWindow > 0 && Parallelism > 0 && PollInterval > TimeSpan.Zero && FeedInterval > TimeSpan.Zero;
}
