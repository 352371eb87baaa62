using System.Data;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using ZaloBot.Messaging;

namespace ZaloBot.Teams;

/// <summary>
/// Pending links (<c>member_link_codes</c>): someone asked 1:1 on a channel to be a member who does not write there
/// yet, and a code went to the member's team groups. Only a hash of the code is kept, with a salt of its own per
/// request, so the table never holds a code that could be typed. Every method runs on the caller's connection and
/// transaction.
/// </summary>
public static class MemberLinkStore
{
    /// <summary>How long a posted code may be brought back.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Wrong codes that drop a request (a million codes cannot be tried).</summary>
    public const int MaxAttempts = 5;

    /// <summary>A pending link of one membership: who asked, the code's salt and hash, wrong codes so far, when it ends.</summary>
    public sealed record PendingLink(long MemberId, byte[] CodeSalt, byte[] CodeHash, long Attempts, long ExpiresAt)
    {
        public bool IsDropped => Attempts >= MaxAttempts;

        public bool Matches(string code) => CryptographicOperations.FixedTimeEquals(CodeHash, Hash(CodeSalt, code));

        public bool HasExpired(DateTimeOffset now) => ExpiresAt <= now.ToUnixTimeMilliseconds();
    }

    /// <summary>
    /// A new pending link from this identity to these memberships, with a fresh code; returns the code, which only
    /// the group notice may carry, or null while an earlier request for them or from this identity is dropped for
    /// wrong codes and not yet expired. It replaces the memberships' earlier requests on this channel and this
    /// identity's earlier request, whoever it named, and inherits their wrong codes: asking again does not buy more
    /// guesses.
    /// </summary>
    public static async Task<string?> ReplaceAsync(
        IDbConnection connection, IDbTransaction? transaction, IReadOnlyList<long> memberIds, ChannelId via, string userId, DateTimeOffset now)
    {
        var earlier = new { Via = via.Code(), UserId = userId, MemberIds = memberIds, Now = now.ToUnixTimeMilliseconds() };
        var attempts = await connection.ExecuteScalarAsync<long>("""
            SELECT COALESCE(MAX(attempts), 0) FROM member_link_codes
            WHERE via = @Via AND (user_id = @UserId OR member_id IN @MemberIds) AND expires_at > @Now
            """, earlier, transaction);
        if (attempts >= MaxAttempts)
        {
            return null;
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        await connection.ExecuteAsync(
            "DELETE FROM member_link_codes WHERE via = @Via AND (user_id = @UserId OR member_id IN @MemberIds)", earlier, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO member_link_codes (member_id, via, user_id, code_salt, code_hash, attempts, expires_at)
            VALUES (@MemberId, @Via, @UserId, @Salt, @Hash, @Attempts, @ExpiresAt)
            """, memberIds.Select(id => new
        {
            MemberId = id,
            Via = via.Code(),
            UserId = userId,
            Salt = salt,
            Hash = Hash(salt, code),
            Attempts = attempts,
            ExpiresAt = (now + Lifetime).ToUnixTimeMilliseconds(),
        }), transaction);
        return code;
    }

    /// <summary>This identity's pending link, one row per membership it names (none when it asked for nothing).</summary>
    public static async Task<IReadOnlyList<PendingLink>> FindAsync(IDbConnection connection, IDbTransaction? transaction, ChannelId via, string userId) =>
        (await connection.QueryAsync<PendingLink>("""
            SELECT member_id AS MemberId, code_salt AS CodeSalt, code_hash AS CodeHash, attempts AS Attempts, expires_at AS ExpiresAt
            FROM member_link_codes WHERE via = @Via AND user_id = @UserId ORDER BY member_id
            """, new { Via = via.Code(), UserId = userId }, transaction)).ToList();

    /// <summary>
    /// One more wrong code; returns the attempts left. At none the link is dropped: its code no longer works, and the
    /// row stays until it expires only to refuse a new request (and its fresh guesses) until then.
    /// </summary>
    public static async Task<int> CountWrongCodeAsync(IDbConnection connection, IDbTransaction? transaction, ChannelId via, string userId)
    {
        var attempts = await connection.ExecuteScalarAsync<long>(
            "UPDATE member_link_codes SET attempts = attempts + 1 WHERE via = @Via AND user_id = @UserId RETURNING attempts",
            new { Via = via.Code(), UserId = userId }, transaction);
        return (int)Math.Max(0, MaxAttempts - attempts);
    }

    /// <summary>The identity's pending link is used up, refused or expired.</summary>
    public static Task DeleteAsync(IDbConnection connection, IDbTransaction? transaction, ChannelId via, string userId) =>
        connection.ExecuteAsync("DELETE FROM member_link_codes WHERE via = @Via AND user_id = @UserId", new { Via = via.Code(), UserId = userId }, transaction);

    private static byte[] Hash(byte[] salt, string code) => SHA256.HashData([.. salt, .. Encoding.ASCII.GetBytes(code)]);
}
