namespace ZaloBot.Guides;

/// <summary>Where a button leads.</summary>
public abstract record GuideTarget
{
    /// <summary>A step of a guide (the menu is the guide with id <see cref="GuideLibrary.MenuId"/>).</summary>
    public sealed record ToStep(string GuideId, string StepId) : GuideTarget;

    /// <summary>The first step of the main menu.</summary>
    public sealed record ToMenu : GuideTarget;

    /// <summary>A person from the village team: the resident's conversation starts the handoff questions.</summary>
    public sealed record ToHandoff : GuideTarget;
}
