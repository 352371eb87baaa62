using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using ZaloBot.BotPlatform;
using ZaloBot.Zalo;

namespace ZaloBot.Bench;

/// <summary>Result of a closed-loop run: what the endpoint acknowledged per second while every connection was kept busy.</summary>
internal sealed record ClosedLoopResult(int Connections, TimeSpan Duration, long Acknowledged, long Errors, double Rate, bool PoolExhausted, long AcknowledgedWithWarmup);

/// <summary>Result of an open-loop run at a fixed offered rate. Latency is measured from each request's scheduled time.</summary>
/// <param name="Lateness">How late the generator itself sent each request after its scheduled time: when this is large, the
/// generator (not the server) was short of CPU, and the latency figures include its delay.</param>
internal sealed record OpenLoopResult(
    double OfferedRate, int Scheduled, long Acknowledged, long Errors, double AchievedRate, LatencySummary Latency, LatencySummary Lateness, long[] ScheduledAt);

/// <summary>The webhook posters: closed loop (maximum rate), open loop (latency at a fixed rate), and retry-until-acknowledged.</summary>
internal static class LoadGenerator
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static HttpClient NewClient(Uri baseUrl, int maxConnections, TimeSpan timeout) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    })
    {
        BaseAddress = baseUrl,
        Timeout = timeout,
        DefaultRequestVersion = HttpVersion.Version11,
    };

    public static HttpRequestMessage Request(WebhookEvent webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var content = new ByteArrayContent(webhook.Body);
        content.Headers.ContentType = Json;
        var path = webhook.ToBot ? BotWebhookEndpoints.Path : WebhookFactory.Path;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.TryAddWithoutValidation(webhook.ToBot ? BotWebhookEndpoints.SecretHeader : WebhookSignature.HeaderName, webhook.Signature);
        return request;
    }

    /// <summary>
    /// <paramref name="connections"/> loops each post the next event as soon as the previous answer arrived, for
    /// <paramref name="warmup"/> (not counted) and then <paramref name="duration"/>. With <paramref name="recycle"/> the pool is
    /// reused from its start when it runs out (fine for the no-op endpoint); otherwise the run stops early and says so.
    /// </summary>
    public static async Task<ClosedLoopResult> ClosedLoopAsync(
        Uri baseUrl, IReadOnlyList<WebhookEvent> pool, bool recycle, int connections, TimeSpan warmup, TimeSpan duration)
    {
        using var client = NewClient(baseUrl, connections, TimeSpan.FromSeconds(10));
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(warmup);
        var stopAt = measureFrom + Ticks(duration);
        long next = -1;
        long acknowledged = 0;
        long errors = 0;
        long all = 0;
        var exhausted = 0;

        async Task LoopAsync()
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= pool.Count)
                {
                    if (!recycle)
                    {
                        Volatile.Write(ref exhausted, 1);
                        return;
                    }

                    index %= pool.Count;
                }

                var ok = await TryPostAsync(client, pool[(int)index]);
                var done = Stopwatch.GetTimestamp();
                if (ok)
                {
                    Interlocked.Increment(ref all);
                }

                if (done >= measureFrom && done < stopAt)
                {
                    Interlocked.Increment(ref ok ? ref acknowledged : ref errors);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(LoopAsync)));
        return new ClosedLoopResult(connections, duration, acknowledged, errors, acknowledged / duration.TotalSeconds, exhausted == 1, all);
    }

    /// <summary>
    /// Posts <paramref name="count"/> events from <paramref name="events"/> at <paramref name="rate"/> per second, each at
    /// its scheduled time whether or not earlier ones were answered (no coordinated omission): a late answer, or one
    /// that waited for a free connection, counts from when it should have been sent.
    /// </summary>
    public static async Task<OpenLoopResult> OpenLoopAsync(
        Uri baseUrl, IReadOnlyList<WebhookEvent> events, int count, double rate, int maxConnections, TimeSpan drainTimeout)
    {
        ArgumentNullException.ThrowIfNull(events);
        count = Math.Min(count, events.Count);
        using var client = NewClient(baseUrl, maxConnections, TimeSpan.FromSeconds(30));
        var latency = new LatencyRecorder(count);
        var lateness = new LatencyRecorder(count);
        var scheduledAt = new long[count];
        var tasks = new List<Task>(count);
        long acknowledged = 0;
        long errors = 0;
        long lastDone = 0;
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Ticks(TimeSpan.FromMilliseconds(5));

        async Task SendAsync(int index)
        {
            lateness.Add(LatencyRecorder.Milliseconds(scheduledAt[index], Stopwatch.GetTimestamp()));
            var ok = await TryPostAsync(client, events[index]);
            var done = Stopwatch.GetTimestamp();
            Atomic.Max(ref lastDone, done);
            if (ok)
            {
                Interlocked.Increment(ref acknowledged);
                latency.Add(LatencyRecorder.Milliseconds(scheduledAt[index], done));
            }
            else
            {
                Interlocked.Increment(ref errors);
            }
        }

        for (var i = 0; i < count;)
        {
            var now = Stopwatch.GetTimestamp();
            while (i < count && start + (long)(i * interval) <= now)
            {
                scheduledAt[i] = start + (long)(i * interval);
                tasks.Add(SendAsync(i));
                i++;
            }

            if (i < count)
            {
                // The timer ticks about every millisecond; events due in between go out together at the next tick.
                await Task.Delay(1);
            }
        }

        var all = Task.WhenAll(tasks);
        await Task.WhenAny(all, Task.Delay(drainTimeout));
        var elapsed = LatencyRecorder.Milliseconds(start, Math.Max(Interlocked.Read(ref lastDone), start + 1)) / 1000.0;
        var unanswered = count - Interlocked.Read(ref acknowledged) - Interlocked.Read(ref errors);
        return new OpenLoopResult(rate, count, acknowledged, errors + unanswered, acknowledged / elapsed, latency.Summarize(), lateness.Summarize(), scheduledAt);
    }

    /// <summary>One post; true when the endpoint acknowledged it with 200.</summary>
    public static async Task<bool> TryPostAsync(HttpClient client, WebhookEvent webhook)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            using var request = Request(webhook);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
