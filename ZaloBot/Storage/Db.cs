using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ZaloBot.Storage;

/// <summary>Opens SQLite connections with the pragmas every connection needs, and hands out the write turn.</summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The write turn's semaphore lives as long as the app and only its asynchronous waits are used, which hold no OS handle.")]
public sealed class Db(IOptions<StorageOptions> options)
{
    /// <summary>Longer than any write here takes by far: waiting this long means a writer is stuck, so fail loudly.</summary>
    private static readonly TimeSpan WriteTurnTimeout = TimeSpan.FromSeconds(30);

    private static readonly object Configured = new();

    private readonly SemaphoreSlim _writeTurn = new(1, 1);

    /// <summary>The pooled SQLite connections whose pragmas are set; an entry goes when the pool closes its connection.</summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    private readonly string _connectionString = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
    {
        // Microsoft.Data.Sqlite retries SQLITE_BUSY for up to this many seconds.
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // Foreign keys, the busy timeout and the sync level belong to the underlying SQLite connection, which the pool
        // keeps open and hands out again: set them the first time it is seen, not on every open (issue 8: three
        // statements on each of the ten or so opens an event costs).
        var handle = connection.Handle!;
        if (!_configured.TryGetValue(handle, out _))
        {
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(handle, Configured);
        }

        return connection;
    }

    /// <summary>
    /// Waits for this process's turn to write; dispose the result to pass it on. SQLite lets one connection write at a
    /// time, and a writer that finds the lock taken gets SQLITE_BUSY and sleeps in growing steps (1, 2, 5, 10 ms…)
    /// without noticing when the lock frees: under load the database sat idle while every writer slept (issue 8
    /// measured 120 webhooks a second). Writers here take turns instead, waiting asynchronously in arrival order, so
    /// they never meet in SQLite; its busy timeout still covers another process on the same file.
    /// Every write outside a handler takes the turn around its write transaction. A handler already runs inside the
    /// dispatcher's turn: it writes through its context's connection and must never take the turn again.
    /// </summary>
    public async Task<WriteTurn> TakeWriteTurnAsync(CancellationToken cancellationToken = default)
    {
        if (!await _writeTurn.WaitAsync(WriteTurnTimeout, cancellationToken))
        {
            throw new TimeoutException($"Waited {WriteTurnTimeout.TotalSeconds:0} s for the database write turn; a writer is stuck.");
        }

        return new WriteTurn(_writeTurn);
    }
}

/// <summary>The process's write turn, held until disposed (once).</summary>
public sealed class WriteTurn : IDisposable
{
    private SemaphoreSlim? _turn;

    internal WriteTurn(SemaphoreSlim turn) => _turn = turn;

    public void Dispose() => Interlocked.Exchange(ref _turn, null)?.Release();
}
