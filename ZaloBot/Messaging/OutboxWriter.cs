using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ZaloBot.Messaging;

/// <summary>How many outbox rows one message became, and whether its text was cut to <c>Messaging:MaxReplyParts</c>.</summary>
public readonly record struct QueuedMessage(int Rows, bool Cut);

/// <summary>
/// Queues what features say: the conversation's channel adapter renders the message (buttons or numbered lines,
/// split to the channel's length), and each part becomes one outbox row in the caller's transaction, so a resend
/// after a crash repeats at most one part. Row keys are <c>{keyPrefix}:{n}</c> from <c>firstNumber</c> on.
/// </summary>
public sealed class OutboxWriter(ChannelAdapters channels, IOptions<MessagingOptions> options)
{
    private readonly int _maxParts = options.Value.MaxReplyParts;

    public async Task<QueuedMessage> EnqueueAsync(
        SqliteConnection connection, SqliteTransaction transaction, string keyPrefix, int firstNumber, Conversation to, BotMessage message,
        int priority, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(to);
        var rendered = await channels[to.Channel].RenderAsync(to, message, connection, transaction, now, _maxParts);
        for (var i = 0; i < rendered.Parts.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{keyPrefix}:{firstNumber + i}");
            await OutboxStore.EnqueueAsync(connection, transaction, key, to, rendered.Parts[i], priority, now);
        }

        return new QueuedMessage(rendered.Parts.Count, rendered.Cut);
    }
}
