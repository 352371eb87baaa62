using Dapper;
using ZaloBot.Storage;

namespace ZaloBot.Zalo;

/// <summary>The OA's token pair as stored. Times are unix milliseconds.</summary>
public sealed record ZaloTokens(string AccessToken, string RefreshToken, long ExpiresAt, long UpdatedAt)
{
    // Records print their members; tokens must never reach a log line by accident.
    public override string ToString() => $"ZaloTokens(expires_at={ExpiresAt}, updated_at={UpdatedAt})";
}

/// <summary>The single row of <c>zalo_tokens</c>.</summary>
public sealed class TokenStore(Db db)
{
    private const string Columns = """
        access_token AS AccessToken, refresh_token AS RefreshToken, expires_at AS ExpiresAt, updated_at AS UpdatedAt
        """;

    public async Task<ZaloTokens?> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ZaloTokens>(new CommandDefinition(
            $"SELECT {Columns} FROM zalo_tokens WHERE id = 1", cancellationToken: cancellationToken));
    }

    /// <summary>Writes the pair only when the table is empty; a stored (rotated) pair always wins over config.</summary>
    public async Task<bool> SeedAsync(ZaloTokens tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        await using var connection = await db.OpenAsync(cancellationToken);
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT OR IGNORE INTO zalo_tokens (id, access_token, refresh_token, expires_at, updated_at)
            VALUES (1, @AccessToken, @RefreshToken, @ExpiresAt, @UpdatedAt)
            """, tokens, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task SaveAsync(ZaloTokens tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        await using var connection = await db.OpenAsync(cancellationToken);
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO zalo_tokens (id, access_token, refresh_token, expires_at, updated_at)
            VALUES (1, @AccessToken, @RefreshToken, @ExpiresAt, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                expires_at = excluded.expires_at, updated_at = excluded.updated_at
            """, tokens, cancellationToken: cancellationToken));
    }
}
