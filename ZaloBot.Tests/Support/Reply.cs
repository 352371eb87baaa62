using ZaloBot.Zalo;

namespace ZaloBot.Tests.Support;

/// <summary>What the bot answered to one event; <see cref="Last"/> carries the buttons.</summary>
public sealed record Reply(IReadOnlyList<OutgoingMessage> Messages)
{
    public OutgoingMessage Last => Messages[^1];

    public IReadOnlyList<ZaloButton> Buttons => Messages.Count == 0 ? [] : Last.Buttons;

    public string Text => string.Join("\n---\n", Messages.Select(m => m.Text));

    public ZaloButton Button(string title) =>
        Buttons.SingleOrDefault(b => b.Title == title)
        ?? throw new AssertionException($"No button '{title}' in [{string.Join(", ", Buttons.Select(b => b.Title))}] after: {Text}");
}
