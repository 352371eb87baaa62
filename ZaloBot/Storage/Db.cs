using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ZaloBot.Storage;

/// <summary>
/// Opens SQLite connections with the pragmas every connection needs, hands out the write turn, and keeps the
/// connection the frequent writers share (<see cref="Writer"/>).
/// </summary>
public sealed class Db : IAsyncDisposable
{
    /// <summary>Longer than any write here takes by far: waiting this long means a writer is stuck, so fail loudly.</summary>
    private static readonly TimeSpan WriteTurnTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Urgent turns granted in a row before a waiting ordinary writer gets one: nobody starves.</summary>
    private const int MaxUrgentInARow = 2;

    private readonly Lock _turnLock = new();
    private readonly Queue<TaskCompletionSource<WriteTurn>> _urgent = new();
    private readonly Queue<TaskCompletionSource<WriteTurn>> _ordinary = new();
    private bool _turnTaken;
    private int _urgentInARow;

    /// <summary>
    /// The pooled SQLite connections whose pragmas are set, each with whether it syncs as redoable; an entry goes when
    /// the pool closes its connection.
    /// </summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, StrongBox<bool>> _configured = [];

    private readonly string _connectionString;
    private readonly string _dedicatedConnectionString;

    public Db(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            // Microsoft.Data.Sqlite retries SQLITE_BUSY for up to this many seconds.
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
        _dedicatedConnectionString = new SqliteConnectionStringBuilder(options.Value.ConnectionString)
        {
            DefaultTimeout = 30,
            Pooling = false,
        }.ToString();
        Writer = new KeptConnection(this);
    }

    /// <summary>
    /// The connection the frequent writers use, only through <see cref="RunOnWriterAsync{T}(bool, Func{KeptConnection.Statements, T}, CancellationToken)"/>,
    /// which holds the write turn around their work: the webhooks' inserts, the
    /// dispatcher's rounds and handlers, the senders' fetches, claims and <c>sent</c> marks. SQLite drops a
    /// connection's whole page cache whenever another connection has written since its last transaction; with each
    /// of them on a connection of its own, every transaction of a replied event began by reading its pages again from
    /// the log. On one connection the pages stay cached from one writer to the next, and its statements stay compiled.
    /// </summary>
    internal KeptConnection Writer { get; }

    /// <summary>
    /// Takes the write turn (see <see cref="TakeWriteTurnAsync(bool, CancellationToken)"/>) and runs
    /// <paramref name="work"/> on <see cref="Writer"/> while holding it: the only way the writers reach that connection.
    /// </summary>
    public async Task<T> RunOnWriterAsync<T>(bool urgent, Func<KeptConnection.Statements, T> work, CancellationToken cancellationToken = default)
    {
        using var turn = await TakeWriteTurnAsync(urgent, cancellationToken);
        return await Writer.RunAsync(work, cancellationToken);
    }

    /// <summary>As the other overload, for work that awaits (Dapper's calls on <see cref="KeptConnection.Statements.Connection"/>).</summary>
    public async Task<T> RunOnWriterAsync<T>(bool urgent, Func<KeptConnection.Statements, Task<T>> work, CancellationToken cancellationToken = default)
    {
        using var turn = await TakeWriteTurnAsync(urgent, cancellationToken);
        return await Writer.RunAsync(work, cancellationToken);
    }

    /// <summary>Closes <see cref="Writer"/> in its turn (it opens again if anything writes after this).</summary>
    public async Task CloseWriterAsync()
    {
        using var turn = await TakeWriteTurnAsync(CancellationToken.None);
        await Writer.DisposeAsync();
    }

    /// <summary>Closes <see cref="Writer"/>, once no one writes any more (at the app's stop).</summary>
    public ValueTask DisposeAsync() => Writer.DisposeAsync();

    /// <summary>A pooled connection whose commits are durable (<c>synchronous=FULL</c>: synced before they return).</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(_connectionString, redoable: false, cancellationToken);

    /// <summary>
    /// A pooled connection whose commits are not synced one by one (<c>synchronous=NORMAL</c>), as the dispatcher's and
    /// the senders' bookkeeping on <see cref="Writer"/> are not: writes that the next start redoes from durable state
    /// if a power cut loses them. A process crash loses nothing either way (the log is in the OS's hands at commit); a power cut can only
    /// lose the last commits made since the log was last synced — by any durable commit after them (every
    /// acknowledged webhook's) or by the next checkpoint, within a second. Losing a handler's commit leaves its event
    /// pending, to be handled again; losing a claim leaves its message pending, to be sent; losing a <c>sent</c> mark
    /// sends its message once more (see <see cref="Messaging.OutboxStore.MarkSentAsync"/>). None loses an event, and
    /// syncing each of these commits would hold the write turn that webhooks wait on.
    /// </summary>
    public Task<SqliteConnection> OpenRedoableAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(_connectionString, redoable: true, cancellationToken);

    /// <summary>Closes the pooled connections not in use (at a clean stop: the last one to close removes the WAL).</summary>
    public void CloseIdleConnections() => SqliteConnection.ClearPool(new SqliteConnection(_connectionString));

    /// <summary>A connection of its own, outside the pool, for a loop that keeps it open; its commits are durable.</summary>
    public Task<SqliteConnection> OpenDedicatedAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(_dedicatedConnectionString, redoable: false, cancellationToken);

