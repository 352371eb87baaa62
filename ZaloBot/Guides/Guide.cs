namespace ZaloBot.Guides;

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
