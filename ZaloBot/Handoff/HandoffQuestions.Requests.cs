using ZaloBot.Guides;
using ZaloBot.Messaging;
using ZaloBot.Teams;
using ZaloBot.Text;
using static ZaloBot.Handoff.HandoffAction;

namespace ZaloBot.Handoff;

/// <summary>Sending the request, and what the resident can do while it is open: ask again, add a word, cancel.</summary>
public sealed partial class HandoffQuestions
{
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

        if (await HelpRequestStore.FindActiveForResidentAsync(connection, transaction, turn.Resident) is { } active)
        {
            await LinkAsync(turn, active, conversation.GuideId, conversation.Topic, conversation.ReturnChoices);
            return;
        }

        var (team, villageHasNoTeam) = await HandoffRouting.TeamForAsync(connection, transaction, village, commune);
        if (team is null)
        {
            await EndAsync(turn, conversation, HandoffTexts.NoTeam(village is null ? commune.Name : $"{village.Name}, {commune.Name}"));
            return;
        }

        var resident = await ResidentStore.FindAsync(connection, transaction, turn.Resident);
        var request = await HelpRequestStore.CreateAsync(connection, transaction, new NewHelpRequest(
            turn.Resident, village?.Id, commune.Id, team.Id, conversation.GuideId, conversation.Topic, resident?.Name, resident?.Phone), turn.Now);
        await PostAsync(turn, [team], HandoffTexts.Posted(request, villageHasNoTeam, turn.Now));
        await HandoffConversationStore.DeleteAsync(connection, transaction, turn.Resident);
        await turn.ReplyAsync(HandoffTexts.Sent(request, team),
            [.. conversation.ReturnChoices, Option(HandoffTexts.CancelRequestButton, new AskCancel(request.Id))]);
        LogCreated(request.Code, team.Id);
    }

    /// <summary>A second ask while a request is open: linked to it (a new topic is added to it), never a second request.</summary>
    private async Task LinkAsync(Turn turn, HelpRequest active, string? guideId, string? topic, IReadOnlyList<Choice> returnChoices)
    {
        var (connection, transaction) = (turn.Connection, turn.Transaction);
        await HandoffConversationStore.DeleteAsync(connection, transaction, turn.Resident);
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
            .. returnChoices,
            Option(HandoffTexts.AddNoteButton, new HandoffAction.AddNote(active.Id)),
            Option(HandoffTexts.CancelRequestButton, new AskCancel(active.Id)),
        ]);
        LogLinked(active.Code);
    }

    private static async Task AskNoteAsync(Turn turn, long requestId)
    {
        if (await OwnRequestAsync(turn, requestId) is not { } request)
        {
            return;
        }

        var conversation = new HandoffConversation(turn.Resident, HandoffStep.AddNote, null, null, null, null, request.Id, "", [], [], turn.Now);
        await AskAsync(turn, conversation, HandoffStep.AddNote, HandoffTexts.AskNote, [Option(HandoffTexts.StopNoteButton, new Quit())]);
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

        await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.Resident);
        if (conversation.RequestId is not { } id || await OwnRequestAsync(turn, id) is not { } request)
        {
            return;
        }

        var note = Clean(text, MaxTopicLength);
        await HelpRequestStore.AddNoteAsync(turn.Connection, turn.Transaction, request.Id, null, note, turn.Now);
        await PostAsync(turn, await HandoffRouting.TeamsOfAsync(turn.Connection, turn.Transaction, request), HandoffTexts.GroupNote(request, note, fromGuide: false));
        await turn.ReplyAsync(HandoffTexts.NoteAdded(request), [GuideChoices.Menu]);
    }

    private static async Task OfferCancelAsync(Turn turn, HelpRequest request)
    {
        var conversation = new HandoffConversation(turn.Resident, HandoffStep.ConfirmCancel, null, null, null, null, request.Id, "", [], [], turn.Now);
        await AskAsync(turn, conversation, HandoffStep.ConfirmCancel, HandoffTexts.AskCancel(request),
        [
            Option(HandoffTexts.CancelRequestButton, new HandoffAction.Cancel(request.Id)),
            Option(HandoffTexts.KeepRequestButton, new Keep(request.Id)),
        ]);
    }

    private async Task CancelRequestAsync(Turn turn, long requestId)
    {
        await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.Resident);
        if (await OwnRequestAsync(turn, requestId) is not { } request)
        {
            return;
        }

        await HelpRequestStore.CancelAsync(turn.Connection, turn.Transaction, request.Id, turn.Now);
        await PostAsync(turn, await HandoffRouting.TeamsOfAsync(turn.Connection, turn.Transaction, request), HandoffTexts.CancelledNotice(request));
        await turn.ReplyAsync(HandoffTexts.Cancelled(request), [GuideChoices.Menu]);
        LogCancelled(request.Code);
    }

    private static async Task KeepAsync(Turn turn, long requestId)
    {
        await HandoffConversationStore.DeleteAsync(turn.Connection, turn.Transaction, turn.Resident);
        if (await OwnRequestAsync(turn, requestId) is { } request)
        {
            await turn.ReplyAsync(HandoffTexts.Kept(request), [GuideChoices.Menu]);
        }
    }

    /// <summary>The resident's own request while it is open; otherwise says it is closed (or the button is stale) and returns null.</summary>
    private static async Task<HelpRequest?> OwnRequestAsync(Turn turn, long requestId)
    {
        var request = await HelpRequestStore.FindAsync(turn.Connection, turn.Transaction, requestId);
        if (request is null || request.Resident != turn.Resident)
        {
            await StaleAsync(turn);
            return null;
        }

        if (!request.IsActive)
        {
            await turn.ReplyAsync(HandoffTexts.AlreadyClosed(request), [GuideChoices.Menu]);
            return null;
        }

        return request;
    }
}
