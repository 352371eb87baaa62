namespace ZaloBot.Guides;

// The loaded, checked content: what the engine walks. Built by GuideLoader from Guides/Content/*.yaml.

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

public sealed record GuideButton(string Title, GuideTarget Target);

public sealed record GuideStep(string Id, string Text, string? ImageUrl, IReadOnlyList<GuideButton> Buttons);

/// <summary>Where a guide's facts come from, and the day someone last read it to check them.</summary>
public sealed record GuideSource(string Url, string? Note, DateOnly Checked)
{
    /// <summary>A guide is only as fresh as the least recently checked source it relies on; null when there are none.</summary>
    public static DateOnly? OldestCheck(IReadOnlyList<GuideSource> sources) =>
        sources is null or { Count: 0 } ? null : sources.Min(s => s.Checked);
}

/// <summary>
/// One guide, or the menu. <see cref="Steps"/> starts with the step a guide opens on: the engine-made
/// "cần chuẩn bị" step (<see cref="GuideLibrary.IntroStepId"/>) when the guide has things to prepare.
/// </summary>
public sealed record Guide(
    string FileName,
    string Id,
    string Title,
    string ShortTitle,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<string> Prepare,
    IReadOnlyList<GuideSource> Sources,
    string? Welcome,
    IReadOnlyList<GuideStep> Steps)
{
    public bool IsMenu => Id == GuideLibrary.MenuId;

    /// <summary>The oldest check among the sources: the date residents and officials are shown. Null for the menu.</summary>
    public DateOnly? Checked => GuideSource.OldestCheck(Sources);

    public GuideStep Start => Steps[0];

    public GuideStep? FindStep(string stepId) => Steps.FirstOrDefault(s => s.Id == stepId);
}

public sealed record GuidePosition(string GuideId, string StepId)
{
    public override string ToString() => GuideId + "/" + StepId;
}

/// <summary>Every guide, the menu among them, keyed by id.</summary>
public sealed class GuideLibrary
{
    public const string MenuId = "menu";

    /// <summary>Authored step ids are lower-case words and dashes, so this engine-made id can never clash.</summary>
    public const string IntroStepId = "_intro";

    private readonly Dictionary<string, Guide> _byId;

    public GuideLibrary(IReadOnlyList<Guide> guides, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(guides);
        _byId = guides.ToDictionary(g => g.Id, StringComparer.Ordinal);
        Guides = guides;
        Warnings = warnings;
    }

    /// <summary>All guides in file-name order, the menu included.</summary>
    public IReadOnlyList<Guide> Guides { get; }

    /// <summary>Soft problems (a step over the ~600-character aim): logged at start-up, failed by the tests.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public Guide Menu => _byId[MenuId];

    public GuidePosition MenuStart => new(MenuId, Menu.Start.Id);

    public IEnumerable<Guide> Topics => Guides.Where(g => !g.IsMenu);

    public Guide? Find(string guideId) => _byId.GetValueOrDefault(guideId);

    public GuideStep? Find(GuidePosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return Find(position.GuideId)?.FindStep(position.StepId);
    }

    public GuidePosition StartOf(Guide guide)
    {
        ArgumentNullException.ThrowIfNull(guide);
        return new GuidePosition(guide.Id, guide.Start.Id);
    }
}
