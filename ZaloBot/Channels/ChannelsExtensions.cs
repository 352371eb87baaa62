using ZaloBot.Messaging;

namespace ZaloBot.Channels;

public static class ChannelsExtensions
{
    /// <summary>The channels the app runs, each an adapter over its client: the Zalo OA and the Zalo Bot Platform.</summary>
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ButtonKey>();
        builder.Services.AddSingleton<IChannelAdapter, ZaloOaChannel>();
        builder.Services.AddSingleton<IChannelAdapter, ZaloBotPlatformChannel>();
        return builder;
    }
}
