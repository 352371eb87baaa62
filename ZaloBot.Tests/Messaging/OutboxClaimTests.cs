using Dapper;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Messaging;

/// <summary>The sender's claims and marks, on the outbox store's own connection.</summary>
public sealed class OutboxClaimTests
{
    private static async Task<long> AddAsync(Db db, string key, string status)
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO outbox_messages (idempotency_key, channel, recipient_id, payload, status, next_attempt_at, created_at)
            VALUES (@Key, 'user', @Key, '{"text":"x"}', @Status, 0, 0) RETURNING id
            """, new { Key = key, Status = status });
    }

    [Test]
    public async Task Claiming_several_messages_at_once_takes_only_those_still_pending()
    {
        var db = await MigratedDb.CreateAsync();
        var first = await AddAsync(db, "a", OutboxStatus.Pending);
        var taken = await AddAsync(db, "b", OutboxStatus.Sending);
        var third = await AddAsync(db, "c", OutboxStatus.Pending);
        var store = new OutboxStore(db, TimeProvider.System);

        var claimed = await store.ClaimAsync([first, taken, third], urgent: true, CancellationToken.None);

        Assert.That(claimed, Is.EquivalentTo(new[] { first, third }));
        await using var connection = await db.OpenAsync();
        var rows = (await connection.QueryAsync<(long Id, string Status, long Attempts)>(
            "SELECT id, status, attempts FROM outbox_messages ORDER BY id")).ToList();
        Assert.That(rows, Is.EqualTo(new[] { (first, "sending", 1L), (taken, "sending", 0L), (third, "sending", 1L) }));
    }

    [Test]
    public async Task A_sent_mark_stores_zalo_s_message_id_and_clears_the_last_error()
    {
        var db = await MigratedDb.CreateAsync();
        var id = await AddAsync(db, "a", OutboxStatus.Pending);
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE outbox_messages SET error_code = 503, error_reason = 'x' WHERE id = @Id", new { Id = id });
        }

        var store = new OutboxStore(db, TimeProvider.System);
        Assert.That(await store.ClaimAsync(id, urgent: false, CancellationToken.None), Is.True);
        await store.MarkSentAsync(id, "zalo-msg-1", urgent: false);

        await using var check = await db.OpenAsync();
        var row = await check.QuerySingleAsync<(string Status, string ZaloMessageId, long? ErrorCode)>(
            "SELECT status, zalo_message_id, error_code FROM outbox_messages WHERE id = @Id", new { Id = id });
        Assert.That(row, Is.EqualTo(("sent", "zalo-msg-1", (long?)null)));
    }
}
