using ZaloBot.Messaging;
using ZaloBot.Teams;
using ZaloBot.Text;
using static ZaloBot.Handoff.HandoffAction;

namespace ZaloBot.Handoff;

/// <summary>The questions before a request: where the resident lives, what they need, how to reach them, and the summary.</summary>
public sealed partial class HandoffQuestions
{
    private static Task AskVillageAsync(Turn turn, HandoffConversation conversation, string prompt) =>
        AskAsync(turn, conversation, HandoffStep.Village, prompt,
        [
            Option(HandoffTexts.VillageUnknownButton, new VillageUnknown()),
            Option(HandoffTexts.QuitButton, new Quit()),
        ]);

    private static Task AskCommuneAsync(Turn turn, HandoffConversation conversation) =>
        AskAsync(turn, conversation with { VillageUnitId = null }, HandoffStep.Commune, HandoffTexts.AskCommune,
        [
            Option(HandoffTexts.CommuneUnknownButton, new CommuneUnknown()),
            Option(HandoffTexts.QuitButton, new Quit()),
        ]);

    private async Task VillageTextAsync(Turn turn, HandoffConversation conversation, string text)
    {
        if (await CommonAnswerAsync(turn, conversation, text, commune: false))
        {
            return;
        }

        // Many answer with their commune, by today's name or an older one; a province may have no villages registered.
        var (match, commune) = PlaceMatcher.MatchVillageOrCommune(text,
            await HandoffRouting.VillagesAsync(turn.Connection, turn.Transaction), await HandoffRouting.CommunesAsync(turn.Connection, turn.Transaction));
        await OfferPlacesAsync(turn, conversation, match, text, commune);
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
                [Option(unknownTitle, unknown), Option(HandoffTexts.QuitButton, new Quit())]);
        }

        if (match.Places is [var only])
        {
            return AskAsync(turn, conversation, chooseStep, HandoffTexts.ConfirmPlace(only),
            [
                Option(HandoffTexts.YesButton, Choose(only)),
                Option(HandoffTexts.NoButton, other),
                Option(HandoffTexts.QuitButton, new Quit()),
            ]);
        }

        return AskAsync(turn, conversation, chooseStep,
            HandoffTexts.Numbered(commune ? HandoffTexts.ChooseCommune : HandoffTexts.ChooseVillage, match.Places),
            [.. match.Places.Select(p => Option(p.Display, Choose(p))), Option(HandoffTexts.NotListedButton, other)]);
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

        await ResidentStore.SetVillageAsync(turn.Connection, turn.Transaction, turn.Resident, village.Id, turn.Now);
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
            await AskAsync(turn, conversation, HandoffStep.Need, HandoffTexts.AskNeed, [Option(HandoffTexts.QuitButton, new Quit())]);
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
        var resident = await ResidentStore.FindAsync(turn.Connection, turn.Transaction, turn.Resident);
        if (resident?.Phone is not null || !_options.AsksForContact)
        {
            await ConfirmAsync(turn, conversation);
            return;
        }

        // request_user_info goes alone; the question and its buttons follow as a message of their own.
        await turn.Context.ReplyAsync(BotMessage.AskContact(
            new ContactRequest(HandoffTexts.ContactCardTitle, HandoffTexts.ContactCardSubtitle, _options.ContactCardImageUrl)));
        await AskAsync(turn, conversation, HandoffStep.Contact, HandoffTexts.AskContact,
        [
            Option(HandoffTexts.SkipContactButton, new SkipContact()),
            Option(HandoffTexts.QuitButton, new Quit()),
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
            await ResidentStore.SetContactAsync(turn.Connection, turn.Transaction, turn.Resident, null, phone, turn.Now);
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

    private static async Task ConfirmAsync(Turn turn, HandoffConversation conversation)
    {
        var resident = await ResidentStore.FindAsync(turn.Connection, turn.Transaction, turn.Resident);
        var place = await PlaceTextAsync(turn, conversation);
        await AskAsync(turn, conversation, HandoffStep.Confirm, HandoffTexts.Confirm(conversation.Topic ?? "", place, resident?.Name, resident?.Phone),
        [
            Option(HandoffTexts.SendButton, new Send()),
            Option(HandoffTexts.ChangeVillageButton, new OtherVillage()),
            Option(HandoffTexts.QuitButton, new Quit()),
        ]);
    }
}
