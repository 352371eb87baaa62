using System.Diagnostics;
using System.Net;
using ZaloBot.Sandbox;

namespace ZaloBot.Bench;

/// <summary>What the crash test counted; replies are keyed per recipient from the emulator's own record.</summary>
internal sealed record CrashResult
{
    public required int ZaloLatencyMs { get; init; }
    public required int Posted { get; init; }
    public required int Distinct { get; init; }
    public required IReadOnlyDictionary<string, int> DistinctByKind { get; init; }
    public required long Acknowledged { get; init; }
    public required long AnsweredStored { get; init; }
    public required long AnsweredDuplicate { get; init; }
    public required long FailedAttempts { get; init; }
    public required long GaveUp { get; init; }
    public required int Kills { get; init; }

    /// <summary>Outbox rows left "sending" by the kills, summed: the messages in flight, which a restart sends again.</summary>
    public required long InFlightAtKills { get; init; }

    /// <summary>The reply lane's parallelism: no kill can leave more replies in flight.</summary>
    public required int ReplyParallelism { get; init; }
    public required double MaxDowntimeMs { get; init; }
    public required double MeanDowntimeMs { get; init; }
    public required IReadOnlyDictionary<string, long> Inbox { get; init; }
    public required IReadOnlyDictionary<string, long> Outbox { get; init; }
    public required long RepliesExpected { get; init; }
    public required long RepliesReceived { get; init; }
    public required long Missing { get; init; }
    public required long Duplicated { get; init; }
    public required long Unexpected { get; init; }
    public required bool Settled { get; init; }
    public required TimeSpan PostingTime { get; init; }
    public required TimeSpan SettleTime { get; init; }

    public long Handled => Inbox.GetValueOrDefault("done");
}

