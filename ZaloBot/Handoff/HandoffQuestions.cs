using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ZaloBot.Guides;
using ZaloBot.Messaging;
using ZaloBot.Teams;
using ZaloBot.Text;
using static ZaloBot.Handoff.HandoffAction;

namespace ZaloBot.Handoff;

/// <summary>
/// The questions a resident answers to get a person from their team, a part of the resident's conversation: the
/// village (matched fuzzily, confirmed with a choice, or the commune when the resident does not know it), what they
/// need (unless they came from a guide), optionally their name and phone (a contact request), a summary, and on «Gửi
/// yêu cầu» the request posted to the team's group. Then what the resident can do while it is open: ask again, add a
/// word, cancel. The conversation decides when these questions have the resident's message; every answer here is
/// given, none is passed on.
/// </summary>
public sealed partial class HandoffQuestions(IOptions<HandoffOptions> options, ILogger<HandoffQuestions> logger)
{
    private const int MaxTopicLength = 300;
    private const int MaxNameLength = 80;
    private const int MaxEchoLength = 60;

    private readonly HandoffOptions _options = options.Value;

    /// <summary>The resident's open questions; null when there are none, or they went quiet too long (which ends them).</summary>
    public async Task<HandoffConversation?> FindOpenAsync(EventContext context)
    {
        var turn = new Turn(context);
        var conversation = await HandoffConversationStore.FindAsync(turn.Connection, turn.Transaction, turn.Resident);
        if (conversation is not null && turn.Now - conversation.UpdatedAt > _options.ConversationTimeout)
        {
            await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.Resident);
            return null;
        }

