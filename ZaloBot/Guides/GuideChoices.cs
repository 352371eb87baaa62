using ZaloBot.Messaging;

namespace ZaloBot.Guides;

/// <summary>The guides' choices that other parts of the resident's conversation offer too.</summary>
public static class GuideChoices
{
    /// <summary>«Menu chính»: back to the guides' main menu.</summary>
    public static Choice Menu { get; } = new(GuideTexts.MenuButton, new GuideAction.Menu().Encode());

    /// <summary>«Gặp Tổ công nghệ số»: ask for a person again.</summary>
    public static Choice AskForPerson { get; } = new(GuideTexts.HandoffButton, new GuideAction.Handoff(null).Encode());
}
