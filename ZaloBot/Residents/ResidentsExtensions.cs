namespace ZaloBot.Residents;

public static class ResidentsExtensions
{
    /// <summary>The resident's conversation, which the router gives every 1:1 event that is not a team command.</summary>
    public static IHostApplicationBuilder AddResidents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ResidentConversation>();
        return builder;
    }
}
