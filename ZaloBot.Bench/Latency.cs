using System.Diagnostics;

namespace ZaloBot.Bench;

/// <summary>Latency samples in milliseconds, kept whole (a run holds at most a few tens of thousands).</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly double[] _samples = new double[Math.Max(capacity, 1)];
    private int _count;

    public void Add(double milliseconds)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length)
        {
            _samples[index] = milliseconds;
        }
    }

    public static double Milliseconds(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1000.0 / Stopwatch.Frequency;

    public LatencySummary Summarize()
    {
        var count = Math.Min(Volatile.Read(ref _count), _samples.Length);
        var sorted = _samples[..count];
        Array.Sort(sorted);
        return LatencySummary.Of(sorted);
    }
}

/// <summary>Nearest-rank percentiles of a run, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double Mean, double P50, double P90, double P99, double P999, double Max, double P95 = double.NaN)
{
    public static LatencySummary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public static LatencySummary Of(double[] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0
            ? Empty
            : new LatencySummary(
                sorted.Length, sorted.Average(), Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), Rank(sorted, 0.999), sorted[^1], Rank(sorted, 0.95));
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
