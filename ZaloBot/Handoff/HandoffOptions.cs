namespace ZaloBot.Handoff;

/// <summary>The <c>Handoff</c> configuration section.</summary>
public sealed class HandoffOptions
{
    public const string Section = "Handoff";

    /// <summary>A request nobody took after this long is recalled in its team's group.</summary>
    public TimeSpan RemindAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A request nobody took after this long is raised to the commune team (longer than <see cref="RemindAfter"/>).</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often the reminder loop looks for requests that wait too long.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a done or cancelled request keeps the resident's phone and Zalo name (for a call about what was done);
    /// then they are cleared and the request shows neither.
    /// </summary>
    public TimeSpan ContactRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A resident who stops answering the bot's questions for this long is back with the guides.</summary>
    public TimeSpan ConversationTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The picture Zalo shows on the "share your name and phone" card (<c>request_user_info</c> needs one). Empty
    /// means the bot does not ask; Sandbox mode uses a placeholder, since the emulator never loads it.
    /// </summary>
    public string ContactCardImageUrl { get; set; } = "";

    public bool AsksForContact => ContactCardImageUrl.Length > 0;
}
