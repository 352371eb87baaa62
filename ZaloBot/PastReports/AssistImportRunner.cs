using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.PastReports;

/// <summary>Why an upload was not taken: too large (413), or nothing to import (400).</summary>
public sealed record UploadRefusal(int StatusCode, string Message);

/// <summary>
/// Takes uploaded files of past reports and imports them one at a time in the background: the upload is copied to a
/// file as it arrives (never held in memory), an import row is made, and the caller gets its id at once to follow it.
/// The file is deleted when its import ends. An import a stopped process left unfinished is marked failed at the next
/// start (importing the file again adds only what is missing).
/// </summary>
public sealed partial class AssistImportRunner(
    Db db, AssistImporter importer, IOptions<ImportOptions> options, IOptions<StorageOptions> storage, TimeProvider clock, ILogger<AssistImportRunner> logger)
    : BackgroundService
{
    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<string> _folder = new(() => options.Value.ResolveFolder(storage.Value));

    private sealed record Job(long Id, string Path, TableFormat Format, OfficerScope Scope);

    public long MaxFileBytes => options.Value.MaxFileBytes;

    /// <summary>Copies the upload to a file and queues its import; returns the import's id, or why the upload was refused.</summary>
    public async Task<(long? Id, UploadRefusal? Refusal)> EnqueueAsync(Stream upload, string? fileName, Officer owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var path = Path.Combine(_folder.Value, Guid.NewGuid().ToString("N") + ".upload");
        long size;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        {
            size = await CopyAsync(upload, file, MaxFileBytes, cancellationToken);
        }

        if (size <= 0)
        {
            File.Delete(path);
            return (null, size < 0
                ? new UploadRefusal(StatusCodes.Status413PayloadTooLarge, $"Tệp lớn quá (tối đa {MaxFileBytes / 1024 / 1024} MB): chia thành nhiều tệp nhỏ hơn.")
                : new UploadRefusal(StatusCodes.Status400BadRequest, "Tệp trống: chọn tệp CSV hoặc Excel (.xlsx) báo cáo cũ."));
        }

        var format = await SniffAsync(path);
        await using var connection = await db.OpenAsync(cancellationToken);
        long id;
        using (await db.TakeWriteTurnAsync(cancellationToken))
        {
            id = await AssistImportStore.CreateAsync(connection, Path.GetFileName(fileName ?? "") is { Length: > 0 } name ? name : "tệp tải lên", format, owner, size,
                clock.GetUtcNow());
        }

        _queue.Writer.TryWrite(new Job(id, path, format, owner.Scope));
        LogQueued(id, format, size, owner.Holder.Name);
        return (id, null);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await db.OpenAsync(cancellationToken))
        using (await db.TakeWriteTurnAsync(cancellationToken))
        {
            await AssistImportStore.AbandonUnfinishedAsync(
                connection, "Ứng dụng khởi động lại khi đang nhập: tải tệp lên lại (những dòng đã nhập sẽ không bị nhập lần nữa).", clock.GetUtcNow());
        }

        foreach (var leftover in Directory.EnumerateFiles(_folder.Value, "*.upload"))
        {
            File.Delete(leftover);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await importer.RunAsync(job.Id, job.Path, job.Format, job.Scope, stoppingToken);
                LogDone(job.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex, job.Id);
                await using var connection = await db.OpenAsync(CancellationToken.None);
                using (await db.TakeWriteTurnAsync(CancellationToken.None))
                {
                    await AssistImportStore.FinishAsync(connection, job.Id,
                        "Tệp không đọc được đến hết (hỏng, hoặc không phải CSV/Excel): những dòng trước chỗ hỏng đã được nhập.", clock.GetUtcNow());
                }
            }
            finally
            {
                File.Delete(job.Path);
            }
        }
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; returns the bytes copied, or -1 when the source is larger.</summary>
    private static async Task<long> CopyAsync(Stream source, Stream target, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return -1;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }

    /// <summary>A workbook is a zip (it starts with "PK"); anything else is read as CSV.</summary>
    private static async Task<TableFormat> SniffAsync(string path)
    {
        var start = new byte[2];
        await using var file = File.OpenRead(path);
        return await file.ReadAsync(start) == 2 && start[0] == (byte)'P' && start[1] == (byte)'K' ? TableFormat.Xlsx : TableFormat.Csv;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} queued ({Format}, {Bytes} bytes) by {Holder}")]
    private partial void LogQueued(long importId, TableFormat format, long bytes, string holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} finished")]
    private partial void LogDone(long importId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId} failed")]
    private partial void LogFailed(Exception exception, long importId);
}
