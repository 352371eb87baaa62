namespace ZaloBot.Broadcasts;

/// <summary>
/// How many an audience would reach if sent now, with a one-line Vietnamese summary; <see cref="Unconnected"/> names
/// the first teams without a Zalo group, so an official can go and connect them.
/// </summary>
public sealed record PreviewItem(
    long Recipients, long WillSend, long OutOfWindow, long NoGroup, DateTimeOffset? HeldUntil, string Summary, IReadOnlyList<TeamLink> Unconnected);

/// <summary>A team by id and name, for a link to its page.</summary>
public sealed record TeamLink(long Id, string Name);
