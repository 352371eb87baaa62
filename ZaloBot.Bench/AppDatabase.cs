using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ZaloBot.Bench;

/// <summary>Reads the app's database file beside the running app (read-only): row counts by status.</summary>
internal static class AppDatabase
{
    public static async Task<(Dictionary<string, long> Inbox, Dictionary<string, long> Outbox)> CountAsync(string database)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 10 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var inbox = (await connection.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM inbox_events GROUP BY status"))
            .ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
        var outbox = (await connection.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM outbox_messages GROUP BY status"))
            .ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
        return (inbox, outbox);
    }

    /// <summary>Waits (bounded) until the app has handled every stored event and sent every queued message.</summary>
    public static async Task<bool> WaitIdleAsync(string database, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var (inbox, outbox) = await CountAsync(database);
            if (inbox.GetValueOrDefault("pending") == 0 && outbox.GetValueOrDefault("pending") == 0 && outbox.GetValueOrDefault("sending") == 0)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
