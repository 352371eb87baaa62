namespace ZaloBot.Health;

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Metrics";

    /// <summary>How often the gauges (backlogs, dead-letters, failures, token expiry, announcements) are read from the database.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}
