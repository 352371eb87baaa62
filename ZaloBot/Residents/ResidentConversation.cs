using ZaloBot.Guides;
using ZaloBot.Handoff;
using ZaloBot.Messaging;

namespace ZaloBot.Residents;

/// <summary>Which part of a resident's conversation their next message belongs to.</summary>
public enum ResidentMode
{
    /// <summary>Nothing under way yet: no guide session. What they write starts the guides.</summary>
    Idle,

    /// <summary>In the guides' menus and steps.</summary>
    Guide,

    /// <summary>Answering the questions before a request goes to their team, or about a request already sent.</summary>
    HandoffQuestions,
}

/// <summary>
/// The one owner of a resident's 1:1 conversation with the bot: every 1:1 event that is not a team command comes
/// here. It knows the conversation's mode and gives each message to the part that answers it: the guides
/// (<see cref="GuideEngine"/>) or the handoff questions (<see cref="HandoffQuestions"/>). Those parts never call each
/// other: when the guides ask for a person, this starts the questions; when a resident leaves the questions ("Menu",
/// a guide's choice, something that answers nothing asked), this closes them and the guides answer the same message.
/// Typed text is read once (<see cref="GuideRouter.Understand"/>), for whichever part answers it.
/// </summary>
public sealed class ResidentConversation(GuideEngine guides, GuideRouter router, HandoffQuestions handoff)
{
    public async Task HandleAsync(EventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var open = await handoff.FindOpenAsync(context);
        var session = await GuideSessionStore.FindAsync(context.Connection, context.Transaction, message.Conversation);
        var mode = open is not null ? ResidentMode.HandoffQuestions : session is not null ? ResidentMode.Guide : ResidentMode.Idle;
        // "Hủy" from a resident with a request out, and no question open: it is about the request.
        var toCancel = mode != ResidentMode.HandoffQuestions && message.Kind == IncomingKind.Text && ResidentWords.IsCancel(message.Text)
            ? await handoff.ActiveRequestAsync(context)
            : null;

        switch (message.Kind, mode)
        {
            case (IncomingKind.Follow, _):
                await ApplyAsync(context, guides.Follow(message.Conversation, context.Now));
                break;
            case (IncomingKind.ContactShared, _):
                await handoff.ContactSharedAsync(context, message.Contact!);
                break;
            case (_, ResidentMode.HandoffQuestions):
                await AnswerQuestionsAsync(context, open!, session);
                break;
            case (IncomingKind.Choice, _) when HandoffAction.Decode(message.Choice) is { } action:
                // A handoff choice with no question open: about a request already sent, or stale.
                await handoff.ChooseAsync(context, null, action);
                break;
            case (IncomingKind.Text, _) when toCancel is not null:
                await handoff.OfferCancelAsync(context, toCancel);
                break;
            default:
                await GuidesAsync(context, session, intent: null);
                break;
        }
    }

    /// <summary>A message while the handoff questions are open: an answer or a choice, or the resident leaving them for the guides.</summary>
    private async Task AnswerQuestionsAsync(EventContext context, HandoffConversation open, GuideSession? session)
    {
        var message = context.Message;
        TextIntent? intent = null;
        switch (message.Kind)
        {
            case IncomingKind.Choice when HandoffAction.Decode(message.Choice) is { } action:
                await handoff.ChooseAsync(context, open, action);
                return;
            case IncomingKind.NonText:
                await handoff.RepeatAsync(context, open, HandoffTexts.TextOnly);
                return;
            case IncomingKind.Text:
                var text = message.Text!;
                intent = router.Understand(text);
                if (intent is TextIntent.Command { Kind: GuideCommand.Menu or GuideCommand.Back or GuideCommand.Restart })
                {
                    break;
                }

                if (intent is TextIntent.Command { Kind: GuideCommand.Handoff })
                {
                    await handoff.RepeatAsync(context, open, null);
                    return;
                }

                if (Typed(open, text, intent) is { } chosen)
                {
                    await handoff.ChooseAsync(context, open, chosen);
                    return;
                }

                if (open.TakesAnswer(text))
                {
                    await handoff.AnswerAsync(context, open, text);
                    return;
                }

                break;
            default:
                // A guide's choice, or a stale one: the resident went back to the guides.
                break;
        }

        await handoff.CloseAsync(context);
        await GuidesAsync(context, session, intent);
    }

    /// <summary>A choice of the open question picked by typing: its number (where the question is a list or a yes/no), or its words.</summary>
    private static HandoffAction? Typed(HandoffConversation open, string text, TextIntent intent)
    {
        var option = intent is TextIntent.Number { Value: var n } && open.NumbersChoose && n >= 1 && n <= open.Options.Count
            ? open.Options[n - 1]
            : open.Options.FirstOrDefault(o => GuideRouter.MatchesTitle(text, o.Title));
        return option is null ? null : HandoffAction.Decode(option.Action);
    }

    /// <summary>The guides answer; the first message after a reply of ours expired gets an apology instead.</summary>
    private async Task GuidesAsync(EventContext context, GuideSession? session, TextIntent? intent)
    {
        var message = context.Message;
        var resident = message.Conversation;
        var turn = await OutboxStore.TakeMissedReplyAsync(context.Connection, context.Transaction, resident.Id)
            ? guides.AfterOutage(session, resident, context.Now)
            : message.Kind switch
            {
                IncomingKind.Text => guides.Text(session, resident, message.Text!, intent ?? router.Understand(message.Text), context.Now),
                IncomingKind.Choice => guides.Choose(session, resident, message.Choice!, context.Now),
                IncomingKind.StaleChoice => guides.StaleChoice(session, resident, context.Now),
                _ => guides.NonText(session, resident, context.Now),
            };
        await ApplyAsync(context, turn);
    }

    /// <summary>Sends the guides' replies, starts the handoff questions when they asked for a person, and keeps the session.</summary>
    private async Task ApplyAsync(EventContext context, GuideTurn turn)
    {
        foreach (var reply in turn.Replies)
        {
            await context.ReplyAsync(reply);
        }

        if (turn.Handoff is { } request)
        {
            await handoff.StartAsync(context, request);
        }

        await GuideSessionStore.SaveAsync(context.Connection, context.Transaction, turn.Session, context.Now);
    }
}
