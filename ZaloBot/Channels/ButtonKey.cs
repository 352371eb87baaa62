using Dapper;
using Microsoft.Data.Sqlite;

namespace ZaloBot.Channels;

/// <summary>
/// The install's key that signs button payloads (<see cref="ButtonPayloads"/>), in the <c>guide_button_key</c> table:
/// made on first use, then read once and kept.
/// </summary>
public sealed class ButtonKey
{
    // Kept only once read back from a committed row: a key made in a transaction that rolls back is never cached.
    private ButtonPayloads? _payloads;

    public async Task<ButtonPayloads> PayloadsAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        if (Volatile.Read(ref _payloads) is { } cached)
        {
            return cached;
        }

        var created = await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO guide_button_key (id, secret, created_at) VALUES (1, @Secret, @Now)",
            new { Secret = ButtonPayloads.NewKey(), Now = now.ToUnixTimeMilliseconds() }, transaction);
        var key = await connection.ExecuteScalarAsync<byte[]>("SELECT secret FROM guide_button_key WHERE id = 1", transaction: transaction)
            ?? throw new InvalidOperationException("guide_button_key has no key after insert.");
        var payloads = new ButtonPayloads(key);
        if (created == 0)
        {
            Volatile.Write(ref _payloads, payloads);
        }

        return payloads;
    }
}
