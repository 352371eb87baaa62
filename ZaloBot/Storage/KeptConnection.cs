using Microsoft.Data.Sqlite;

namespace ZaloBot.Storage;

/// <summary>
/// A connection of its own, opened on first use and kept, whose statements stay compiled. Microsoft.Data.Sqlite
/// compiles a command's SQL when it first runs and keeps the compiled statement only as long as the command object
/// lives; Dapper makes and disposes a command on every call, so each call parses and plans its SQL again. The loops
/// that run the same few statements many times a second (the dispatcher, the sender) keep them here instead and only
/// bind new values. One user at a time, like any connection: its owner says what serializes the users.
/// </summary>
/// <remarks>
/// After a failure the connection and its statements are dropped, so the next use starts from a fresh connection
/// rather than from one left inside a broken transaction.
/// </remarks>
public sealed class KeptConnection(Db db, bool redoable) : IAsyncDisposable
{
    private readonly Dictionary<string, PreparedCommand> _statements = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;

    /// <summary>Runs <paramref name="work"/> on the kept connection; it gets its statements from <see cref="Statements"/>.</summary>
    public async Task<T> RunAsync<T>(Func<Statements, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        _connection ??= await db.OpenDedicatedAsync(redoable, cancellationToken);
        try
        {
            return work(new Statements(this, _connection));
        }
        catch
        {
            await DropAsync();
            throw;
        }
    }

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

    /// <summary>The kept connection's statements, for the duration of one <see cref="RunAsync{T}"/>.</summary>
    public readonly struct Statements(KeptConnection owner, SqliteConnection connection)
    {
        /// <summary>The connection itself, for a transaction around the statements (pass it to <see cref="Get"/>).</summary>
        public SqliteConnection Connection => connection;

        /// <summary>
        /// The statement for <paramref name="sql"/>, compiled the first time and kept, its parameters set by position
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
