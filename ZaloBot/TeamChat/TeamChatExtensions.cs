namespace ZaloBot.TeamChat;

public static class TeamChatExtensions
{
    /// <summary>The team commands, which the router gives every team command it reads.</summary>
    public static IHostApplicationBuilder AddTeamChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TeamCommands>();
        return builder;
    }
}
