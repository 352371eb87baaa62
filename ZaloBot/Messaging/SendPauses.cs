using System.Collections.Concurrent;

namespace ZaloBot.Messaging;

/// <summary>
/// One <see cref="SendPause"/> per channel. Each channel's client has a circuit breaker of its own, so an outage of
/// the OA holds back only the OA's messages, and the bot's go on (and the other way round).
/// </summary>
public sealed class SendPauses(TimeProvider clock, OutboxSignal signal)
{
    private readonly ConcurrentDictionary<ChannelId, SendPause> _pauses = new();

    public SendPause this[ChannelId channel] => _pauses.GetOrAdd(channel, _ => new SendPause(clock, signal));

    /// <summary>Every channel with its pause, in the order the channels are declared.</summary>
    public IEnumerable<(ChannelId Channel, SendPause Pause)> All => Enum.GetValues<ChannelId>().Select(channel => (channel, this[channel]));
}
