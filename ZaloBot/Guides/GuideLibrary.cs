namespace ZaloBot.Guides;

// The loaded, checked content: what the engine walks. Built by GuideLoader from Guides/Content/*.yaml.

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
