namespace ZaloBot.Guides;

/// <summary>What a button (or a typed number, or a typed command) asks the engine to do.</summary>
public abstract record GuideAction
{
    /// <summary>Open a step: <c>s/guide/step</c>.</summary>
    public sealed record Go(GuidePosition To) : GuideAction;

    /// <summary>The main menu: <c>m</c>.</summary>
    public sealed record Menu : GuideAction;

    /// <summary>The step before this one: <c>b</c>.</summary>
    public sealed record Back : GuideAction;

    /// <summary>The current guide from its start: <c>r</c>.</summary>
    public sealed record Restart : GuideAction;

    /// <summary>Show the current step again (after a long silence): <c>c</c>.</summary>
    public sealed record ShowCurrent : GuideAction;

    /// <summary>A person from the village team, about the step the resident was on: <c>h/guide/step</c> or <c>h</c>.</summary>
    public sealed record Handoff(GuidePosition? Topic) : GuideAction;

    public string Encode() => this switch
    {
        Go go => $"s/{go.To.GuideId}/{go.To.StepId}",
        Menu => "m",
        Back => "b",
        Restart => "r",
        ShowCurrent => "c",
        Handoff { Topic: { } topic } => $"h/{topic.GuideId}/{topic.StepId}",
        Handoff => "h",
        _ => throw new InvalidOperationException($"Unknown action {GetType().Name}"),
    };

    public static GuideAction? Decode(string? text)
    {
        var parts = (text ?? "").Split('/');
        return parts switch
        {
            ["s", var guide, var step] when guide.Length > 0 && step.Length > 0 => new Go(new GuidePosition(guide, step)),
            ["m"] => new Menu(),
            ["b"] => new Back(),
            ["r"] => new Restart(),
            ["c"] => new ShowCurrent(),
            ["h"] => new Handoff(null),
            ["h", var guide, var step] when guide.Length > 0 && step.Length > 0 => new Handoff(new GuidePosition(guide, step)),
            _ => null,
        };
    }
}
