using ZaloBot.AdminAuth;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;

namespace ZaloBot.Admin.Exports;

public enum ExportJobStatus
{
    Running,
    Done,
    Failed,
}

/// <summary>
/// A full households export being written to a file in the background, so a slow phone follows its progress and
/// downloads the file when ready. <see cref="OwnerUnitCode"/> is the commune-level unit of the officer who started it
/// (null: a province admin): the file holds that scope's rows, so only province admins and officers of that unit see it.
/// </summary>
public sealed class ExportJob(string id, string? ownerUnitCode, string fileName, ExportFormat format, long rows, string path)
{
    private long _written;
    private int _status;

    public string Id { get; } = id;

    public string? OwnerUnitCode { get; } = ownerUnitCode;

    /// <summary>The download's name, with its extension.</summary>
    public string FileName { get; } = fileName + TableExport.Extension(format);

    public ExportFormat Format { get; } = format;

    /// <summary>The rows the file will hold, counted when the job started.</summary>
    public long Rows { get; } = rows;

    public long Written => Interlocked.Read(ref _written);

    public ExportJobStatus Status => (ExportJobStatus)Volatile.Read(ref _status);

    /// <summary>When the file was written or the job failed; the file is kept <see cref="ExportJobs.Kept"/> from then.</summary>
    public DateTimeOffset? FinishedAt { get; private set; }

    internal string Path { get; } = path;

    /// <summary>How far the file is written, 0–100; 100 only when it is whole.</summary>
    public int Percent => Status == ExportJobStatus.Done ? 100 : Rows <= 0 ? 0 : (int)Math.Min(99, Written * 100 / Rows);

    public bool VisibleTo(Officer officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        return officer.IsProvinceAdmin || OwnerUnitCode is not null && string.Equals(OwnerUnitCode, officer.Holder.UnitCode, StringComparison.OrdinalIgnoreCase);
    }

    internal void RowWritten() => Interlocked.Increment(ref _written);

    internal void Finish(ExportJobStatus status, DateTimeOffset now)
    {
        FinishedAt = now;
        Volatile.Write(ref _status, (int)status);
    }
}

/// <summary>
/// The background exports: each job writes its file in the exports folder (<c>exports</c> beside the database, else in
/// the temporary folder), and the file is deleted <see cref="Kept"/> after it is finished, or when the first export
/// after the app's next start empties the folder.
/// Jobs live in memory only: after a restart the officer starts the export again.
/// </summary>
public sealed partial class ExportJobs(Db db, TimeProvider clock, IOptions<StorageOptions> storage, ILogger<ExportJobs> logger) : IDisposable
{
    /// <summary>How long a finished file waits to be downloaded: the rows hold personal data, kept no longer than needed.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, ExportJob> _jobs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<string> _folder = new(() =>
    {
        var folder = storage.Value.DatabaseFolder() is { } database
            ? System.IO.Path.Combine(database, "exports")
            : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "zalobot-exports");
        // Files of an earlier run belong to jobs no longer known: nobody can download them.
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    });

    /// <summary>Starts writing the full households export of the request in the background for this officer.</summary>
    internal async Task<ExportJob> StartAsync(Officer officer, ExportEndpoints.ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(officer);
        ArgumentNullException.ThrowIfNull(request);
        Sweep();
        var connection = await db.OpenAsync(cancellationToken);
        try
        {
            var export = await ExportEndpoints.HouseholdsExportAsync(connection, request, clock);
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var job = new ExportJob(
                id, officer.IsProvinceAdmin ? null : officer.Holder.UnitCode, export.FileName, request.Format, export.Rows, System.IO.Path.Combine(_folder.Value, id + TableExport.Extension(request.Format)));
            _jobs[id] = job;
            _ = Task.Run(() => RunAsync(job, export, connection), CancellationToken.None);
            return job;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The job, when this officer may see it (see <see cref="ExportJob.VisibleTo"/>; another is not found).</summary>
    public ExportJob? Find(Officer officer, string id)
    {
        ArgumentNullException.ThrowIfNull(officer);
        Sweep();
        return _jobs.TryGetValue(id, out var job) && job.VisibleTo(officer) ? job : null;
    }

    /// <summary>The finished file, to send; null while it is written, or when it failed.</summary>
    public static Stream? OpenFile(ExportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Status == ExportJobStatus.Done ? new FileStream(job.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete) : null;
    }

    private async Task RunAsync(ExportJob job, ExportEndpoints.HouseholdsExport export, Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        await using (connection)
        {
            try
            {
                await using (var file = new FileStream(job.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
                {
                    await export.WriteAsync(file, job.RowWritten, _stopping.Token);
                }

                job.Finish(ExportJobStatus.Done, clock.GetUtcNow());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(logger, e, job.Id);
                Delete(job);
                job.Finish(ExportJobStatus.Failed, clock.GetUtcNow());
            }
        }
    }

    /// <summary>Forgets the jobs finished more than <see cref="Kept"/> ago, and deletes their files.</summary>
    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var job in _jobs.Values.Where(j => j.FinishedAt is { } finished && now - finished > Kept))
        {
            _jobs.TryRemove(job.Id, out _);
            Delete(job);
        }
    }

    private static void Delete(ExportJob job)
    {
        try
        {
            File.Delete(job.Path);
        }
        catch (IOException)
        {
            // Being downloaded right now: the first export after the next start empties the folder.
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Export job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string jobId);
}
