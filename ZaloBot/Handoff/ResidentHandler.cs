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

    // Where the resident lives.

    private static Task AskVillageAsync(Turn turn, HandoffConversation conversation, string prompt) =>
        AskAsync(turn, conversation, HandoffStep.Village, prompt,
        [
            HandoffButtons.Option(HandoffTexts.VillageUnknownButton, new VillageUnknown()),
            HandoffButtons.Option(HandoffTexts.QuitButton, new Quit()),
        ]);

    private static Task AskCommuneAsync(Turn turn, HandoffConversation conversation) =>
        AskAsync(turn, conversation with { VillageUnitId = null }, HandoffStep.Commune, HandoffTexts.AskCommune,
        [
            HandoffButtons.Option(HandoffTexts.CommuneUnknownButton, new CommuneUnknown()),
            HandoffButtons.Option(HandoffTexts.QuitButton, new Quit()),
        ]);

    private async Task VillageTextAsync(Turn turn, HandoffConversation conversation, string text)
    {
        if (await CommonAnswerAsync(turn, conversation, text, commune: false))
        {
            return;
        }

        var match = PlaceMatcher.Match(text, await HandoffRouting.VillagesAsync(turn.Connection, turn.Transaction));
        await OfferPlacesAsync(turn, conversation, match, text, commune: false);
    }

    private async Task CommuneTextAsync(Turn turn, HandoffConversation conversation, string text)
    {
        if (await CommonAnswerAsync(turn, conversation, text, commune: true))
        {
            return;
        }

        var match = PlaceMatcher.Match(text, await HandoffRouting.CommunesAsync(turn.Connection, turn.Transaction));
        await OfferPlacesAsync(turn, conversation, match, text, commune: true);
    }

    /// <summary>"Không biết", "hủy", and "đúng"/"không" to a single place offered; true when the text was one of them.</summary>
    private async Task<bool> CommonAnswerAsync(Turn turn, HandoffConversation conversation, string text, bool commune)
    {
        var confirming = conversation.Step is HandoffStep.ChooseVillage or HandoffStep.ChooseCommune
            && conversation.Options.Count(o => Decode(o.Action) is ChooseVillage or ChooseCommune) == 1;
        if (ResidentWords.IsDontKnow(text))
        {
            if (commune)
            {
                await EndAsync(turn, conversation, HandoffTexts.PlaceUnknown);
            }
            else
            {
                await AskCommuneAsync(turn, conversation);
            }
        }
        else if (ResidentWords.IsCancel(text))
        {
            await QuitAsync(turn, conversation);
        }
        else if (confirming && ResidentWords.IsYes(text))
        {
            await ApplyAsync(turn, conversation, Decode(conversation.Options[0].Action)!);
        }
        else if (confirming && ResidentWords.IsNo(text))
        {
            await ApplyAsync(turn, conversation, commune ? new OtherCommune() : new OtherVillage());
        }
        else
        {
            return false;
        }

        return true;
    }

    private static Task OfferPlacesAsync(Turn turn, HandoffConversation conversation, PlaceMatch match, string typed, bool commune)
    {
        var echo = Clean(typed, MaxEchoLength);
        HandoffAction unknown = commune ? new CommuneUnknown() : new VillageUnknown();
        var unknownTitle = commune ? HandoffTexts.CommuneUnknownButton : HandoffTexts.VillageUnknownButton;
        var askStep = commune ? HandoffStep.Commune : HandoffStep.Village;
        var chooseStep = commune ? HandoffStep.ChooseCommune : HandoffStep.ChooseVillage;
        HandoffAction Choose(Place place) => commune ? new ChooseCommune(place.UnitId) : new ChooseVillage(place.UnitId);
        HandoffAction other = commune ? new OtherCommune() : new OtherVillage();

        if (match.Places.Count == 0 || match.TooMany)
        {
            var prompt = match.TooMany ? HandoffTexts.TooManyPlaces(echo) : HandoffTexts.PlaceNotFound(echo, commune);
            return AskAsync(turn, conversation, askStep, prompt,
                [HandoffButtons.Option(unknownTitle, unknown), HandoffButtons.Option(HandoffTexts.QuitButton, new Quit())]);
        }

        if (match.Places is [var only])
        {
            return AskAsync(turn, conversation, chooseStep, HandoffTexts.ConfirmPlace(only),
            [
                HandoffButtons.Option(HandoffTexts.YesButton, Choose(only)),
                HandoffButtons.Option(HandoffTexts.NoButton, other),
                HandoffButtons.Option(HandoffTexts.QuitButton, new Quit()),
            ]);
        }

        return AskAsync(turn, conversation, chooseStep,
            HandoffTexts.Numbered(commune ? HandoffTexts.ChooseCommune : HandoffTexts.ChooseVillage, match.Places),
            [.. match.Places.Select(p => HandoffButtons.Option(p.Display, Choose(p))), HandoffButtons.Option(HandoffTexts.NotListedButton, other)]);
    }

    private async Task VillageChosenAsync(Turn turn, HandoffConversation conversation, long unitId)
    {
        var village = await UnitStore.FindAsync(turn.Connection, turn.Transaction, unitId);
        var commune = village is { Level: UnitLevel.Village, ParentId: { } parentId }
            ? await UnitStore.FindAsync(turn.Connection, turn.Transaction, parentId)
            : null;
        if (village is null || commune is null)
        {
            await RepeatAsync(turn, conversation, HandoffTexts.StaleButton);
            return;
        }

        await ResidentStore.SetVillageAsync(turn.Connection, turn.Transaction, turn.UserId, village.Id, turn.Now);
        await PlaceChosenAsync(turn, conversation with { VillageUnitId = village.Id, CommuneUnitId = commune.Id }, village, commune);
    }

    private async Task CommuneChosenAsync(Turn turn, HandoffConversation conversation, long unitId)
    {
        if (await UnitStore.FindAsync(turn.Connection, turn.Transaction, unitId) is not { Level: UnitLevel.Commune } commune)
        {
            await RepeatAsync(turn, conversation, HandoffTexts.StaleButton);
            return;
        }

        await PlaceChosenAsync(turn, conversation with { VillageUnitId = null, CommuneUnitId = commune.Id }, null, commune);
    }

    /// <summary>The place is settled: if no team can take it, say so now rather than after more questions.</summary>
    private async Task PlaceChosenAsync(Turn turn, HandoffConversation conversation, AdminUnit? village, AdminUnit commune)
    {
        var (team, _) = await HandoffRouting.TeamForAsync(turn.Connection, turn.Transaction, village, commune);
        if (team is null)
        {
            await EndAsync(turn, conversation, HandoffTexts.NoTeam(village is null ? commune.Name : $"{village.Name}, {commune.Name}"));
            return;
        }

        if (conversation.Topic is null)
        {
            await AskAsync(turn, conversation, HandoffStep.Need, HandoffTexts.AskNeed, [HandoffButtons.Option(HandoffTexts.QuitButton, new Quit())]);
            return;
        }

        await AfterNeedAsync(turn, conversation);
    }

    // What they need, and how to reach them.

    private async Task NeedTextAsync(Turn turn, HandoffConversation conversation, string text)
    {
        if (ResidentWords.IsCancel(text))
        {
            await QuitAsync(turn, conversation);
        }
        else if (PhoneNumber.ContainsCitizenIdLike(text))
        {
            await RepeatAsync(turn, conversation, HandoffTexts.NoCitizenId);
        }
        else
        {
            await AfterNeedAsync(turn, conversation with { Topic = Clean(text, MaxTopicLength) });
        }
    }

    private async Task AfterNeedAsync(Turn turn, HandoffConversation conversation)
    {
        var resident = await ResidentStore.FindAsync(turn.Connection, turn.Transaction, turn.UserId);
        if (resident?.Phone is not null || !_options.AsksForContact)
        {
            await ConfirmAsync(turn, conversation);
            return;
        }

        // request_user_info goes alone; the question and its buttons follow as a message of their own.
        await turn.Context.SendAsync(ReplyChannel.User, turn.UserId, new OutgoingMessage
        {
            RequestUserInfo = new RequestUserInfo(HandoffTexts.ContactCardTitle, HandoffTexts.ContactCardSubtitle, _options.ContactCardImageUrl),
        });
        await AskAsync(turn, conversation, HandoffStep.Contact, HandoffTexts.AskContact,
        [
            HandoffButtons.Option(HandoffTexts.SkipContactButton, new SkipContact()),
            HandoffButtons.Option(HandoffTexts.QuitButton, new Quit()),
        ]);
    }

    private static async Task ContactTextAsync(Turn turn, HandoffConversation conversation, string text)
    {
        if (ResidentWords.IsCancel(text))
        {
            await QuitAsync(turn, conversation);
        }
        else if (PhoneNumber.ContainsCitizenIdLike(text))
        {
            await RepeatAsync(turn, conversation, HandoffTexts.NoCitizenId);
        }
        else if (PhoneNumber.Normalize(text) is { } phone)
        {
            // Some type their number instead of sharing it.
            await ResidentStore.SetContactAsync(turn.Connection, turn.Transaction, turn.UserId, null, phone, turn.Now);
            await ConfirmAsync(turn, conversation);
        }
        else if (ResidentWords.IsSkip(text) || ResidentWords.IsNo(text))
        {
            await ConfirmAsync(turn, conversation);
        }
        else
        {
            await RepeatAsync(turn, conversation, null);
        }
    }

    private async Task SharedInfoAsync(Turn turn, SubmittedInfo info)
    {
        var name = string.IsNullOrWhiteSpace(info.Name) ? null : Clean(VietnameseText.NameCase(info.Name), MaxNameLength);
        var phone = PhoneNumber.Normalize(info.Phone);
        var refused = !string.IsNullOrWhiteSpace(info.Phone) && phone is null;
        await ResidentStore.SetContactAsync(turn.Connection, turn.Transaction, turn.UserId, name, phone, turn.Now);
        LogContactShared(turn.UserId, phone is null ? "none" : PhoneNumber.Mask(phone));
        await turn.ReplyAsync(HandoffTexts.ContactSaved(name, phone, refused), []);

        if (await ConversationAsync(turn) is { Step: HandoffStep.Contact } conversation)
        {
            await ConfirmAsync(turn, conversation);
            return;
        }

        // Shared after the request went out: the team gets it too.
        if (await HelpRequestStore.FindActiveForResidentAsync(turn.Connection, turn.Transaction, turn.UserId) is { } active
            && (name ?? active.ResidentName) is var newName && (phone ?? active.ResidentPhone) is var newPhone
            && (newName != active.ResidentName || newPhone != active.ResidentPhone))
        {
            await HelpRequestStore.SetContactAsync(turn.Connection, turn.Transaction, active.Id, name, phone);
            await PostAsync(turn, await HandoffRouting.TeamsOfAsync(turn.Connection, turn.Transaction, active),
                HandoffTexts.GroupContact(active, newName, newPhone));
        }
    }

    private static async Task ConfirmAsync(Turn turn, HandoffConversation conversation)
    {
        var resident = await ResidentStore.FindAsync(turn.Connection, turn.Transaction, turn.UserId);
        var place = await PlaceTextAsync(turn, conversation);
        await AskAsync(turn, conversation, HandoffStep.Confirm, HandoffTexts.Confirm(conversation.Topic ?? "", place, resident?.Name, resident?.Phone),
        [
            HandoffButtons.Option(HandoffTexts.SendButton, new Send()),
            HandoffButtons.Option(HandoffTexts.ChangeVillageButton, new OtherVillage()),
            HandoffButtons.Option(HandoffTexts.QuitButton, new Quit()),
        ]);
    }

    // Sending, and what comes after.

    private async Task SendAsync(Turn turn, HandoffConversation conversation)
    {
        var (connection, transaction) = (turn.Connection, turn.Transaction);
        var village = conversation.VillageUnitId is { } villageId ? await UnitStore.FindAsync(connection, transaction, villageId) : null;
        var commune = conversation.CommuneUnitId is { } communeId ? await UnitStore.FindAsync(connection, transaction, communeId) : null;
        if (commune is null || conversation.Topic is null)
        {
            await AskVillageAsync(turn, conversation, HandoffTexts.AskVillageAgain);
            return;
        }

        if (await HelpRequestStore.FindActiveForResidentAsync(connection, transaction, turn.UserId) is { } active)
        {
            await LinkAsync(turn, active, conversation.GuideId, conversation.Topic, conversation.ReturnButtons);
            return;
        }

        var (team, villageHasNoTeam) = await HandoffRouting.TeamForAsync(connection, transaction, village, commune);
        if (team is null)
        {
            await EndAsync(turn, conversation, HandoffTexts.NoTeam(village is null ? commune.Name : $"{village.Name}, {commune.Name}"));
            return;
        }

        var resident = await ResidentStore.FindAsync(connection, transaction, turn.UserId);
        var request = await HelpRequestStore.CreateAsync(connection, transaction, new NewHelpRequest(
            turn.UserId, village?.Id, commune.Id, team.Id, conversation.GuideId, conversation.Topic, resident?.Name, resident?.Phone), turn.Now);
        await PostAsync(turn, [team], HandoffTexts.Posted(request, villageHasNoTeam, turn.Now));
        await HandoffConversationStore.DeleteAsync(connection, transaction, turn.UserId);
        await turn.ReplyAsync(HandoffTexts.Sent(request, team),
            [.. conversation.ReturnButtons, turn.Button(HandoffButtons.Option(HandoffTexts.CancelRequestButton, new AskCancel(request.Id)))]);
        LogCreated(request.Code, team.Id);
    }

    /// <summary>A second ask while a request is open: linked to it (a new topic is added to it), never a second request.</summary>
    private async Task LinkAsync(Turn turn, HelpRequest active, string? guideId, string? topic, IReadOnlyList<ZaloButton> returnButtons)
    {
        var (connection, transaction) = (turn.Connection, turn.Transaction);
        await HandoffConversationStore.DeleteAsync(connection, transaction, turn.UserId);
        string? added = null;
        if (topic is not null && !VietnameseText.FoldedEquals(topic, active.Topic)
            && !(await HelpRequestStore.NotesAsync(connection, transaction, active.Id)).Any(n => VietnameseText.FoldedEquals(n, topic)))
        {
            await HelpRequestStore.AddNoteAsync(connection, transaction, active.Id, guideId, topic, turn.Now);
            await PostAsync(turn, await HandoffRouting.TeamsOfAsync(connection, transaction, active), HandoffTexts.GroupNote(active, topic, guideId is not null));
            added = topic;
        }

        var team = (await TeamStore.FindAsync(connection, transaction, active.TeamId))!;
        var helper = active.ClaimedBy is { } memberId ? (await MemberStore.FindAsync(connection, transaction, memberId))?.FullName : null;
        await turn.ReplyAsync(HandoffTexts.AlreadyOpen(active, team, helper, added, turn.Now),
        [
            .. returnButtons,
            turn.Button(HandoffButtons.Option(HandoffTexts.AddNoteButton, new HandoffAction.AddNote(active.Id))),
            turn.Button(HandoffButtons.Option(HandoffTexts.CancelRequestButton, new AskCancel(active.Id))),
        ]);
        LogLinked(active.Code);
    }

    private static async Task AskNoteAsync(Turn turn, long requestId)
    {
        if (await OwnRequestAsync(turn, requestId) is not { } request)
        {
            return;
        }

        var conversation = new HandoffConversation(turn.UserId, HandoffStep.AddNote, null, null, null, null, request.Id, "", [], [], turn.Now);
        await AskAsync(turn, conversation, HandoffStep.AddNote, HandoffTexts.AskNote, [HandoffButtons.Option(HandoffTexts.StopNoteButton, new Quit())]);
    }

    private static async Task NoteTextAsync(Turn turn, HandoffConversation conversation, string text)
    {
        if (ResidentWords.IsCancel(text) || ResidentWords.IsNo(text))
        {
            await QuitAsync(turn, conversation);
            return;
        }

        if (PhoneNumber.ContainsCitizenIdLike(text))
        {
            await RepeatAsync(turn, conversation, HandoffTexts.NoCitizenId);
            return;
        }

        await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.UserId);
        if (conversation.RequestId is not { } id || await OwnRequestAsync(turn, id) is not { } request)
        {
            return;
        }

        var note = Clean(text, MaxTopicLength);
        await HelpRequestStore.AddNoteAsync(turn.Connection, turn.Transaction, request.Id, null, note, turn.Now);
        await PostAsync(turn, await HandoffRouting.TeamsOfAsync(turn.Connection, turn.Transaction, request), HandoffTexts.GroupNote(request, note, fromGuide: false));
        await turn.ReplyAsync(HandoffTexts.NoteAdded(request), [turn.Menu()]);
    }

    private static async Task OfferCancelAsync(Turn turn, HelpRequest request)
    {
        var conversation = new HandoffConversation(turn.UserId, HandoffStep.ConfirmCancel, null, null, null, null, request.Id, "", [], [], turn.Now);
        await AskAsync(turn, conversation, HandoffStep.ConfirmCancel, HandoffTexts.AskCancel(request),
        [
            HandoffButtons.Option(HandoffTexts.CancelRequestButton, new HandoffAction.Cancel(request.Id)),
            HandoffButtons.Option(HandoffTexts.KeepRequestButton, new Keep(request.Id)),
        ]);
    }

    private async Task CancelRequestAsync(Turn turn, long requestId)
    {
        await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.UserId);
        if (await OwnRequestAsync(turn, requestId) is not { } request)
        {
            return;
        }

        await HelpRequestStore.CancelAsync(turn.Connection, turn.Transaction, request.Id, turn.Now);
        await PostAsync(turn, await HandoffRouting.TeamsOfAsync(turn.Connection, turn.Transaction, request), HandoffTexts.CancelledNotice(request));
        await turn.ReplyAsync(HandoffTexts.Cancelled(request), [turn.Menu()]);
        LogCancelled(request.Code);
    }

    private static async Task KeepAsync(Turn turn, long requestId)
    {
        await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.UserId);
        if (await OwnRequestAsync(turn, requestId) is { } request)
        {
            await turn.ReplyAsync(HandoffTexts.Kept(request), [turn.Menu()]);
        }
    }

    /// <summary>The resident's own request while it is open; otherwise says it is closed (or the button is stale) and returns null.</summary>
    private static async Task<HelpRequest?> OwnRequestAsync(Turn turn, long requestId)
    {
        var request = await HelpRequestStore.FindAsync(turn.Connection, turn.Transaction, requestId);
        if (request is null || request.ResidentUserId != turn.UserId)
        {
            await StaleAsync(turn);
            return null;
        }

        if (!request.IsActive)
        {
            await turn.ReplyAsync(HandoffTexts.AlreadyClosed(request), [turn.Menu()]);
            return null;
        }

        return request;
    }

    // Conversation plumbing.

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