/// <summary>
/// A mixed load of events, duplicates of events already posted among them, while the app is killed with SIGKILL and
/// restarted on the same database and port. The poster retries every refused or failed post, as Zalo does, until the
/// app acknowledges it. At the end the emulator's record says which replies are missing or duplicated.
/// </summary>
internal static class CrashBench
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(120);

    public static async Task<CrashResult> RunAsync(Launcher launcher, BenchPlan plan, int seed, int latencyMs)
    {
        var random = new Random(seed);
        var factory = Launcher.NewFactory();
        var sequence = BuildSequence(factory, random, plan.CrashEvents);
        var distinct = sequence.Distinct().ToList();
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var webhook in distinct.Where(e => e.Recipient is not null))
        {
            expected[webhook.Recipient!] = expected.GetValueOrDefault(webhook.Recipient!) + webhook.ExpectedReplies;
        }

        await using var emulator = await EmulatorServer.StartAsync(TimeSpan.FromMilliseconds(latencyMs));
        emulator.State.BotToken = Launcher.BotToken;
        var settings = Launcher.WideSenderWithBot(emulator.BaseUrl);
        var database = launcher.NewDatabasePath($"crash-{latencyMs}ms");
        var port = ChildProcess.FreePort();
        var name = $"app-crash-{latencyMs}ms";
        var app = await launcher.StartAppAsync(name, database, emulator.BaseUrl, port, settings);
        var baseUrl = app.BaseUrl;
        var counters = new PostCounters();
        var downtimes = new List<double>();
        var kills = 0;
        long inFlightAtKills = 0;
        var postingWatch = Stopwatch.StartNew();
        try
        {
            var plannedPosting = TimeSpan.FromSeconds(plan.CrashEvents / (double)plan.CrashRate);
            using var client = LoadGenerator.NewClient(baseUrl, 256, TimeSpan.FromSeconds(5));
            var posting = PostAllAsync(client, sequence, plan.CrashRate, counters);

            for (var k = 0; k < plan.CrashKills; k++)
            {
                // Kills spread over the posting time, each at a seeded random point of its own slice.
                var at = plannedPosting * ((k + 0.25 + (random.NextDouble() * 0.5)) / plan.CrashKills);
                var wait = at - postingWatch.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var killedAt = Stopwatch.GetTimestamp();
                var killedAfter = postingWatch.Elapsed;
                await launcher.StopAppAsync(app, $"crash test, Zalo {latencyMs} ms away, run {k + 1}");
                await app.DisposeAsync();
                kills++;
                var inFlight = (await AppDatabase.CountAsync(database)).Outbox.GetValueOrDefault("sending");
                inFlightAtKills += inFlight;
                app = await launcher.StartAppAsync(name, database, emulator.BaseUrl, port, settings);
                downtimes.Add(LatencyRecorder.Milliseconds(killedAt, Stopwatch.GetTimestamp()));
                Console.WriteLine($"  kill {kills}: at {killedAfter.TotalSeconds:0.0} s, {inFlight} messages in flight, back in {downtimes[^1]:0} ms");
            }

            await posting;
            var postingTime = postingWatch.Elapsed;
            Console.WriteLine($"  {counters.Acknowledged} posts acknowledged in {postingTime.TotalSeconds:0.0} s ({counters.FailedAttempts} refused or failed attempts retried)");

            // The app drains its inbox and outbox; the replies must all reach the emulator.
            var settleWatch = Stopwatch.StartNew();
            var settled = false;
            while (settleWatch.Elapsed < plan.SettleTimeout)
            {
                var (inboxNow, outboxNow) = await AppDatabase.CountAsync(database);
                var idle = inboxNow.GetValueOrDefault("pending") == 0 && outboxNow.GetValueOrDefault("pending") == 0
                    && outboxNow.GetValueOrDefault("sending") == 0;
                if (idle && expected.All(e => emulator.Replies.CountFor(e.Key) >= e.Value))
                {
                    settled = true;
                    break;
                }

                await Task.Delay(250);
            }

            // A late duplicate would arrive now, if at all.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var settleTime = settleWatch.Elapsed;
            var (inbox, outbox) = await AppDatabase.CountAsync(database);
            var shown = emulator.Replies.Snapshot();
            long missing = 0, duplicated = 0, unexpected = 0;
            foreach (var (recipient, want) in expected)
            {
                var got = shown.GetValueOrDefault(recipient);
                if (want == 0)
                {
                    unexpected += got;
                }
                else
                {
                    missing += Math.Max(0, want - got);
                    duplicated += Math.Max(0, got - want);
                }
            }

            unexpected += shown.Where(s => !expected.ContainsKey(s.Key)).Sum(s => s.Value);
            var bot = expected.Where(e => e.Key.StartsWith(ZaloEmulatorState.BotConversation(""), StringComparison.Ordinal)).ToList();
            var botMissing = bot.Sum(e => Math.Max(0, e.Value - shown.GetValueOrDefault(e.Key)));
            var botDuplicated = bot.Sum(e => Math.Max(0, shown.GetValueOrDefault(e.Key) - e.Value));
            var result = new CrashResult
            {
                ZaloLatencyMs = latencyMs,
                InFlightAtKills = inFlightAtKills,
                ReplyParallelism = launcher.ReplyParallelism(Launcher.SenderParallelism),
                Posted = sequence.Count,
                Distinct = distinct.Count,
                DistinctByKind = distinct.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                Acknowledged = counters.Acknowledged,
                AnsweredStored = counters.Stored,
                AnsweredDuplicate = counters.Duplicate,
                FailedAttempts = counters.FailedAttempts,
                GaveUp = counters.GaveUp,
                Kills = kills,
                MaxDowntimeMs = downtimes.DefaultIfEmpty(0).Max(),
                MeanDowntimeMs = downtimes.DefaultIfEmpty(0).Average(),
                Inbox = inbox,
                Outbox = outbox,
                RepliesExpected = expected.Values.Sum(),
                RepliesReceived = emulator.Replies.Total,
                Missing = missing,
                Duplicated = duplicated,
                Unexpected = unexpected,
                Settled = settled,
                PostingTime = postingTime,
                SettleTime = settleTime,
            };
            Console.WriteLine($"  handled {result.Handled}/{result.Distinct} events; replies: {result.RepliesReceived} received, {missing} missing, {duplicated} duplicated, {unexpected} unexpected; {kills} kills");
            Console.WriteLine($"  of which through the bot: {bot.Sum(e => e.Value)} replies expected, {botMissing} missing, {botDuplicated} duplicated");
            return result;
        }
        finally
        {
            await launcher.StopAppAsync(app, $"crash test, Zalo {latencyMs} ms away, last run");
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The crash test's posts: new events drawn by the workload's weights, and repeats of events drawn from the
    /// last thousand posted, as Zalo's retries of an event it thinks was lost.
    /// </summary>
    private static List<WebhookEvent> BuildSequence(WebhookFactory factory, Random random, int count)
    {
        var kinds = Workload.CrashKinds;
        var total = kinds.Sum(k => k.CrashWeight);
        var sequence = new List<WebhookEvent>(count);
        while (sequence.Count < count)
        {
            if (sequence.Count > 0 && random.NextDouble() < Workload.DuplicateShare)
            {
                sequence.Add(sequence[sequence.Count - 1 - random.Next(Math.Min(sequence.Count, 1000))]);
                continue;
            }

            var pick = random.NextDouble() * total;
            var kind = kinds[^1];
            foreach (var candidate in kinds)
            {
                if (pick < candidate.CrashWeight)
                {
                    kind = candidate;
                    break;
                }

                pick -= candidate.CrashWeight;
            }

            sequence.Add(Workload.Create(factory, kind, random));
        }

        return sequence;
    }

    /// <summary>Posts every event at its scheduled time; each is retried until acknowledged (bounded).</summary>
    private static async Task PostAllAsync(HttpClient client, List<WebhookEvent> sequence, int rate, PostCounters counters)
    {
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        var tasks = new List<Task>(sequence.Count);
        using var inFlight = new SemaphoreSlim(1000);
        for (var i = 0; i < sequence.Count;)
        {
            var now = Stopwatch.GetTimestamp();
            while (i < sequence.Count && start + (long)(i * interval) <= now)
            {
                await inFlight.WaitAsync();
                tasks.Add(PostUntilAcknowledgedAsync(client, sequence[i], counters, inFlight));
                i++;
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(tasks);
    }

    private static async Task PostUntilAcknowledgedAsync(HttpClient client, WebhookEvent webhook, PostCounters counters, SemaphoreSlim inFlight)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var delay = TimeSpan.FromMilliseconds(25);
            while (true)
            {
                try
                {
                    using var request = LoadGenerator.Request(webhook);
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var body = await response.Content.ReadAsStringAsync();
                        counters.Answered(body.Contains("\"duplicate\"", StringComparison.Ordinal));
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    // Refused while the app is down, or cut off by the kill: Zalo would retry, so do we.
                }

                counters.Failed();
                if (LatencyRecorder.Milliseconds(started, Stopwatch.GetTimestamp()) > GiveUpAfter.TotalMilliseconds)
                {
                    counters.GiveUp();
                    return;
                }

                await Task.Delay(delay * (0.5 + Random.Shared.NextDouble()));
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 400));
            }
        }
        finally
        {
            inFlight.Release();
        }
    }

    private sealed class PostCounters
    {
        private long _stored;
        private long _duplicate;
        private long _failed;
        private long _gaveUp;

        public long Stored => Interlocked.Read(ref _stored);
        public long Duplicate => Interlocked.Read(ref _duplicate);
        public long Acknowledged => Stored + Duplicate;
        public long FailedAttempts => Interlocked.Read(ref _failed);
        public long GaveUp => Interlocked.Read(ref _gaveUp);

        public void Answered(bool duplicate) => Interlocked.Increment(ref duplicate ? ref _duplicate : ref _stored);

        public void Failed() => Interlocked.Increment(ref _failed);

        public void GiveUp() => Interlocked.Increment(ref _gaveUp);
    }
}
