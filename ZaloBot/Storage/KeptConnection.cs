using Microsoft.Data.Sqlite;

namespace ZaloBot.Storage;

/// <summary>
/// A connection of its own, opened on first use and kept. Every command on it keeps its SQL compiled, Dapper's
/// included (see <see cref="StatementKeepingConnection"/>); the statements the queues run on every round are also kept
/// here as whole commands (<see cref="Statements.Get"/>), which set their values by position instead of making a
/// command and binding an object's properties per call. One user at a time, like any connection: its owner says what
/// serializes the users (for <see cref="Db.Writer"/>, the write turn).
/// </summary>
/// <remarks>
/// After a failure the connection and its statements are dropped, so the next use starts from a fresh connection
/// rather than from one left inside a broken transaction.
/// </remarks>
public sealed class KeptConnection(Db db) : IAsyncDisposable
{
    private readonly Dictionary<string, PreparedCommand> _statements = new(StringComparer.Ordinal);
    private StatementKeepingConnection? _connection;

    /// <summary>Whether the connection's commits are synced now (<c>synchronous=FULL</c>) or redoable (<c>NORMAL</c>, as it opens).</summary>
    private bool _durable;

    /// <summary>Runs <paramref name="work"/> on the kept connection; it gets its statements from <see cref="Statements"/>.</summary>
    public async Task<T> RunAsync<T>(Func<Statements, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return await RunAsync(statements => Task.FromResult(work(statements)), cancellationToken);
    }

    /// <summary>As the other overload, for work that awaits (Dapper's calls on <see cref="Statements.Connection"/>).</summary>
    public async Task<T> RunAsync<T>(Func<Statements, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_connection is null)
        {
            _connection = await db.OpenWriterAsync(cancellationToken);
            _durable = false;
        }

        try
        {
            return await work(new Statements(this, _connection));
        }
        catch
        {
            await DropAsync();
            throw;
        }
    }

    /// <summary>The statements kept now, by their SQL (for tests that check who writes through this connection).</summary>
    internal IReadOnlyCollection<string> KeptStatements => _statements.Keys;

    /// <summary>How many texts the open connection has compiled (see <see cref="StatementKeepingConnection"/>; for tests).</summary>
    internal int Compilations => _connection?.Compilations ?? 0;

    /// <summary>Closes the connection (the next use opens it again).</summary>
    public ValueTask DisposeAsync() => DropAsync();

    private async ValueTask DropAsync()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    /// <summary>The kept connection's statements, for the duration of one <see cref="RunAsync{T}(Func{Statements, T}, CancellationToken)"/>.</summary>
    public readonly struct Statements(KeptConnection owner, SqliteConnection connection)
    {
        /// <summary>The connection itself, for Dapper's calls inside a transaction of <see cref="BeginTransaction"/>.</summary>
        public SqliteConnection Connection => connection;

        /// <summary>
        /// Begins an immediate transaction whose commit is synced before it returns when <paramref name="durable"/>
        /// (an acknowledged webhook's), or is redoable (see <see cref="Db.OpenRedoableAsync"/>): the sync level is the
        /// connection's, so it is switched here when the transaction wants the other one.
        /// </summary>
        public SqliteTransaction BeginTransaction(bool durable)
        {
            if (owner._durable != durable)
            {
                Get(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", null).Run();
                owner._durable = durable;
            }

            return connection.BeginTransaction(deferred: false);
        }

        /// <summary>
        /// The command for <paramref name="sql"/>, made the first time and kept, its parameters set by position
        /// (see <see cref="PreparedCommand"/>); inside a transaction of this connection, pass it.
        /// </summary>
        public PreparedCommand Get(string sql, SqliteTransaction? transaction, params string[] parameterNames)
        {
            if (!owner._statements.TryGetValue(sql, out var statement))
            {
                statement = new PreparedCommand(connection, transaction, sql, parameterNames);
                owner._statements.Add(sql, statement);
            }

            statement.Transaction = transaction;
            return statement;
        }
    }
}
