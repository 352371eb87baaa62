using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Dapper;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

public sealed class BackupTests
{
    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task A_backup_taken_while_webhooks_flow_restores_every_event_acknowledged_before_it_began()
    {
        var database = TestApp.NewDatabasePath();
        var backup = Path.Combine(Path.GetDirectoryName(TestApp.NewDatabasePath())!, "backups", "zalobot-backup.db");
        var acknowledged = new ConcurrentQueue<string>();
        await using (var app = new TestApp(database))
        {
            using var client = app.CreateClient();
            using var stop = new CancellationTokenSource();
            var flow = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var msgId = $"flow-{i}";
                    using var response = await client.PostSignedAsync(ZaloWebhooks.UserText($"61424948230{i % 50:00000000}", msgId, "chào"));
                    if ((await response.Content.ReadFromJsonAsync<WebhookAnswer>())?.Result == "stored")
                    {
                        acknowledged.Enqueue("user_send_text:" + msgId);
                    }
                }
            });
            await Eventually.UntilAsync(() => acknowledged.Count >= 100, "webhooks flow");

            var before = acknowledged.ToArray();
            var (exitCode, output) = await RunAppAsync("backup", backup, $"--ConnectionStrings:ZaloBot=Data Source={database}");
            var during = acknowledged.Count - before.Length;
            await stop.CancelAsync();
            await flow;

            Assert.That(exitCode, Is.Zero, output);
            Assert.That(during, Is.Positive, "webhooks were still acknowledged while the backup ran");
            Assert.That(File.GetUnixFileMode(backup), Is.EqualTo(DatabaseFiles.PrivateFile));
            Assert.That(File.Exists(backup + ".partial"), Is.False);

            // Restore as the docs say: the app stopped, the backup copied in place of the database.
            var restored = TestApp.NewDatabasePath();
            Directory.CreateDirectory(Path.GetDirectoryName(restored)!);
            File.Copy(backup, restored);
            await using var restoredApp = new TestApp(restored);
            await using var connection = await restoredApp.OpenDatabaseAsync();
            var keys = (await connection.QueryAsync<string>("SELECT event_key FROM inbox_events")).ToHashSet(StringComparer.Ordinal);
            Assert.That(before.Where(key => !keys.Contains(key)), Is.Empty, "events acknowledged before the backup began are missing");
        }
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task Scheduled_backups_are_private_and_only_the_newest_are_kept()
    {
        var folder = Path.Combine(Path.GetDirectoryName(TestApp.NewDatabasePath())!, "backups");
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: new()
        {
            ["Storage:BackupFolder"] = folder,
            ["Storage:BackupEvery"] = "00:00:00.200",
            ["Storage:BackupKeep"] = "2",
        });

        string[] Backups() => Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "zalobot-*.db").Order(StringComparer.Ordinal)] : [];
        await Eventually.UntilAsync(() => Backups().Length == 2, "two backups were taken");
        var first = Backups();
        await Eventually.UntilAsync(() => !Backups().Contains(first[0]), "a newer backup replaced the oldest");

        Assert.That(Backups(), Has.Length.EqualTo(2));
        Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(DatabaseFiles.PrivateFolder));
        Assert.That(Backups().Select(File.GetUnixFileMode), Has.All.EqualTo(DatabaseFiles.PrivateFile));
    }

    [Test]
    public async Task The_backup_command_refuses_a_missing_database()
    {
        var run = await CommandRun.RunAsync("backup", Path.GetTempFileName(), "--ConnectionStrings:ZaloBot=Data Source=/nonexistent/zalobot.db");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("No database file at /nonexistent/zalobot.db"));
    }

    /// <summary>Runs the built app as an operator does (<c>dotnet ZaloBot.dll …</c>), in a process of its own.</summary>
    private static async Task<(int ExitCode, string Output)> RunAppAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ZaloBot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
