using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ZaloBot.Guides;
using ZaloBot.Messaging;
using ZaloBot.TeamChat;
using ZaloBot.Teams;
using ZaloBot.Text;
using ZaloBot.Zalo;
using static ZaloBot.Handoff.HandoffAction;

namespace ZaloBot.Handoff;

/// <summary>
/// The resident's side of a handoff, 1:1 with the OA. It starts when the guides call <see cref="IHandoffStarter"/>
/// («Gặp Tổ công nghệ số»), asks the village (matched fuzzily, confirmed with a button, or the commune when the
/// resident does not know it), what they need (unless they came from a guide), optionally their name and phone
/// (<c>request_user_info</c>), shows a summary, and on «Gửi yêu cầu» posts the request to the team's group.
/// While that conversation is open it takes the resident's replies before the guides do; "Menu", "Quay lại",
/// "Bắt đầu lại" and the guides' buttons leave it. It also takes every handoff button, the shared contact
/// (<c>user_submit_info</c>), and a typed "hủy" from a resident with an open request. Anything else: false.
/// </summary>
public sealed partial class ResidentHandler(
    HandoffButtons buttons, GuideRouter router, IOptions<HandoffOptions> options, ILogger<ResidentHandler> logger)
    : IEventHandler, IHandoffStarter
{
    private const int MaxTopicLength = 300;
    private const int MaxNameLength = 80;
    private const int MaxEchoLength = 60;

    private readonly HandoffOptions _options = options.Value;

    public async Task StartAsync(HandoffRequest request, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var turn = await Turn.StartAsync(context, request.UserId, buttons);
        if (await HelpRequestStore.FindActiveForResidentAsync(turn.Connection, turn.Transaction, request.UserId) is { } active)
        {
            await LinkAsync(turn, active, request.GuideId, request.GuideTitle, request.ReturnButtons);
            return;
        }

        var conversation = new HandoffConversation(
            request.UserId, HandoffStep.Village, request.GuideId, request.GuideTitle, null, null, null, "", [], request.ReturnButtons, context.Now);
        if (await ResidentStore.GetVillageAsync(turn.Connection, turn.Transaction, request.UserId) is { } village
            && await HandoffRouting.VillagePlaceAsync(turn.Connection, turn.Transaction, village) is { } place)
        {
            await AskAsync(turn, conversation, HandoffStep.ChooseVillage, HandoffTexts.RememberedVillage(place),
            [
                HandoffButtons.Option(HandoffTexts.YesButton, new ChooseVillage(place.UnitId)),
                HandoffButtons.Option(HandoffTexts.OtherVillageButton, new OtherVillage()),
                HandoffButtons.Option(HandoffTexts.QuitButton, new Quit()),
            ]);
            return;
        }

        await AskVillageAsync(turn, conversation, HandoffTexts.AskVillage);
    }

    public async Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (context.Event)
        {
            case UserSubmitInfoEvent info:
                await SharedInfoAsync(await Turn.StartAsync(context, info.UserId, buttons), info.Info);
                return true;
            case UserMessageEvent message when !GuideHandler.IsTeamCommand(message.Message.Text):
                return await MessageAsync(await Turn.StartAsync(context, message.UserId, buttons), message.Message.Text?.Trim());
            default:
                return false;
        }
    }

    private async Task<bool> MessageAsync(Turn turn, string? text)
    {
        if (text is not null && turn.Payloads.TryVerify(turn.UserId, text, out var signed) && Decode(signed) is { } tapped)
        {
            await ApplyAsync(turn, await ConversationAsync(turn), tapped);
            return true;
        }

        var conversation = await ConversationAsync(turn);
        if (conversation is null)
        {
            if (ResidentWords.IsCancel(text)
                && await HelpRequestStore.FindActiveForResidentAsync(turn.Connection, turn.Transaction, turn.UserId) is { } active)
            {
                await OfferCancelAsync(turn, active);
                return true;
            }

            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            await RepeatAsync(turn, conversation, HandoffTexts.TextOnly);
            return true;
        }

        // The guides' buttons and their "Menu", "Quay lại", "Bắt đầu lại" leave the handoff; the guides take them.
        var intent = router.Understand(text);
        if (ButtonPayloads.LooksSigned(text) || intent is TextIntent.Command { Kind: GuideCommand.Menu or GuideCommand.Back or GuideCommand.Restart })
        {
            await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.UserId);
            return false;
        }

        if (intent is TextIntent.Command { Kind: GuideCommand.Handoff })
        {
            await RepeatAsync(turn, conversation, null);
            return true;
        }

        return await TypedAsync(turn, conversation, text);
    }

    /// <summary>A typed reply to the last question. False hands the text back to the guides.</summary>
    private async Task<bool> TypedAsync(Turn turn, HandoffConversation conversation, string text)
    {
        // A typed number (in a list) or a button's words press that button.
        if (PickOption(conversation, text) is { } option && Decode(option.Action) is { } picked)
        {
            await ApplyAsync(turn, conversation, picked);
            return true;
        }

        switch (conversation.Step)
        {
            case HandoffStep.Village or HandoffStep.ChooseVillage:
                await VillageTextAsync(turn, conversation, text);
                return true;
            case HandoffStep.Commune or HandoffStep.ChooseCommune:
                await CommuneTextAsync(turn, conversation, text);
                return true;
            case HandoffStep.Need:
                await NeedTextAsync(turn, conversation, text);
                return true;
            case HandoffStep.Contact:
                await ContactTextAsync(turn, conversation, text);
                return true;
            case HandoffStep.Confirm when ResidentWords.IsYes(text):
                await SendAsync(turn, conversation);
                return true;
            case HandoffStep.Confirm when ResidentWords.IsNo(text) || ResidentWords.IsCancel(text):
                await QuitAsync(turn, conversation);
                return true;
            case HandoffStep.Confirm:
                await RepeatAsync(turn, conversation, null);
                return true;
            case HandoffStep.AddNote:
                await NoteTextAsync(turn, conversation, text);
                return true;
            case HandoffStep.ConfirmCancel when conversation.RequestId is { } id && (ResidentWords.IsYes(text) || ResidentWords.IsCancel(text)):
                await CancelRequestAsync(turn, id);
                return true;
            case HandoffStep.ConfirmCancel when conversation.RequestId is { } id && ResidentWords.IsNo(text):
                await KeepAsync(turn, id);
                return true;
            default:
                // Something else after "hủy yêu cầu?": the resident moved on.
                await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.UserId);
                return false;
        }
    }

    private async Task ApplyAsync(Turn turn, HandoffConversation? conversation, HandoffAction action)
    {
        switch (action)
        {
            case AskCancel ask:
                if (await OwnRequestAsync(turn, ask.RequestId) is { } toCancel)
                {
                    await OfferCancelAsync(turn, toCancel);
                }

                return;
            case HandoffAction.Cancel cancel:
                await CancelRequestAsync(turn, cancel.RequestId);
                return;
            case Keep keep:
                await KeepAsync(turn, keep.RequestId);
                return;
            case HandoffAction.AddNote addNote:
                await AskNoteAsync(turn, addNote.RequestId);
                return;
            default:
                break;
        }

        if (conversation is null)
        {
            await StaleAsync(turn);
            return;
        }

        var step = conversation.Step;
        switch (action)
        {
            case ChooseVillage village when step == HandoffStep.ChooseVillage:
                await VillageChosenAsync(turn, conversation, village.UnitId);
                break;
            case OtherVillage when step is HandoffStep.Village or HandoffStep.ChooseVillage or HandoffStep.Confirm:
                await AskVillageAsync(turn, conversation, HandoffTexts.AskVillageAgain);
                break;
            case VillageUnknown or OtherCommune when step is HandoffStep.Village or HandoffStep.ChooseVillage or HandoffStep.Commune or HandoffStep.ChooseCommune:
                await AskCommuneAsync(turn, conversation);
                break;
            case ChooseCommune commune when step == HandoffStep.ChooseCommune:
                await CommuneChosenAsync(turn, conversation, commune.UnitId);
                break;
            case CommuneUnknown when step is HandoffStep.Commune or HandoffStep.ChooseCommune:
                await EndAsync(turn, conversation, HandoffTexts.PlaceUnknown);
                break;
            case SkipContact when step == HandoffStep.Contact:
                await ConfirmAsync(turn, conversation);
                break;
            case Send when step == HandoffStep.Confirm:
                await SendAsync(turn, conversation);
                break;
            case Quit:
                await QuitAsync(turn, conversation);
                break;
            default:
                await RepeatAsync(turn, conversation, HandoffTexts.StaleButton);
                break;
        }
    }

    private async Task<HandoffConversation?> ConversationAsync(Turn turn)
    {
        var conversation = await HandoffConversationStore.FindAsync(turn.Connection, turn.Transaction, turn.UserId);
        if (conversation is not null && turn.Now - conversation.UpdatedAt > _options.ConversationTimeout)
        {
            // The resident went quiet: what they type now is for the guides.
            await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.UserId);
            return null;
        }

        return conversation;
    }

    /// <summary>The last question again, after a stale tap, a sticker or an answer that did not fit.</summary>
    private static Task RepeatAsync(Turn turn, HandoffConversation conversation, string? prefix) =>
        AskAsync(turn, conversation, conversation.Step, conversation.Prompt, conversation.Options, prefix);

    /// <summary>
    /// Asks the next question (after <paramref name="prefix"/>, if any): the conversation moves to <paramref name="step"/>
    /// and remembers the question and its buttons.
    /// </summary>
    private static async Task AskAsync(
        Turn turn, HandoffConversation conversation, HandoffStep step, string prompt, IReadOnlyList<HandoffOption> options, string? prefix = null)
    {
        await HandoffConversationStore.SaveAsync(turn.Connection, turn.Transaction,
            conversation with { Step = step, Prompt = prompt, Options = options, UpdatedAt = turn.Now });
        await turn.ReplyAsync(prefix is null ? prompt : prefix + "\n\n" + prompt, options.Select(turn.Button));
    }

    private static async Task QuitAsync(Turn turn, HandoffConversation conversation) =>
        await EndAsync(turn, conversation, conversation.Step is HandoffStep.AddNote or HandoffStep.ConfirmCancel ? HandoffTexts.NoteStopped : HandoffTexts.Quit);

    /// <summary>Ends the conversation with a last word and the way back to the guides.</summary>
    private static async Task EndAsync(Turn turn, HandoffConversation conversation, string text)
    {
        await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.UserId);
        await turn.ReplyAsync(text, conversation.ReturnButtons.Count > 0 ? conversation.ReturnButtons : [turn.Menu()]);
    }

    /// <summary>A handoff button with no conversation behind it (it timed out, or was already used).</summary>
    private static async Task StaleAsync(Turn turn)
    {
        if (await HelpRequestStore.FindActiveForResidentAsync(turn.Connection, turn.Transaction, turn.UserId) is { } active)
        {
            var team = (await TeamStore.FindAsync(turn.Connection, turn.Transaction, active.TeamId))!;
            var helper = active.ClaimedBy is { } memberId ? (await MemberStore.FindAsync(turn.Connection, turn.Transaction, memberId))?.FullName : null;
            await turn.ReplyAsync(HandoffTexts.StaleButton + " " + HandoffTexts.AlreadyOpen(active, team, helper, null, turn.Now),
            [
                turn.Button(HandoffButtons.Option(HandoffTexts.AddNoteButton, new HandoffAction.AddNote(active.Id))),
                turn.Button(HandoffButtons.Option(HandoffTexts.CancelRequestButton, new AskCancel(active.Id))),
                turn.Menu(),
            ]);
            return;
        }

        await turn.ReplyAsync(HandoffTexts.StaleButton, [HandoffButtons.StartAgain(turn.Payloads, turn.UserId), turn.Menu()]);
    }

    private static HandoffOption? PickOption(HandoffConversation conversation, string text)
    {
        var numbered = conversation.Step is HandoffStep.ChooseVillage or HandoffStep.ChooseCommune or HandoffStep.Confirm or HandoffStep.ConfirmCancel;
        if (numbered && GuideRouter.Tokens(text) is [var single] && int.TryParse(single, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= conversation.Options.Count)
        {
            return conversation.Options[n - 1];
        }

        return conversation.Options.FirstOrDefault(o => GuideRouter.MatchesTitle(text, o.Title));
    }

    private static async Task<string> PlaceTextAsync(Turn turn, HandoffConversation conversation)
    {
        var village = conversation.VillageUnitId is { } villageId ? await UnitStore.FindAsync(turn.Connection, turn.Transaction, villageId) : null;
        var commune = conversation.CommuneUnitId is { } communeId ? await UnitStore.FindAsync(turn.Connection, turn.Transaction, communeId) : null;
        return (village, commune) switch
        {
            ({ } v, { } c) => $"{v.Name}, {c.Name}",
            (null, { } c) => c.Name,
            _ => "",
        };
    }

    private static Task PostAsync(Turn turn, IEnumerable<Team> teams, string text) => PostToGroupsAsync(turn.Context, teams, text);

    /// <summary>Posts plain text to each team's group.</summary>
    internal static async Task PostToGroupsAsync(EventContext context, IEnumerable<Team> teams, string text)
    {
        foreach (var team in teams)
        {
            if (team.GroupId is { } groupId)
            {
                await context.SendAsync(ReplyChannel.Group, groupId, OutgoingMessage.FromText(VietnameseText.Nfc(text)));
            }
        }
    }

    /// <summary>What a resident typed, fit to show: one clean line, no Zalo mentions, at most <paramref name="max"/> characters.</summary>
    internal static string Clean(string text, int max)
    {
        var tidy = VietnameseText.Tidy(CommandParser.StripMentions(text));
        return tidy.Length <= max ? tidy : tidy[..(max - 1)].TrimEnd() + "…";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} posted to team {TeamId}")]
    private partial void LogCreated(string code, long teamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Second ask linked to help request {Code}")]
    private partial void LogLinked(string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} cancelled by the resident")]
    private partial void LogCancelled(string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resident {UserId} shared contact details (phone {MaskedPhone})")]
    private partial void LogContactShared(string userId, string maskedPhone);

    /// <summary>One resident event being answered: who, with which button key, in which transaction.</summary>
    private sealed record Turn(EventContext Context, string UserId, ButtonPayloads Payloads)
    {
        public SqliteConnection Connection => Context.Connection;

        public SqliteTransaction Transaction => Context.Transaction;

        public DateTimeOffset Now => Context.Now;

        public static async Task<Turn> StartAsync(EventContext context, string userId, HandoffButtons buttons) =>
            new(context, userId, await buttons.PayloadsAsync(context));

        public ZaloButton Button(HandoffOption option) => HandoffButtons.Button(Payloads, UserId, option);

        public ZaloButton Menu() => HandoffButtons.Menu(Payloads, UserId);

        public Task ReplyAsync(string text, IEnumerable<ZaloButton> buttons) =>
            Context.SendAsync(ReplyChannel.User, UserId, OutgoingMessage.WithButtons(VietnameseText.Nfc(text), buttons.ToList()));
    }
}
