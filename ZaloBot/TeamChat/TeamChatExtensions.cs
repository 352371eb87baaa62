using ZaloBot.Messaging;

namespace ZaloBot.TeamChat;

public static class TeamChatExtensions
{
    /// <summary>The team-command handler. Register it before the guides, so a member's commands reach it first.</summary>
    public static IHostApplicationBuilder AddTeamChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEventHandler<TeamChatHandler>();
        return builder;
    }
}
