using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Storage;

public sealed class WalCheckpointerTests
{
    [Test]
    public async Task Stored_events_reach_the_database_file_while_the_app_runs()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();
        var sizeBefore = new FileInfo(app.DatabasePath).Length;

        // Enough rows to need new pages; with automatic checkpoints off, only the checkpointer copies them from the log.
        for (var i = 0; i < 200; i++)
        {
            (await client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000031", $"msg-wal-{i}", new string('x', 500)))).Dispose();
        }

        await Eventually.UntilAsync(() => new FileInfo(app.DatabasePath).Length > sizeBefore, "the log was checkpointed into the database file");
    }
}
