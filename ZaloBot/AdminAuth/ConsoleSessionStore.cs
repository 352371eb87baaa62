using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using ZaloBot.Storage;

namespace ZaloBot.AdminAuth;

/// <summary>
/// The console's sessions, in the database: the cookie carries a session id and the sign-in lives here, looked up on
/// every request. Signing out deletes the row, so a copied cookie stops working at once; at start, the sessions of keys
/// no longer configured are deleted; expired rows go whenever someone signs in.
/// </summary>
public sealed class ConsoleSessionStore(Db db, TimeProvider clock) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await connection.ExecuteAsync("""
            DELETE FROM console_sessions WHERE expires_at <= @Now;
            INSERT INTO console_sessions (id, key_fingerprint, ticket, expires_at) VALUES (@Id, @Fingerprint, @Ticket, @ExpiresAt);
            """, new
        {
            Id = id,
            Fingerprint = ticket.Principal.FindFirst(Officer.KeyClaim)?.Value ?? "",
            Ticket = TicketSerializer.Default.Serialize(ticket),
            ExpiresAt = ExpiresAt(ticket),
            Now = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await connection.ExecuteAsync(
            "UPDATE console_sessions SET ticket = @Ticket, expires_at = @ExpiresAt WHERE id = @Id",
            new { Id = key, Ticket = TicketSerializer.Default.Serialize(ticket), ExpiresAt = ExpiresAt(ticket) });
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var connection = await db.OpenAsync();
        var ticket = await connection.QuerySingleOrDefaultAsync<byte[]>(
            "SELECT ticket FROM console_sessions WHERE id = @Id AND expires_at > @Now",
            new { Id = key, Now = clock.GetUtcNow().ToUnixTimeMilliseconds() });
        return ticket is null ? null : TicketSerializer.Default.Deserialize(ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await connection.ExecuteAsync("DELETE FROM console_sessions WHERE id = @Id", new { Id = key });
    }

    /// <summary>Ends the sessions of every key that is not among <paramref name="fingerprints"/>; returns how many.</summary>
    public async Task<int> EndOthersAsync(IReadOnlyList<string> fingerprints, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM console_sessions WHERE key_fingerprint NOT IN @Fingerprints", new { Fingerprints = fingerprints });
    }

    private long ExpiresAt(AuthenticationTicket ticket) =>
        (ticket.Properties.ExpiresUtc ?? clock.GetUtcNow().AddHours(8)).ToUnixTimeMilliseconds();
}

/// <summary>Puts the session store behind the console's cookie, and ends removed keys' sessions when the app starts.</summary>
public static partial class ConsoleSessions
{
    public static IHostApplicationBuilder AddConsoleSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConsoleSessionStore>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(ConsoleSignIn.Scheme)
            .Configure<ConsoleSessionStore>((options, store) => options.SessionStore = store);
        builder.Services.AddHostedService<EndRemovedKeysSessions>();
        return builder;
    }

    private sealed partial class EndRemovedKeysSessions(ConsoleSessionStore store, AdminApiKeys keys, ILogger<EndRemovedKeysSessions> logger)
        : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (await store.EndOthersAsync(keys.Fingerprints, cancellationToken) is > 0 and var ended)
            {
                LogEnded(logger, ended);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Console: {Count} sessions of admin keys no longer configured were ended")]
        private static partial void LogEnded(ILogger logger, int count);
    }
}
