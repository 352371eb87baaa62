using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Messaging;

namespace ZaloBot.Teams;

/// <summary>
/// Who asked to be which member is kept until a pending link has been expired as long as it lived: until then a late
/// <c>#xacnhan</c> is told its code expired rather than that nothing was asked.
/// </summary>
public sealed class MemberLinkRetention : IRetentionRule
{
    public Task<int> DeleteExpiredAsync(SqliteConnection connection, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM member_link_codes WHERE expires_at < @Cutoff",
            new { Cutoff = (now - MemberLinkStore.Lifetime).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
}
