using Microsoft.Data.Sqlite;

namespace ZaloBot.Storage;

/// <summary>
/// Copies the write-ahead log back into the database file once a second, in the background. Every connection turns
/// SQLite's automatic checkpoint off (<see cref="Db"/>): that one runs inside whichever commit crosses 1,000 log
/// pages, copying megabytes and syncing the file while the committing writer still holds this process's write turn,
/// so now and then a webhook would wait for it. A passive checkpoint waits for no one: writers go on
/// appending to the log while it runs.
/// </summary>
public sealed partial class WalCheckpointer(Db db, TimeProvider clock, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _finalLock = new();
    private Task? _finalCheckpoint;

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

    /// <summary>
    /// On a clean stop, after every other service has stopped writing, copies the whole log into the database file and
    /// empties it, then closes the writers' connection and the idle pooled ones, so that SQLite removes the log when the last one closes.
    /// The log keeps old versions of pages, such as an event body the dispatcher has since cleared.
    /// </summary>
    /// <remarks>
    /// The host may be stopped by two callers at once (a test host's dispose and the app's own run loop both do): a
    /// second checkpoint would find the first one's lock taken, give up at once, and let its caller go on while the
    /// log still held those pages. So the final checkpoint runs once, and every caller waits for that one.
    /// </remarks>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Task final;
        lock (_finalLock)
        {
            // SQLite works synchronously: the checkpoint runs on a thread of its own, so a second caller waits here, not in it.
            final = _finalCheckpoint ??= Task.Run(() => EmptyLogAsync(cancellationToken), CancellationToken.None);
        }

        await final;
    }

    private async Task EmptyLogAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await db.OpenDedicatedAsync(cancellationToken);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var result = await checkpoint.ExecuteReaderAsync(cancellationToken);
            if (await result.ReadAsync(cancellationToken) && result.GetInt64(0) != 0)
            {
                LogTruncateBusy(logger);
            }
        }
        catch (SqliteException ex)
        {
            LogCheckpointFailed(logger, ex);
        }

        await db.CloseWriterAsync();

        db.CloseIdleConnections();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The WAL could not be emptied at stop (a connection was still reading); it is folded in at the next start")]
    private static partial void LogTruncateBusy(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; retrying in a second")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
