using ZaloBot.Messaging;
using ZaloBot.Teams;
using ZaloBot.Text;
using ZaloBot.Zalo;

namespace ZaloBot.TeamChat;

/// <summary>
/// The team commands, in a team's Zalo group and 1:1 with the OA. In a group the team is the one the group is
/// bound to; 1:1 it is the sender's team (the one they joined last). What this handler leaves to others, by
/// returning false: chatter without a prefix, <c>#nhan</c>/<c>#xong</c> (the Handoff feature), 1:1 messages from
/// people who are in no team (residents, for the guides), and <c>#</c> words that are no command and near none
/// (people's own hashtags). All writes go through the dispatcher's transaction, so a command is stored whole with
/// its reply, or not at all.
/// </summary>
public sealed partial class TeamChatHandler(ILogger<TeamChatHandler> logger) : IEventHandler
{
    /// <summary>How long the author of a report may correct or cancel it themselves.</summary>
    public static readonly TimeSpan AuthorEditWindow = TimeSpan.FromHours(48);

    public Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Event switch
        {
            GroupMessageEvent { Message.Text: { } text } group => HandleGroupAsync(context, group, text),
            UserMessageEvent { Message.Text: { } text } user => HandleUserAsync(context, user, text),
            _ => Task.FromResult(false),
        };
    }

    /// <summary>One command being answered: who sent it, from where, and how replies address them.</summary>
    private sealed record Turn(EventContext Context, string SenderId, string MessageId, bool InGroup)
    {
        public Task ReplyAsync(string text) => Context.ReplyAsync(OutgoingMessage.FromText(VietnameseText.Nfc(text)));

        /// <summary>In a group, a reply meant for one person starts by mentioning them.</summary>
        public Task ReplyToSenderAsync(string text) =>
            ReplyAsync(InGroup ? TeamReplies.Mention(SenderId) + " " + text : text);
    }

    private async Task<bool> HandleGroupAsync(EventContext context, GroupMessageEvent message, string text)
    {
        var parsed = CommandParser.Parse(text);
        if (!IsOurs(parsed))
        {
            return false;
        }

        var turn = new Turn(context, message.SenderId, message.Message.MsgId, InGroup: true);
        var team = await TeamStore.FindByGroupAsync(context.Connection, context.Transaction, message.GroupId);
        if (team is null)
        {
            if (parsed is BindCommand bind)
            {
                await BindAsync(turn, message.GroupId, bind);
            }
            else
            {
                // Nothing is stored for an unbound group; every command gets the same way out.
                await turn.ReplyAsync(TeamReplies.NotBound);
            }

            return true;
        }

        if (parsed is BindCommand rebind)
        {
            await turn.ReplyAsync(rebind.Code == team.BindCode ? TeamReplies.AlreadyBound(team) : TeamReplies.BoundToAnotherTeam(team));
            return true;
        }

        await RunAsync(turn, team, parsed);
        return true;
    }

    private async Task<bool> HandleUserAsync(EventContext context, UserMessageEvent message, string text)
    {
        var parsed = CommandParser.Parse(text);
        if (!IsOurs(parsed))
        {
            return false;
        }

        var turn = new Turn(context, message.UserId, message.Message.MsgId, InGroup: false);
        var memberships = await MemberStore.FindMembershipsAsync(context.Connection, context.Transaction, message.UserId);
        if (memberships.Count == 0)
        {
            // Residents talk to the OA 1:1 too; only the commands that make no sense outside a group are answered here.
            switch (parsed)
            {
                case BindCommand or MalformedCommand { Command: CommandKind.Bind }:
                    await turn.ReplyAsync(TeamReplies.BindOnlyInGroup);
                    return true;
                case RegisterCommand or MalformedCommand { Command: CommandKind.Register }:
                    await turn.ReplyAsync(TeamReplies.RegisterInGroup);
                    return true;
                default:
                    return false;
            }
        }

        if (parsed is BindCommand)
        {
            await turn.ReplyAsync(TeamReplies.BindOnlyInGroup);
            return true;
        }

        var team = (await TeamStore.FindAsync(context.Connection, context.Transaction, memberships[0].TeamId))!;
        await RunAsync(turn, team, parsed);
        return true;
    }

    /// <summary>False for what other handlers (or nobody) should see; an unknown word near no command is left alone.</summary>
    private static bool IsOurs(ParseResult parsed) => parsed switch
    {
        NotACommand => false,
        UnknownCommand { Suggestion: null } => false,
        ClaimRequestCommand or CompleteRequestCommand => false,
        MalformedCommand { Command: CommandKind.ClaimRequest or CommandKind.CompleteRequest } => false,
        _ => true,
    };

    private async Task RunAsync(Turn turn, Team team, ParseResult parsed)
    {
        var context = turn.Context;
        switch (parsed)
        {
            case UnknownCommand unknown:
                await turn.ReplyAsync(CommandHelp.Reply(unknown));
                return;
            case MalformedCommand malformed:
                await turn.ReplyToSenderAsync(CommandHelp.Reply(malformed));
                return;
            case HelpCommand help:
                await turn.ReplyAsync(help.Topic is { } topic ? CommandHelp.Topic(topic) : CommandHelp.Overview);
                return;
            case RegisterCommand register:
                await RegisterAsync(turn, team, register);
                return;
            case StatsCommand stats:
                await StatsAsync(turn, team, stats);
                return;
            case ListMembersCommand:
                await turn.ReplyAsync(TeamReplies.Roster(team, await MemberStore.ListAsync(context.Connection, context.Transaction, team.Id)));
                return;
            default:
                break;
        }

        // The rest act in the team's name, so the sender must be one of its members.
        var member = await MemberStore.FindActiveAsync(context.Connection, context.Transaction, team.Id, turn.SenderId);
        if (member is null)
        {
            await turn.ReplyToSenderAsync(TeamReplies.NotAMember);
            return;
        }

        switch (parsed)
        {
            case ReportAssistCommand report:
                await ReportAsync(turn, team, member, report);
                break;
            case CorrectReportCommand correct:
                await CorrectAsync(turn, team, member, correct);
                break;
            case CancelReportCommand cancel:
                await CancelAsync(turn, team, member, cancel);
                break;
            case RemoveMemberCommand remove:
                await RemoveAsync(turn, team, member, remove);
                break;
            case SetRoleCommand setRole:
                await SetRoleAsync(turn, team, member, setRole);
                break;
            default:
                throw new InvalidOperationException($"No team-chat action for {parsed.GetType().Name}.");
        }
    }

    private async Task BindAsync(Turn turn, string groupId, BindCommand bind)
    {
        var context = turn.Context;
        var team = await TeamStore.FindByBindCodeAsync(context.Connection, context.Transaction, bind.Code);
        if (team is null)
        {
            await turn.ReplyAsync(TeamReplies.UnknownBindCode(bind.Code));
            return;
        }

        if (team.GroupId is not null)
        {
            await turn.ReplyAsync(TeamReplies.BindCodeUsed(team));
            return;
        }

        await TeamStore.BindAsync(context.Connection, context.Transaction, team.Id, groupId, turn.SenderId, context.Now);
        LogBound(team.Id, groupId);
        await turn.ReplyAsync(TeamReplies.Bound(team));
    }

    private async Task RegisterAsync(Turn turn, Team team, RegisterCommand register)
    {
        var context = turn.Context;
        var (connection, transaction) = (context.Connection, context.Transaction);
        var existing = await MemberStore.FindActiveAsync(connection, transaction, team.Id, turn.SenderId);
        var holder = await MemberStore.FindActiveByPhoneAsync(connection, transaction, team.Id, register.Phone);
        if (holder is not null && holder.ZaloUserId != turn.SenderId)
        {
            await turn.ReplyToSenderAsync(TeamReplies.PhoneTaken(register.Phone));
            return;
        }

        // Whoever registers with the leader's phone is the leader; otherwise a role given earlier stays.
        var role = register.Phone == team.LeaderPhone ? MemberRole.Leader : existing?.Role ?? MemberRole.Member;
        if (existing is not null)
        {
            await MemberStore.UpdateAsync(connection, transaction, existing.Id, register.FullName, register.Phone, role);
            await turn.ReplyToSenderAsync(TeamReplies.Updated(existing with { FullName = register.FullName, Phone = register.Phone, Role = role }));
            return;
        }

        var id = await MemberStore.AddAsync(connection, transaction, team.Id, turn.SenderId, register.FullName, register.Phone, role, context.Now);
        var member = (await MemberStore.FindAsync(connection, transaction, id))!;
        var count = await MemberStore.CountActiveAsync(connection, transaction, team.Id);
        LogRegistered(id, team.Id, role);
        await turn.ReplyToSenderAsync(TeamReplies.Welcome(member, team, count));
    }

    private static async Task ReportAsync(Turn turn, Team team, TeamMember member, ReportAssistCommand report)
    {
        var context = turn.Context;
        var assist = await AssistStore.AddAsync(
            context.Connection, context.Transaction, team.Id, member.Id, report.HeadOfHousehold, report.Village, report.WhatWasDone,
            report.Categories, turn.MessageId, context.Now);
        var times = await AssistStore.CountForHouseholdAsync(context.Connection, context.Transaction, team.Id, assist.HouseholdKey);
        await turn.ReplyToSenderAsync(TeamReplies.Recorded(assist, times));
    }

    private static async Task CorrectAsync(Turn turn, Team team, TeamMember member, CorrectReportCommand correct)
    {
        var context = turn.Context;
        if (await FindEditableAsync(turn, team, member, correct.Code) is not { } assist)
        {
            return;
        }

        await AssistStore.CorrectAsync(
            context.Connection, context.Transaction, assist.Id, correct.HeadOfHousehold ?? assist.HeadOfHousehold, correct.Village ?? assist.Village,
            correct.WhatWasDone ?? assist.Note, correct.Categories ?? assist.Categories, member.Id, context.Now);
        var corrected = (await AssistStore.FindAsync(context.Connection, context.Transaction, assist.Id))!;
        await turn.ReplyToSenderAsync(TeamReplies.Corrected(corrected));
    }

    private static async Task CancelAsync(Turn turn, Team team, TeamMember member, CancelReportCommand cancel)
    {
        var context = turn.Context;
        if (await FindEditableAsync(turn, team, member, cancel.Code) is not { } assist)
        {
            return;
        }

        await AssistStore.CancelAsync(context.Connection, context.Transaction, assist.Id, member.Id, context.Now);
        await turn.ReplyToSenderAsync(TeamReplies.Cancelled(assist));
    }

    /// <summary>The report, when it exists, still counts, and this member may change it; else replies why not.</summary>
    private static async Task<HouseholdAssist?> FindEditableAsync(Turn turn, Team team, TeamMember member, string code)
    {
        var context = turn.Context;
        var number = ShortCode.Parse(code, ShortCode.ReportPrefix);
        var assist = number is { } n ? await AssistStore.FindByNumberAsync(context.Connection, context.Transaction, team.Id, n) : null;
        string? refusal = assist switch
        {
            null => TeamReplies.ReportNotFound(code),
            { Status: AssistStatus.Cancelled } => TeamReplies.ReportAlreadyCancelled(code),
            _ when member.Role.IsLeadership() => null,
            _ when assist.MemberId != member.Id => TeamReplies.ReportNotYours(code),
            _ when context.Now - assist.CreatedAt > AuthorEditWindow => TeamReplies.ReportTooOld(code),
            _ => null,
        };
        if (refusal is not null)
        {
            await turn.ReplyToSenderAsync(refusal);
            return null;
        }

        return assist;
    }

    private static async Task StatsAsync(Turn turn, Team team, StatsCommand stats)
    {
        var context = turn.Context;
        var today = VietnamTime.Today(context.Now);
        DateOnly? from = stats.Period switch
        {
            // Weeks start on Monday in Vietnam.
            StatsPeriod.Week => today.AddDays(-(((int)today.DayOfWeek + 6) % 7)),
            StatsPeriod.Month => new DateOnly(today.Year, today.Month, 1),
            StatsPeriod.Year => new DateOnly(today.Year, 1, 1),
            _ => null,
        };
        var figures = await AssistStore.StatsAsync(context.Connection, context.Transaction, team.Id, from);
        await turn.ReplyAsync(TeamReplies.Stats(team, figures, TeamReplies.Period(stats.Period, today, from), sinceStart: from is null));
    }

    private static async Task RemoveAsync(Turn turn, Team team, TeamMember actor, RemoveMemberCommand remove)
    {
        var context = turn.Context;
        if (!actor.Role.IsLeadership())
        {
            await turn.ReplyToSenderAsync(TeamReplies.LeadersOnly);
            return;
        }

        if (await FindTargetAsync(turn, team, remove.Member) is not { } target)
        {
            return;
        }

        string? refusal = target switch
        {
            _ when target.Id == actor.Id => TeamReplies.CannotRemoveSelf,
            { Role: MemberRole.Leader } when actor.Role != MemberRole.Leader => TeamReplies.DeputyCannotTouchLeader,
            _ => null,
        };
        if (refusal is not null)
        {
            await turn.ReplyToSenderAsync(refusal);
            return;
        }

        await MemberStore.MarkLeftAsync(context.Connection, context.Transaction, target.Id, context.Now);
        var count = await MemberStore.CountActiveAsync(context.Connection, context.Transaction, team.Id);
        await turn.ReplyToSenderAsync(TeamReplies.Removed(target, team, count));
    }

    private static async Task SetRoleAsync(Turn turn, Team team, TeamMember actor, SetRoleCommand setRole)
    {
        var context = turn.Context;
        if (!actor.Role.IsLeadership())
        {
            await turn.ReplyToSenderAsync(TeamReplies.LeadersOnly);
            return;
        }

        if (await FindTargetAsync(turn, team, setRole.Member) is not { } target)
        {
            return;
        }

        var roster = await MemberStore.ListAsync(context.Connection, context.Transaction, team.Id);
        var otherLeaders = roster.Count(m => m.Role == MemberRole.Leader && m.Id != target.Id);
        string? refusal = target switch
        {
            _ when target.Role == setRole.Role => TeamReplies.RoleUnchanged(target),
            { Role: MemberRole.Leader } when actor.Role != MemberRole.Leader => TeamReplies.DeputyCannotTouchLeader,
            _ when setRole.Role == MemberRole.Leader && actor.Role != MemberRole.Leader => TeamReplies.OnlyLeaderAppointsLeaders,
            { Role: MemberRole.Leader } when otherLeaders == 0 => TeamReplies.TeamNeedsLeader,
            _ => null,
        };
        if (refusal is not null)
        {
            await turn.ReplyToSenderAsync(refusal);
            return;
        }

        await MemberStore.SetRoleAsync(context.Connection, context.Transaction, target.Id, setRole.Role);
        await turn.ReplyToSenderAsync(TeamReplies.RoleChanged(target, setRole.Role));
    }

    /// <summary>
    /// The active member a command names: by phone when given, else by full name, else by the name's last words
    /// ("Bình" finds "Trần Thị Bình" when only one member is called so). Replies and returns null when there is
    /// none or more than one.
    /// </summary>
    private static async Task<TeamMember?> FindTargetAsync(Turn turn, Team team, MemberRef target)
    {
        var context = turn.Context;
        var roster = await MemberStore.ListAsync(context.Connection, context.Transaction, team.Id);
        List<TeamMember> matches;
        if (target.Phone is { } phone)
        {
            matches = roster.Where(m => m.Phone == phone).ToList();
        }
        else
        {
            var key = VietnameseText.NormalizeName(target.Name);
            matches = roster.Where(m => VietnameseText.NormalizeName(m.FullName) == key).ToList();
            if (matches.Count == 0)
            {
                matches = roster.Where(m => VietnameseText.NormalizeName(m.FullName).EndsWith(" " + key, StringComparison.Ordinal)).ToList();
            }
        }

        switch (matches.Count)
        {
            case 1:
                return matches[0];
            case 0:
                await turn.ReplyToSenderAsync(TeamReplies.MemberNotFound(target));
                return null;
            default:
                await turn.ReplyToSenderAsync(TeamReplies.MemberAmbiguous(target, matches.Count));
                return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Group {GroupId} bound to team {TeamId}")]
    private partial void LogBound(long teamId, string groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} joined team {TeamId} as {Role}")]
    private partial void LogRegistered(long memberId, long teamId, MemberRole role);
}
