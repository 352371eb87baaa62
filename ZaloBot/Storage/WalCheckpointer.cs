using Microsoft.Data.Sqlite;

namespace ZaloBot.Storage;

/// <summary>
/// Copies the write-ahead log back into the database file once a second, in the background. Every connection turns
/// SQLite's automatic checkpoint off (<see cref="Db"/>): that one runs inside whichever commit crosses 1,000 log
/// pages, copying megabytes and syncing the file while the committing writer still holds this process's write turn,
/// so now and then a webhook waited for it (issue 8). A passive checkpoint waits for no one: writers go on
/// appending to the log while it runs.
/// </summary>
public sealed partial class WalCheckpointer(Db db, TimeProvider clock, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var connection = await db.OpenDedicatedAsync(stoppingToken);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var timer = new PeriodicTimer(Interval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await checkpoint.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (SqliteException ex)
                {
                    // The log only grows meanwhile; the next tick tries again.
                    LogCheckpointFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; retrying in a second")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