        return conversation;
    }

    /// <summary>The guides' «Gặp Tổ công nghệ số»: the first question, or, with a request open, a link to it.</summary>
    public async Task StartAsync(EventContext context, HandoffRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var turn = new Turn(context);
        if (await HelpRequestStore.FindActiveForResidentAsync(turn.Connection, turn.Transaction, turn.Resident) is { } active)
        {
            await LinkAsync(turn, active, request.GuideId, request.GuideTitle, request.ReturnChoices);
            return;
        }

        var conversation = new HandoffConversation(
            turn.Resident, HandoffStep.Village, request.GuideId, request.GuideTitle, null, null, null, "", [], request.ReturnChoices, turn.Now);
        if (await ResidentStore.GetVillageAsync(turn.Connection, turn.Transaction, turn.Resident) is { } village
            && await HandoffRouting.VillagePlaceAsync(turn.Connection, turn.Transaction, village) is { } place)
        {
            await AskAsync(turn, conversation, HandoffStep.ChooseVillage, HandoffTexts.RememberedVillage(place),
            [
                Option(HandoffTexts.YesButton, new ChooseVillage(place.UnitId)),
                Option(HandoffTexts.OtherVillageButton, new OtherVillage()),
                Option(HandoffTexts.QuitButton, new Quit()),
            ]);
            return;
        }

        await AskVillageAsync(turn, conversation, HandoffTexts.AskVillage);
    }

    /// <summary>A handoff choice, tapped or typed; <paramref name="open"/> is null when the questions are over.</summary>
    public Task ChooseAsync(EventContext context, HandoffConversation? open, HandoffAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ApplyAsync(new Turn(context), open, action);
    }

    private async Task ApplyAsync(Turn turn, HandoffConversation? open, HandoffAction action)
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

        if (open is null)
        {
            await StaleAsync(turn);
            return;
        }

        var step = open.Step;
        switch (action)
        {
            case ChooseVillage village when step == HandoffStep.ChooseVillage:
                await VillageChosenAsync(turn, open, village.UnitId);
                break;
            case OtherVillage when step is HandoffStep.Village or HandoffStep.ChooseVillage or HandoffStep.Confirm:
                await AskVillageAsync(turn, open, HandoffTexts.AskVillageAgain);
                break;
            case VillageUnknown or OtherCommune when step is HandoffStep.Village or HandoffStep.ChooseVillage or HandoffStep.Commune or HandoffStep.ChooseCommune:
                await AskCommuneAsync(turn, open);
                break;
            case ChooseCommune commune when step == HandoffStep.ChooseCommune:
                await CommuneChosenAsync(turn, open, commune.UnitId);
                break;
            case CommuneUnknown when step is HandoffStep.Commune or HandoffStep.ChooseCommune:
                await EndAsync(turn, open, HandoffTexts.PlaceUnknown);
                break;
            case SkipContact when step == HandoffStep.Contact:
                await ConfirmAsync(turn, open);
                break;
            case Send when step == HandoffStep.Confirm:
                await SendAsync(turn, open);
                break;
            case Quit:
                await QuitAsync(turn, open);
                break;
            default:
                await RepeatAsync(turn, open, HandoffTexts.StaleButton);
                break;
        }
    }

    /// <summary>Typed text that answers the last question (see <see cref="HandoffConversation.TakesAnswer"/>) and chose none of its choices.</summary>
    public async Task AnswerAsync(EventContext context, HandoffConversation open, string text)
    {
        ArgumentNullException.ThrowIfNull(open);
        var turn = new Turn(context);
        switch (open.Step)
        {
            case HandoffStep.Village or HandoffStep.ChooseVillage:
                await VillageTextAsync(turn, open, text);
                break;
            case HandoffStep.Commune or HandoffStep.ChooseCommune:
                await CommuneTextAsync(turn, open, text);
                break;
            case HandoffStep.Need:
                await NeedTextAsync(turn, open, text);
                break;
            case HandoffStep.Contact:
                await ContactTextAsync(turn, open, text);
                break;
            case HandoffStep.Confirm when ResidentWords.IsYes(text):
                await SendAsync(turn, open);
                break;
            case HandoffStep.Confirm when ResidentWords.IsNo(text) || ResidentWords.IsCancel(text):
                await QuitAsync(turn, open);
                break;
            case HandoffStep.Confirm:
                await RepeatAsync(turn, open, null);
                break;
            case HandoffStep.AddNote:
                await NoteTextAsync(turn, open, text);
                break;
            case HandoffStep.ConfirmCancel when ResidentWords.IsYes(text) || ResidentWords.IsCancel(text):
                await CancelRequestAsync(turn, open.RequestId!.Value);
                break;
            case HandoffStep.ConfirmCancel:
                await KeepAsync(turn, open.RequestId!.Value);
                break;
            default:
                throw new InvalidOperationException($"No answer to the {open.Step} question.");
        }
    }

    /// <summary>The last question again (after a sticker, or a second «Gặp Tổ»), after <paramref name="prefix"/> if any.</summary>
    public Task RepeatAsync(EventContext context, HandoffConversation open, string? prefix) => RepeatAsync(new Turn(context), open, prefix);

    /// <summary>The resident moved on to something else: the questions end without a word.</summary>
    public Task CloseAsync(EventContext context)
    {
        var turn = new Turn(context);
        return HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.Resident);
    }

    /// <summary>The resident's open (or taken) request, if any.</summary>
    public Task<HelpRequest?> ActiveRequestAsync(EventContext context)
    {
        var turn = new Turn(context);
        return HelpRequestStore.FindActiveForResidentAsync(turn.Connection, turn.Transaction, turn.Resident);
    }

    /// <summary>"Hủy" from a resident with an open request: asks whether to cancel it.</summary>
    public Task OfferCancelAsync(EventContext context, HelpRequest request) => OfferCancelAsync(new Turn(context), request);

    /// <summary>
    /// The name and phone the resident shared: kept, thanked for, and used by the questions waiting for them, or
    /// passed to the team of an open request.
    /// </summary>
    public async Task ContactSharedAsync(EventContext context, SharedContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var turn = new Turn(context);
        var name = string.IsNullOrWhiteSpace(contact.Name) ? null : Clean(VietnameseText.NameCase(contact.Name), MaxNameLength);
        var phone = PhoneNumber.Normalize(contact.Phone);
        var refused = !string.IsNullOrWhiteSpace(contact.Phone) && phone is null;
        await ResidentStore.SetContactAsync(turn.Connection, turn.Transaction, turn.Resident, name, phone, turn.Now);
        LogContactShared(turn.Resident.Id, phone is null ? "none" : PhoneNumber.Mask(phone));
        await turn.ReplyAsync(HandoffTexts.ContactSaved(name, phone, refused), []);

        if (await FindOpenAsync(context) is { Step: HandoffStep.Contact } open)
        {
            await ConfirmAsync(turn, open);
            return;
        }

        // Shared after the request went out: the team gets it too.
        if (await HelpRequestStore.FindActiveForResidentAsync(turn.Connection, turn.Transaction, turn.Resident) is { } active
            && (name ?? active.ResidentName) is var newName && (phone ?? active.ResidentPhone) is var newPhone
            && (newName != active.ResidentName || newPhone != active.ResidentPhone))
        {
            await HelpRequestStore.SetContactAsync(turn.Connection, turn.Transaction, active.Id, name, phone);
            await PostAsync(turn, await HandoffRouting.TeamsOfAsync(turn.Connection, turn.Transaction, active),
                HandoffTexts.GroupContact(active, newName, newPhone));
        }
    }

    /// <summary>Posts plain text to each team's group.</summary>
    public static async Task PostToGroupsAsync(EventContext context, IEnumerable<Team> teams, string text)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(teams);
        foreach (var team in teams)
        {
            if (team.Group is { } group)
            {
                await context.SendAsync(group, BotMessage.Say(VietnameseText.Nfc(text)));
            }
        }
    }

    /// <summary>The last question again, after a stale tap, a sticker or an answer that did not fit.</summary>
    private static Task RepeatAsync(Turn turn, HandoffConversation conversation, string? prefix) =>
        AskAsync(turn, conversation, conversation.Step, conversation.Prompt, conversation.Options, prefix);

    /// <summary>
    /// Asks the next question (after <paramref name="prefix"/>, if any): the conversation moves to <paramref name="step"/>
    /// and remembers the question and its choices.
    /// </summary>
    private static async Task AskAsync(
        Turn turn, HandoffConversation conversation, HandoffStep step, string prompt, IReadOnlyList<Choice> options, string? prefix = null)
    {
        var asked = conversation with { Step = step, Prompt = prompt, Options = options, UpdatedAt = turn.Now };
        await HandoffConversationStore.SaveAsync(turn.Connection, turn.Transaction, asked);
        await turn.ReplyAsync(prefix is null ? prompt : prefix + "\n\n" + prompt, options, asked.OptionsNumberedInPrompt);
    }

    private static async Task QuitAsync(Turn turn, HandoffConversation conversation) =>
        await EndAsync(turn, conversation, conversation.Step is HandoffStep.AddNote or HandoffStep.ConfirmCancel ? HandoffTexts.NoteStopped : HandoffTexts.Quit);

    /// <summary>Ends the conversation with a last word and the way back to the guides.</summary>
    private static async Task EndAsync(Turn turn, HandoffConversation conversation, string text)
    {
        await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.Resident);
        await turn.ReplyAsync(text, conversation.ReturnChoices.Count > 0 ? conversation.ReturnChoices : [GuideChoices.Menu]);
    }

    /// <summary>A handoff choice with no conversation behind it (it timed out, or was already used).</summary>
    private static async Task StaleAsync(Turn turn)
    {
        if (await HelpRequestStore.FindActiveForResidentAsync(turn.Connection, turn.Transaction, turn.Resident) is { } active)
        {
            var team = (await TeamStore.FindAsync(turn.Connection, turn.Transaction, active.TeamId))!;
            var helper = active.ClaimedBy is { } memberId ? (await MemberStore.FindAsync(turn.Connection, turn.Transaction, memberId))?.FullName : null;
            await turn.ReplyAsync(HandoffTexts.StaleButton + " " + HandoffTexts.AlreadyOpen(active, team, helper, null, turn.Now),
            [
                Option(HandoffTexts.AddNoteButton, new HandoffAction.AddNote(active.Id)),
                Option(HandoffTexts.CancelRequestButton, new AskCancel(active.Id)),
                GuideChoices.Menu,
            ]);
            return;
        }

        await turn.ReplyAsync(HandoffTexts.StaleButton, [GuideChoices.AskForPerson, GuideChoices.Menu]);
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

    private static Choice Option(string title, HandoffAction action) => new(title, action.Encode());

    private static Task PostAsync(Turn turn, IEnumerable<Team> teams, string text) => PostToGroupsAsync(turn.Context, teams, text);

    /// <summary>What a resident typed, fit to show: one clean line, at most <paramref name="max"/> characters.</summary>
    private static string Clean(string text, int max)
    {
        var tidy = VietnameseText.Tidy(text);
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

    /// <summary>One resident message being answered, in the dispatcher's transaction.</summary>
    private sealed record Turn(EventContext Context)
    {
        public Conversation Resident => Context.Message.Conversation;

        public SqliteConnection Connection => Context.Connection;

        public SqliteTransaction Transaction => Context.Transaction;

        public DateTimeOffset Now => Context.Now;

        public Task ReplyAsync(string text, IEnumerable<Choice> choices, int numberedInText = 0) =>
            Context.ReplyAsync(BotMessage.WithChoices(VietnameseText.Nfc(text), choices.ToList()) with { ChoicesNumberedInText = numberedInText });
    }
}
