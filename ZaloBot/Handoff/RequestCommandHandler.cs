using ZaloBot.Messaging;
using ZaloBot.TeamChat;
using ZaloBot.Teams;
using ZaloBot.Text;
using ZaloBot.Zalo;

namespace ZaloBot.Handoff;

/// <summary>
/// <c>#nhan YC-0001</c> and <c>#xong YC-0001 [ghi chú]</c>, which the team chat parses and leaves to this handler. In a
/// group the team is the group's; 1:1 it is whichever of the sender's teams the request was posted or raised to.
/// <c>#nhan</c> tells the resident, by name, who will help; <c>#xong</c> records a household assisted for the helper's
/// team (so <c>#thongke</c> counts it) and thanks the resident. Everything else: false.
/// </summary>
public sealed partial class RequestCommandHandler(HandoffButtons buttons, ILogger<RequestCommandHandler> logger) : IEventHandler
{
    private const int FallbackNameDigits = 8;

    public async Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (senderId, text, groupId, messageId) = context.Event switch
        {
            GroupMessageEvent { Message.Text: { } groupText } group => (group.SenderId, groupText, group.GroupId, group.Message.MsgId),
            UserMessageEvent { Message.Text: { } userText } user => (user.UserId, userText, (string?)null, user.Message.MsgId),
            _ => (null, null, null, null),
        };
        if (senderId is null || text is null)
        {
            return false;
        }

        var parsed = CommandParser.Parse(text);
        if (parsed is not (ClaimRequestCommand or CompleteRequestCommand or MalformedCommand { Command: CommandKind.ClaimRequest or CommandKind.CompleteRequest }))
        {
            return false;
        }

        var turn = new Turn(context, senderId, groupId is not null, messageId!);
        var memberships = await MembershipsAsync(turn, groupId);
        if (memberships is null)
        {
            // A resident typing "#nhan" 1:1: nobody answers, as with the other team commands.
            return false;
        }

        if (memberships.Count == 0)
        {
            return true;
        }

        switch (parsed)
        {
            case MalformedCommand malformed:
                await turn.ReplyToSenderAsync(CommandHelp.Reply(malformed));
                break;
            case ClaimRequestCommand claim when await FindAsync(turn, memberships, claim.Code) is (var request, var team, var member):
                await ClaimAsync(turn, request, team, member);
                break;
            case CompleteRequestCommand complete when await FindAsync(turn, memberships, complete.Code) is (var request, var team, var member):
                await CompleteAsync(turn, request, team, member, complete.Note);
                break;
            default:
                break;
        }

        return true;
    }

    /// <summary>
    /// The (team, member) pairs the sender acts as; empty after replying why none (unbound group, not a member);
    /// null for someone in no team writing 1:1.
    /// </summary>
    private static async Task<IReadOnlyList<(Team Team, TeamMember Member)>?> MembershipsAsync(Turn turn, string? groupId)
    {
        var (connection, transaction) = (turn.Context.Connection, turn.Context.Transaction);
        if (groupId is not null)
        {
            var team = await TeamStore.FindByGroupAsync(connection, transaction, groupId);
            if (team is null)
            {
                await turn.ReplyAsync(TeamReplies.NotBound);
                return [];
            }

            var member = await MemberStore.FindActiveAsync(connection, transaction, team.Id, turn.SenderId);
            if (member is null)
            {
                await turn.ReplyToSenderAsync(TeamReplies.NotAMember);
                return [];
            }

            return [(team, member)];
        }

        var memberships = await MemberStore.FindMembershipsAsync(connection, transaction, turn.SenderId);
        if (memberships.Count == 0)
        {
            return null;
        }

        var pairs = new List<(Team, TeamMember)>();
        foreach (var membership in memberships)
        {
            pairs.Add(((await TeamStore.FindAsync(connection, transaction, membership.TeamId))!, membership));
        }

        return pairs;
    }

    /// <summary>The request and the team the sender acts for on it; replies and returns null when the request is not theirs to see.</summary>
    private static async Task<(HelpRequest Request, Team Team, TeamMember Member)?> FindAsync(
        Turn turn, IReadOnlyList<(Team Team, TeamMember Member)> memberships, string code)
    {
        var number = ShortCode.Parse(code, ShortCode.RequestPrefix);
        var request = number is { } n ? await HelpRequestStore.FindByNumberAsync(turn.Context.Connection, turn.Context.Transaction, n) : null;
        foreach (var (team, member) in memberships)
        {
            if (request is not null && request.IsFor(team.Id))
            {
                return (request, team, member);
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
        await context.SendAsync(ReplyChannel.User, request.ResidentUserId,
            OutgoingMessage.FromText(VietnameseText.Nfc(HandoffTexts.ToResidentClaimed(request, member, team))));
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
        var payloads = await buttons.PayloadsAsync(context);
        await context.SendAsync(ReplyChannel.User, request.ResidentUserId, OutgoingMessage.WithButtons(
            VietnameseText.Nfc(HandoffTexts.ToResidentDone(request, helper)), HandoffButtons.Menu(payloads, request.ResidentUserId)));
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
        await ResidentHandler.PostToGroupsAsync(turn.Context, others, text);
    }

    /// <summary>
    /// The head of household the report names: the name the resident shared, else a stable stand-in from their Zalo
    /// id, so two requests of one resident still count as one household.
    /// </summary>
    private static string HouseholdHead(HelpRequest request) =>
        request.ResidentName ?? "Người dân Zalo " + request.ResidentUserId[Math.Max(0, request.ResidentUserId.Length - FallbackNameDigits)..];

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} taken by member {MemberId} of team {TeamId}")]
    private partial void LogClaimed(string code, long memberId, long teamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} done; recorded as {AssistCode} for team {TeamId}")]
    private partial void LogCompleted(string code, string assistCode, long teamId);

    private sealed record Turn(EventContext Context, string SenderId, bool InGroup, string MessageId)
    {
        public Task ReplyAsync(string text) => Context.ReplyAsync(OutgoingMessage.FromText(VietnameseText.Nfc(text)));

        /// <summary>In a group, a reply meant for one person starts by mentioning them.</summary>
        public Task ReplyToSenderAsync(string text) => ReplyAsync(InGroup ? TeamReplies.Mention(SenderId) + " " + text : text);
    }
}
