namespace ZaloBot.Bench;

/// <summary>
/// <c>--probe</c>: posts a few events of each kind in the workload table to a fresh app and prints the replies each
/// recipient received, beside what the table expects, to keep <see cref="Workload"/> in step with the app.
/// </summary>
internal static class Probe
{
    public static async Task<int> RunAsync(Launcher launcher)
    {
        await using var emulator = await EmulatorServer.StartAsync(TimeSpan.Zero);
        var database = launcher.NewDatabasePath("probe");
        var app = await launcher.StartAppAsync("app-probe", database, emulator.BaseUrl);
        var mismatches = 0;
        try
        {
            var factory = Launcher.NewFactory();
            var random = new Random(3);
            using var client = LoadGenerator.NewClient(app.BaseUrl, 4, TimeSpan.FromSeconds(10));
            var sent = new List<WebhookEvent>();
            foreach (var kind in Workload.Kinds)
            {
                for (var i = 0; i < 12; i++)
                {
                    var webhook = Workload.Create(factory, kind, random);
                    sent.Add(webhook);
                    if (!await LoadGenerator.TryPostAsync(client, webhook))
                    {
                        Console.WriteLine($"  {kind.Name}: post refused");
                    }
                }
            }

            await AppDatabase.WaitIdleAsync(database, TimeSpan.FromSeconds(30));
            await Task.Delay(500);
            foreach (var webhook in sent)
            {
                var got = emulator.Replies.CountFor(webhook.Recipient!);
                var expected = sent.Where(e => e.Recipient == webhook.Recipient).Sum(e => e.ExpectedReplies);
                var text = System.Text.Json.JsonDocument.Parse(webhook.Body).RootElement.TryGetProperty("message", out var m)
                    && m.TryGetProperty("text", out var t) ? t.GetString() : "";
                Console.WriteLine($"  {webhook.Kind,-22} {text,-40} → {webhook.Recipient}: {got} (table: {expected})");
                mismatches += got == expected ? 0 : 1;
            }

            var others = emulator.Replies.Snapshot().Where(r => sent.All(e => e.Recipient != r.Key)).ToList();
            foreach (var (recipient, count) in others)
            {
                Console.WriteLine($"  (not a sender) → {recipient}: {count}");
                mismatches++;
            }
        }
        finally
        {
            await launcher.StopAppAsync(app, "probe");
            await app.DisposeAsync();
        }

        Console.WriteLine(mismatches == 0 ? "the workload table matches the app" : $"{mismatches} recipients differ from the workload table");
        return mismatches == 0 ? 0 : 1;
    }
}