    /// <summary>
    /// The connection for <see cref="Writer"/>, outside the pool: its commits are redoable (see
    /// <see cref="OpenRedoableAsync"/>) unless a transaction asks otherwise, and its commands keep their SQL compiled
    /// (see <see cref="StatementKeepingConnection"/>).
    /// </summary>
    internal async Task<StatementKeepingConnection> OpenWriterAsync(CancellationToken cancellationToken) =>
        (StatementKeepingConnection)await OpenAsync(new StatementKeepingConnection(_dedicatedConnectionString), redoable: true, cancellationToken);

    private Task<SqliteConnection> OpenAsync(string connectionString, bool redoable, CancellationToken cancellationToken) =>
        OpenAsync(new SqliteConnection(connectionString), redoable, cancellationToken);

    private async Task<SqliteConnection> OpenAsync(SqliteConnection connection, bool redoable, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken);
        // Foreign keys, the busy timeout and the sync level belong to the underlying SQLite connection, which the pool
        // keeps open and hands out again: set them the first time it is seen, and the sync level again only when
        // this open wants the other one, rather than three statements on every open.
        var handle = connection.Handle!;
        var configured = _configured.TryGetValue(handle, out var syncedRedoable);
        if (!configured || syncedRedoable!.Value != redoable)
        {
            using var pragmas = connection.CreateCommand();
            // Checkpoints are the WalCheckpointer's, outside the write turn. secure_delete zeroes what a write frees, so
            // a cleared body or a deleted row does not linger in the file's free space.
            pragmas.CommandText = (configured ? "" : "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 0; PRAGMA secure_delete = ON; ")
                + (redoable ? "PRAGMA synchronous = NORMAL;" : "PRAGMA synchronous = FULL;");
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(handle, new StrongBox<bool>(redoable));
        }

        return connection;
    }

    /// <summary>
    /// Waits for this process's turn to write; dispose the result to pass it on. SQLite lets one connection write at a
    /// time, and a writer that finds the lock taken gets SQLITE_BUSY and sleeps in growing steps (1, 2, 5, 10 ms…)
    /// without noticing when the lock frees: under load the database would sit idle while every writer slept. Writers
    /// here take turns instead, waiting asynchronously in arrival order, so they never meet in SQLite; its busy
    /// timeout still covers another process on the same file. Urgent writers (see the other overload) go first.
    /// Every write outside a handler takes the turn around its write transaction. A handler already runs inside the
    /// dispatcher's turn: it writes through its context's connection and must never take the turn again.
    /// </summary>
    public Task<WriteTurn> TakeWriteTurnAsync(CancellationToken cancellationToken = default) =>
        TakeWriteTurnAsync(urgent: false, cancellationToken);

    /// <summary>
    /// As <see cref="TakeWriteTurnAsync(CancellationToken)"/>; an <paramref name="urgent"/> writer, one that someone is
    /// waiting on right now (a webhook's acknowledgement, the mark of a message Zalo has just accepted), goes before
    /// the ordinary ones, though never more than twice in a row while one of them waits.
    /// </summary>
    public async Task<WriteTurn> TakeWriteTurnAsync(bool urgent, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<WriteTurn> waiter;
        lock (_turnLock)
        {
            if (!_turnTaken)
            {
                _turnTaken = true;
                _urgentInARow = urgent ? 1 : 0;
                return new WriteTurn(this);
            }

            waiter = new TaskCompletionSource<WriteTurn>(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _ordinary).Enqueue(waiter);
        }

        try
        {
            return await waiter.Task.WaitAsync(WriteTurnTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // The turn may have been handed over at the same moment: then pass it on rather than lose it.
            if (!waiter.TrySetCanceled(CancellationToken.None))
            {
                waiter.Task.Result.Dispose();
            }

            if (ex is TimeoutException)
            {
                throw new TimeoutException($"Waited {WriteTurnTimeout.TotalSeconds:0} s for the database write turn; a writer is stuck.", ex);
            }

            throw;
        }
    }

    /// <summary>Writers waiting for the turn now (for tests that line writers up).</summary>
    internal int WaitingWriters
    {
        get
        {
            lock (_turnLock)
            {
                return _urgent.Count + _ordinary.Count;
            }
        }
    }

    /// <summary>Hands the turn to the next writer waiting (urgent first, within the limit), or frees it.</summary>
    internal void PassTurn()
    {
        while (true)
        {
            TaskCompletionSource<WriteTurn>? next;
            lock (_turnLock)
            {
                var ordinaryDue = _ordinary.Count > 0 && _urgentInARow >= MaxUrgentInARow;
                if (!ordinaryDue && _urgent.TryDequeue(out next))
                {
                    _urgentInARow++;
                }
                else if (_ordinary.TryDequeue(out next))
                {
                    _urgentInARow = 0;
                }
                else
                {
                    _turnTaken = false;
                    return;
                }
            }

            // A waiter that gave up (cancelled, timed out) refuses it; the next one gets it.
            if (next.TrySetResult(new WriteTurn(this)))
            {
                return;
            }
        }
    }
}

/// <summary>The process's write turn, held until disposed (once).</summary>
public sealed class WriteTurn : IDisposable
{
    private Db? _db;

    internal WriteTurn(Db db) => _db = db;

    public void Dispose() => Interlocked.Exchange(ref _db, null)?.PassTurn();
}
