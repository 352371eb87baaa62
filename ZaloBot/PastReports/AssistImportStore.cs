using System.Data;
using Dapper;
using ZaloBot.AdminAuth;
using ZaloBot.Teams;

namespace ZaloBot.PastReports;

public enum AssistImportStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>
/// One uploaded file of past reports and how its import goes. <see cref="OwnerUnitCode"/> is the uploading officer's
/// commune-level unit (null: a province admin); only they and province admins may follow it.
/// </summary>
public sealed record AssistImport(
    long Id, string FileName, TableFormat Format, AssistImportStatus Status, string OwnerName, string? OwnerUnitCode, long FileBytes, long BytesRead,
    int RowsRead, int Added, int Duplicates, int Refused, string? Failure, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>
    /// The share of the work an import spends reading and checking the file, in percent; the rest goes to writing the
    /// good rows, which starts once the whole file is read.
    /// </summary>
    private const int ReadingShare = 15;

    /// <summary>How far the import is, 0–100: the file read, then the good rows written.</summary>
    public int Percent
    {
        get
        {
            if (Status == AssistImportStatus.Done)
            {
                return 100;
            }

            var reading = FileBytes <= 0 ? 0 : Math.Clamp((double)BytesRead / FileBytes, 0, 1);
            var good = RowsRead - Refused;
            var writing = reading < 1 || good <= 0 ? 0 : Math.Clamp((double)(Added + Duplicates) / good, 0, 1);
            return (int)(reading * ReadingShare + writing * (100 - ReadingShare));
        }
    }

    public bool IsFinished => Status is AssistImportStatus.Done or AssistImportStatus.Failed;

    /// <summary>Rows done (written, found already there, or refused) per second so far.</summary>
    public double RowsPerSecond(DateTimeOffset now) =>
        StartedAt is { } started && (FinishedAt ?? now) - started is { TotalSeconds: > 0 } elapsed ? (Added + Duplicates + Refused) / elapsed.TotalSeconds : 0;

    /// <summary>True when this officer may see the import: a province admin, or the officer of the unit it was made for.</summary>
    public bool VisibleTo(Officer officer)
    {
        ArgumentNullException.ThrowIfNull(officer);
        return officer.IsProvinceAdmin || string.Equals(OwnerUnitCode, officer.Holder.UnitCode, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A refused row: its line and why, in Vietnamese.</summary>
public sealed record AssistImportError(int Line, string Message);

/// <summary>The <c>assist_imports</c> and <c>assist_import_errors</c> tables.</summary>
public static class AssistImportStore
{
    /// <summary>At most this many refused rows are kept per import (all are counted): enough to fix a file by.</summary>
    public const int MaxErrorsKept = 1000;

    private const string Select = """
        SELECT id AS Id, file_name AS FileName, format AS Format, status AS Status, owner_name AS OwnerName, owner_unit_code AS OwnerUnitCode,
               file_bytes AS FileBytes, bytes_read AS BytesRead, rows_read AS RowsRead, added AS Added, duplicates AS Duplicates, refused AS Refused,
               failure AS Failure, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt
        FROM assist_imports
        """;

    // A class with properties, not a positional record: an empty result gives Dapper no column types to match a constructor.
    private sealed class Row
    {
        public long Id { get; init; }

        public string FileName { get; init; } = "";

        public string Format { get; init; } = "";

        public string Status { get; init; } = "";

        public string OwnerName { get; init; } = "";

        public string? OwnerUnitCode { get; init; }

        public long FileBytes { get; init; }

        public long BytesRead { get; init; }

        public long RowsRead { get; init; }

        public long Added { get; init; }

        public long Duplicates { get; init; }

        public long Refused { get; init; }

        public string? Failure { get; init; }

        public long CreatedAt { get; init; }

        public long? StartedAt { get; init; }

        public long? FinishedAt { get; init; }

        public AssistImport AsImport() => new(
            Id, FileName, Enum.Parse<TableFormat>(Format, ignoreCase: true), Enum.Parse<AssistImportStatus>(Status, ignoreCase: true), OwnerName, OwnerUnitCode,
            FileBytes, BytesRead, (int)RowsRead, (int)Added, (int)Duplicates, (int)Refused, Failure, At(CreatedAt)!.Value, At(StartedAt), At(FinishedAt));
    }

    private static DateTimeOffset? At(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    public static Task<long> CreateAsync(
        IDbConnection connection, string fileName, TableFormat format, Officer owner, long fileBytes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return connection.ExecuteScalarAsync<long>("""
            INSERT INTO assist_imports (file_name, format, status, owner_name, owner_unit_code, file_bytes, created_at)
            VALUES (@FileName, @Format, 'queued', @OwnerName, @OwnerUnitCode, @FileBytes, @Now)
            RETURNING id
            """, new
        {
            FileName = fileName,
            Format = format.ToString().ToLowerInvariant(),
            OwnerName = owner.Holder.Name,
            OwnerUnitCode = owner.IsProvinceAdmin ? null : owner.Holder.UnitCode,
            FileBytes = fileBytes,
            Now = now.ToUnixTimeMilliseconds(),
        });
    }

    public static async Task<AssistImport?> FindAsync(IDbConnection connection, long id) =>
        (await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @Id", new { Id = id }))?.AsImport();

    /// <summary>The latest imports this officer may see.</summary>
    public static async Task<IReadOnlyList<AssistImport>> ListAsync(IDbConnection connection, Officer officer, int limit)
    {
        ArgumentNullException.ThrowIfNull(officer);
        return (await connection.QueryAsync<Row>(Select + " WHERE @Everything OR owner_unit_code = @UnitCode COLLATE NOCASE ORDER BY id DESC LIMIT @Limit",
            new { Everything = officer.IsProvinceAdmin, officer.Holder.UnitCode, Limit = limit })).Select(r => r.AsImport()).ToList();
    }

    public static async Task<IReadOnlyList<AssistImportError>> ErrorsAsync(IDbConnection connection, long id) =>
        (await connection.QueryAsync<(long Line, string Message)>(
            "SELECT line, message FROM assist_import_errors WHERE import_id = @Id ORDER BY line", new { Id = id }))
        .Select(e => new AssistImportError((int)e.Line, e.Message)).ToList();

    public static Task StartAsync(IDbConnection connection, IDbTransaction? transaction, long id, DateTimeOffset now) =>
        connection.ExecuteAsync("UPDATE assist_imports SET status = 'running', started_at = @Now WHERE id = @Id",
            new { Id = id, Now = now.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>
    /// Adds rows read from the file and the refused ones among them (the first <see cref="MaxErrorsKept"/> are kept), and
    /// how far into the file the reading is.
    /// </summary>
    public static async Task RowsReadAsync(
        IDbConnection connection, IDbTransaction transaction, long id, long bytesRead, int rows, IReadOnlyList<AssistImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var kept = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM assist_import_errors WHERE import_id = @Id", new { Id = id }, transaction);
        await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO assist_import_errors (import_id, line, message) VALUES (@Id, @Line, @Message)",
            errors.Take((int)Math.Max(0, MaxErrorsKept - kept)).Select(e => new { Id = id, e.Line, e.Message }), transaction);
        await connection.ExecuteAsync(
            "UPDATE assist_imports SET bytes_read = @BytesRead, rows_read = rows_read + @Rows, refused = refused + @Refused WHERE id = @Id",
            new { Id = id, BytesRead = bytesRead, Rows = rows, Refused = errors.Count }, transaction);
    }

    /// <summary>Adds rows written: added, or found already there.</summary>
    public static Task RowsWrittenAsync(IDbConnection connection, IDbTransaction transaction, long id, int added, int duplicates) =>
        connection.ExecuteAsync(
            "UPDATE assist_imports SET added = added + @Added, duplicates = duplicates + @Duplicates WHERE id = @Id",
            new { Id = id, Added = added, Duplicates = duplicates }, transaction);

    public static Task FinishAsync(IDbConnection connection, long id, string? failure, DateTimeOffset now) =>
        connection.ExecuteAsync("""
            UPDATE assist_imports SET status = @Status, failure = @Failure, finished_at = @Now,
                   bytes_read = CASE WHEN @Failure IS NULL THEN file_bytes ELSE bytes_read END
            WHERE id = @Id
            """, new { Id = id, Status = failure is null ? "done" : "failed", Failure = failure, Now = now.ToUnixTimeMilliseconds() });

    /// <summary>Imports a stopped process left queued or running: their files are gone, so they end as failed.</summary>
    public static Task<int> AbandonUnfinishedAsync(IDbConnection connection, string failure, DateTimeOffset now) =>
        connection.ExecuteAsync(
            "UPDATE assist_imports SET status = 'failed', failure = @Failure, finished_at = @Now WHERE status IN ('queued', 'running')",
            new { Failure = failure, Now = now.ToUnixTimeMilliseconds() });
}
