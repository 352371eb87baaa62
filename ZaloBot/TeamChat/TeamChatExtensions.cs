using ZaloBot.Messaging;
using ZaloBot.Teams;

namespace ZaloBot.TeamChat;

public static class TeamChatExtensions
{
    /// <summary>
    /// The team commands, which the router gives every team command it reads, and the retention of the pending links
    /// <c>#dangky</c>/<c>#xacnhan</c> keep.
    /// </summary>
    public static IHostApplicationBuilder AddTeamChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TeamCommands>();
        builder.Services.AddSingleton<IRetentionRule, MemberLinkRetention>();
        return builder;
    }
}
