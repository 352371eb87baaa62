using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ZaloBot.Storage;

/// <summary>
/// Copies the live database to a file with SQLite's online backup API, while the app runs. The copy is one
/// consistent snapshot: it is read inside one read transaction, which in WAL mode never blocks a writer (webhooks go
/// on being stored meanwhile) and is never made to start over by their commits. It goes in steps of
/// <see cref="PagesPerStep"/> pages, so the work comes in slices the thread pool and the disk can interleave with
/// others. It is written under a temporary name, private (0600), and renamed when complete, so a file with the
/// backup's name is always a whole backup.
/// </summary>
public sealed partial class DatabaseBackup(Db db, ILogger<DatabaseBackup> logger)
{
    public const int PagesPerStep = 1024;

    /// <summary>Writes a backup to <paramref name="destination"/> (replacing a file there); returns its size in bytes.</summary>
    public async Task<long> BackupAsync(string destination, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(destination);
        DatabaseFiles.CreatePrivateFolder(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        File.Delete(partial);
        DatabaseFiles.CreatePrivate(partial);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await CopyAsync(partial, cancellationToken);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        var bytes = new FileInfo(path).Length;
        var elapsed = Stopwatch.GetElapsedTime(started);
        LogBackedUp(path, bytes, elapsed);
        return bytes;
    }

    private async Task CopyAsync(string target, CancellationToken cancellationToken)
    {
        await using var source = await db.OpenDedicatedAsync(cancellationToken);
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await copy.OpenAsync(cancellationToken);

        // The snapshot: a read transaction opened before the first step, so every step reads the same version.
        await using (var snapshot = source.BeginTransaction(deferred: true))
        {
            await using (var read = source.CreateCommand())
            {
                read.Transaction = snapshot;
                read.CommandText = "SELECT COUNT(*) FROM sqlite_schema";
                await read.ExecuteScalarAsync(cancellationToken);
            }

            var backup = raw.sqlite3_backup_init(copy.Handle, "main", source.Handle, "main")
                ?? throw new InvalidOperationException("SQLite refused to start the backup: " + raw.sqlite3_errmsg(copy.Handle).utf8_to_string());
            try
            {
                int step;
                while ((step = raw.sqlite3_backup_step(backup, PagesPerStep)) != raw.SQLITE_DONE)
                {
                    if (step is not (raw.SQLITE_OK or raw.SQLITE_BUSY or raw.SQLITE_LOCKED))
                    {
                        throw new SqliteException("Backup step failed: " + raw.sqlite3_errstr(step).utf8_to_string(), step);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                }
            }
            finally
            {
                raw.sqlite3_backup_finish(backup);
            }
        }

        // A single self-contained file: a restored backup is opened in WAL mode again by the app.
        await using var journal = copy.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode = DELETE;";
        await journal.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backed the database up to {Path} ({Bytes} bytes) in {Elapsed}")]
    private partial void LogBackedUp(string path, long bytes, TimeSpan elapsed);
}
