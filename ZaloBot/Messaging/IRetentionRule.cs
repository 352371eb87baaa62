using Microsoft.Data.Sqlite;

namespace ZaloBot.Messaging;

/// <summary>
/// Personal data a feature keeps only for a while. The retention sweeper applies every registered rule each round,
/// so a feature states how long its rows live without the sweeper knowing its tables.
/// </summary>
public interface IRetentionRule
{
    /// <summary>Deletes the rows no longer needed at <paramref name="now"/>; the caller holds the write turn. Returns how many.</summary>
    Task<int> DeleteExpiredAsync(SqliteConnection connection, DateTimeOffset now, CancellationToken cancellationToken);
}
