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

    /// <summary>Wrong codes a request survives; the next wrong one drops it (a million codes cannot be tried).</summary>
    public const int MaxAttempts = 5;

    /// <summary>A pending link of one membership: who asked, the code's salt and hash, wrong codes so far, when it ends.</summary>
    public sealed record PendingLink(long MemberId, byte[] CodeSalt, byte[] CodeHash, long Attempts, long ExpiresAt)
    {
        public bool Matches(string code) => CryptographicOperations.FixedTimeEquals(CodeHash, Hash(CodeSalt, code));

        public bool HasExpired(DateTimeOffset now) => ExpiresAt <= now.ToUnixTimeMilliseconds();
    }

    /// <summary>
    /// A new pending link from this identity to these memberships, with a fresh code; returns the code, which only
    /// the group notice may carry. It replaces the memberships' earlier requests on this channel and this identity's
    /// earlier request, whoever it named.
    /// </summary>
    public static async Task<string> ReplaceAsync(
        IDbConnection connection, IDbTransaction? transaction, IReadOnlyList<long> memberIds, ChannelId via, string userId, DateTimeOffset now)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        await connection.ExecuteAsync(
            "DELETE FROM member_link_codes WHERE via = @Via AND (user_id = @UserId OR member_id IN @MemberIds)",
            new { Via = via.Code(), UserId = userId, MemberIds = memberIds }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO member_link_codes (member_id, via, user_id, code_salt, code_hash, expires_at)
            VALUES (@MemberId, @Via, @UserId, @Salt, @Hash, @ExpiresAt)
            """, memberIds.Select(id => new
        {
            MemberId = id,
            Via = via.Code(),
            UserId = userId,
            Salt = salt,
            Hash = Hash(salt, code),
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

    /// <summary>One more wrong code; returns the attempts left, and drops the link when none are.</summary>
    public static async Task<int> CountWrongCodeAsync(IDbConnection connection, IDbTransaction? transaction, ChannelId via, string userId)
    {
        var parameters = new { Via = via.Code(), UserId = userId, Max = MaxAttempts };
        var attempts = await connection.ExecuteScalarAsync<long>(
            "UPDATE member_link_codes SET attempts = attempts + 1 WHERE via = @Via AND user_id = @UserId RETURNING attempts", parameters, transaction);
        if (attempts >= MaxAttempts)
        {
            await DeleteAsync(connection, transaction, via, userId);
        }

        return (int)Math.Max(0, MaxAttempts - attempts);
    }

    /// <summary>The identity's pending link is used up, refused or expired.</summary>
    public static Task DeleteAsync(IDbConnection connection, IDbTransaction? transaction, ChannelId via, string userId) =>
        connection.ExecuteAsync("DELETE FROM member_link_codes WHERE via = @Via AND user_id = @UserId", new { Via = via.Code(), UserId = userId }, transaction);

    private static byte[] Hash(byte[] salt, string code) => SHA256.HashData([.. salt, .. Encoding.ASCII.GetBytes(code)]);
}
