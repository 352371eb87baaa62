using ZaloBot.Messaging;

namespace ZaloBot.Guides;

/// <summary>
/// A resident asked the guides for a person ("Gặp Tổ công nghệ số", tapped or typed). <see cref="GuideId"/>,
/// <see cref="GuideTitle"/> and <see cref="StepId"/> say where in a guide they were (null from the menu);
/// <see cref="Text"/> is what they typed, when they typed it. <see cref="ReturnChoices"/> lead back to where they were
/// ("Quay lại hướng dẫn", "Menu chính"), for the handoff's answers to carry.
/// </summary>
public sealed record HandoffRequest(string? GuideId, string? GuideTitle, string? StepId, string? Text, IReadOnlyList<Choice> ReturnChoices);
