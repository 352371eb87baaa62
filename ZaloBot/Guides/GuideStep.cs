namespace ZaloBot.Guides;

public sealed record GuideButton(string Title, GuideTarget Target);

public sealed record GuideStep(string Id, string Text, string? ImageUrl, IReadOnlyList<GuideButton> Buttons);
