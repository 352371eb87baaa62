namespace ZaloBot.Messaging;

/// <summary>The adapter of each channel the app runs.</summary>
public sealed class ChannelAdapters(IEnumerable<IChannelAdapter> adapters)
{
    private readonly Dictionary<ChannelId, IChannelAdapter> _byChannel = adapters.ToDictionary(a => a.Channel);

    public IChannelAdapter this[ChannelId channel] =>
        _byChannel.TryGetValue(channel, out var adapter) ? adapter : throw new InvalidOperationException($"No adapter runs the {channel} channel.");
}
