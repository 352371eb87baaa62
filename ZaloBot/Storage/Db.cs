using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ZaloBot.Storage;

/// <summary>Opens SQLite connections with the pragmas every connection needs.</summary>
public sealed class Db(IOptions<StorageOptions> options)
{
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
        using var pragmas = connection.CreateCommand();
        // Foreign keys and the busy timeout are per connection, so every open sets them.
        pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
