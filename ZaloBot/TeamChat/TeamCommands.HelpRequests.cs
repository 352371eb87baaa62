using ZaloBot.Guides;
using ZaloBot.Handoff;
using ZaloBot.Messaging;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.TeamChat;

/// <summary>
/// <c>#nhan YC-0001</c> and <c>#xong YC-0001 [ghi chú]</c>: a member takes on, then closes, a resident's help request.
/// <c>#nhan</c> tells the resident, by name, who will help; <c>#xong</c> records a household assisted for the helper's
/// team (so <c>#thongke</c> counts it) and thanks the resident.
/// </summary>
public sealed partial class TeamCommands
{
    private const int FallbackNameDigits = 8;

    /// <summary>
    /// The request and the (team, member) the sender acts as on it: in a group the group's team; 1:1 whichever of the
    /// sender's teams the request was posted or raised to. Replies and returns null when the request is not theirs to see.
    /// </summary>
    private static async Task<(HelpRequest Request, Team Team, TeamMember Member)?> FindRequestAsync(Turn turn, Team team, TeamMember member, string code)
    {
        var (connection, transaction) = (turn.Context.Connection, turn.Context.Transaction);
        List<(Team Team, TeamMember Member)> actingAs = [(team, member)];
        if (!turn.Context.Message.Conversation.IsGroup)
        {
            foreach (var membership in (await MemberStore.FindMembershipsAsync(connection, transaction, turn.Via, turn.SenderId)).Where(m => m.Id != member.Id))
            {
                actingAs.Add(((await TeamStore.FindAsync(connection, transaction, membership.TeamId))!, membership));
            }
        }

        var number = ShortCode.Parse(code, ShortCode.RequestPrefix);
        var request = number is { } n ? await HelpRequestStore.FindByNumberAsync(connection, transaction, n) : null;
        foreach (var (actingTeam, actingMember) in actingAs)
        {
            if (request is not null && request.IsFor(actingTeam.Id))
            {
                return (request, actingTeam, actingMember);
            }
        }

        await turn.ReplyToSenderAsync(HandoffTexts.RequestNotFound(code));
        return null;
    }

    private async Task ClaimAsync(Turn turn, HelpRequest request, Team team, TeamMember member)
    {
        var context = turn.Context;
        if (await RefusalAsync(turn, request, member, closing: false) is { } refusal)
        {
            await turn.ReplyToSenderAsync(refusal);
            return;
        }

        await HelpRequestStore.ClaimAsync(context.Connection, context.Transaction, request.Id, member.Id, context.Now);
        await turn.ReplyToSenderAsync(HandoffTexts.Claimed(request));
        await context.SendAsync(request.Resident, BotMessage.Say(VietnameseText.Nfc(HandoffTexts.ToResidentClaimed(request, member, team))));
        await NotifyOtherGroupsAsync(turn, request, team, HandoffTexts.ClaimedNotice(request, member, team));
        LogClaimed(request.Code, member.Id, team.Id);
    }

    private async Task CompleteAsync(Turn turn, HelpRequest request, Team team, TeamMember member, string? note)
    {
        var context = turn.Context;
        var (connection, transaction) = (context.Connection, context.Transaction);
        if (await RefusalAsync(turn, request, member, closing: true) is { } refusal)
        {
            await turn.ReplyToSenderAsync(refusal);
            return;
        }

        // The helper is who took it (a leader may close it for them), or whoever closes an open one.
        var helper = request.ClaimedBy is { } claimedBy && claimedBy != member.Id
            ? (await MemberStore.FindAsync(connection, transaction, claimedBy))!
            : member;
        var helperTeam = helper.TeamId == team.Id ? team : (await TeamStore.FindAsync(connection, transaction, helper.TeamId))!;
        var cleanNote = string.IsNullOrWhiteSpace(note) ? null : VietnameseText.Tidy(note);
        var assist = await AssistStore.AddAsync(
            connection, transaction, helperTeam.Id, helper.Id, HouseholdHead(request), request.Village?.Name ?? request.Commune.Name,
            $"{request.Code}: {cleanNote ?? request.Topic}", CategoryDetector.Detect(request.Topic + ". " + cleanNote), turn.MessageId, context.Now);
        var times = await AssistStore.CountForHouseholdAsync(connection, transaction, helperTeam.Id, assist.HouseholdKey);
        await HelpRequestStore.CompleteAsync(connection, transaction, request.Id, helper.Id, cleanNote, assist.Id, context.Now);

        await turn.ReplyToSenderAsync(HandoffTexts.Completed(request, TeamReplies.Recorded(assist, times)));
        await context.SendAsync(request.Resident, BotMessage.WithChoices(VietnameseText.Nfc(HandoffTexts.ToResidentDone(request, helper)), GuideChoices.Menu));
        if (request.Status == HelpRequestStatus.Open)
        {
            await NotifyOtherGroupsAsync(turn, request, team, HandoffTexts.ClaimedNotice(request, helper, helperTeam));
        }

        LogCompleted(request.Code, assist.Code, helperTeam.Id);
    }

    /// <summary>Why this member may not take (or close) the request now, or null when they may.</summary>
    private static async Task<string?> RefusalAsync(Turn turn, HelpRequest request, TeamMember member, bool closing)
    {
        switch (request.Status)
        {
            case HelpRequestStatus.Cancelled:
                return HandoffTexts.RequestCancelledByResident(request);
            case HelpRequestStatus.Done:
                return HandoffTexts.RequestAlreadyDone(request);
            case HelpRequestStatus.Claimed when request.ClaimedBy == member.Id:
                return closing ? null : HandoffTexts.AlreadyYours(request);
            case HelpRequestStatus.Claimed when closing && member.Role.IsLeadership():
                return null;
            case HelpRequestStatus.Claimed:
                var claimer = await MemberStore.FindAsync(turn.Context.Connection, turn.Context.Transaction, request.ClaimedBy!.Value);
                var name = claimer?.FullName ?? "người khác";
                return closing ? HandoffTexts.NotYoursToClose(request, name) : HandoffTexts.AlreadyClaimedBy(request, name);
            default:
                return null;
        }
    }

    private static async Task NotifyOtherGroupsAsync(Turn turn, HelpRequest request, Team actingTeam, string text)
    {
        var others = (await HandoffRouting.TeamsOfAsync(turn.Context.Connection, turn.Context.Transaction, request)).Where(t => t.Id != actingTeam.Id);
        await HandoffQuestions.PostToGroupsAsync(turn.Context, others, text);
    }

    /// <summary>
    /// The head of household the report names: the name the resident shared, else a stable stand-in from their Zalo
    /// id, so two requests of one resident still count as one household.
    /// </summary>
    private static string HouseholdHead(HelpRequest request) =>
        request.ResidentName ?? "Người dân Zalo " + request.Resident.Id[Math.Max(0, request.Resident.Id.Length - FallbackNameDigits)..];

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} taken by member {MemberId} of team {TeamId}")]
    private partial void LogClaimed(string code, long memberId, long teamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} done; recorded as {AssistCode} for team {TeamId}")]
    private partial void LogCompleted(string code, string assistCode, long teamId);
}
