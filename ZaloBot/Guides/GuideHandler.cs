using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.Guides;

/// <summary>
/// Residents' 1:1 messages and follows → the guides. Group messages, and text starting with '#' or '/' (team
/// commands), are left to other handlers. The session, the replies and any handoff commit in the dispatcher's
/// transaction together.
/// </summary>
public sealed class GuideHandler(GuideEngine engine, IHandoffStarter handoff) : IEventHandler
{
    // Cached only once read back from a committed row: a key made in a transaction that rolls back is never kept.
    private byte[]? _key;

    public async Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var userId = context.Event switch
        {
            FollowEvent follow => follow.UserId,
            UserMessageEvent message when !IsTeamCommand(message.Message.Text) => message.UserId,
            _ => null,
        };
        if (userId is null)
        {
            return false;
        }

        var payloads = new ButtonPayloads(await KeyAsync(context));
        var session = await GuideSessionStore.FindAsync(context.Connection, context.Transaction, userId);
        var turn = context.Event switch
        {
            FollowEvent => engine.Follow(userId, context.Now, payloads),
            // A reply of ours expired in a Zalo outage: what came before is stale, so say sorry and offer the menu.
            UserMessageEvent when await OutboxStore.TakeMissedReplyAsync(context.Connection, context.Transaction, userId) =>
                engine.AfterOutage(session, userId, context.Now, payloads),
            UserMessageEvent { Message.Text: { } text } when !string.IsNullOrWhiteSpace(text) => engine.Text(session, userId, text.Trim(), context.Now, payloads),
            _ => engine.NonText(session, userId, context.Now, payloads),
        };

        foreach (var reply in turn.Replies)
        {
            await context.ReplyAsync(reply);
        }

        if (turn.Handoff is { } request)
        {
            await handoff.StartAsync(request, context, cancellationToken);
        }

        await GuideSessionStore.SaveAsync(context.Connection, context.Transaction, turn.Session, context.Now);
        return true;
    }

    /// <summary>Team commands ("#baocao", "/help") belong to the team chat, even when sent 1:1.</summary>
    public static bool IsTeamCommand(string? text) => text?.TrimStart() is [ '#' or '/', ..];

    private async Task<byte[]> KeyAsync(EventContext context)
    {
        if (Volatile.Read(ref _key) is { } cached)
        {
            return cached;
        }

        var (key, existed) = await GuideSessionStore.GetOrCreateButtonKeyAsync(context.Connection, context.Transaction, context.Now);
        if (existed)
        {
            Volatile.Write(ref _key, key);
        }

        return key;
    }
}
