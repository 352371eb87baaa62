using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.Channels;

/// <summary>Choices where there are no buttons: numbered lines under the text, which carry no payload; a typed number chooses.</summary>
internal static class NumberedChoices
{
    public static OutgoingMessage Add(OutgoingMessage message, IReadOnlyList<Choice> choices) =>
        choices.Count == 0
            ? message
            : ZaloText.WithNumberedButtons(message with { Buttons = [.. choices.Select(c => ZaloButton.QueryHide(c.Title, c.Action))] });
}
