using ZaloBot.Messaging;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.TeamChat;

/// <summary>
/// The team commands, every one of them in one table (<see cref="RunAsync"/>), <c>#nhan</c>/<c>#xong</c> included.
/// In a group the team is the one the group is bound to; 1:1 it is the sender's team (the one they joined last), and
/// for <c>#nhan</c>/<c>#xong</c> whichever of their teams the request went to. The router brings a command here
/// already parsed; every command gets its answer here. All writes go through the dispatcher's transaction, so a
/// command is stored whole with its reply, or not at all.
/// </summary>
public sealed partial class TeamCommands(ILogger<TeamCommands> logger)
{
    /// <summary>How long the author of a report may correct or cancel it themselves.</summary>
    public static readonly TimeSpan AuthorEditWindow = TimeSpan.FromHours(48);

    public Task HandleAsync(EventContext context, ParseResult command)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(command);
        var message = context.Message;
        var turn = new Turn(context, message.Conversation.Channel, message.SenderId, message.MessageId);
        return message.Conversation.IsGroup ? InGroupAsync(turn, message.Conversation, command) : OneToOneAsync(turn, command);
    }

    /// <summary>One command being answered: who sent it through which channel, and how replies address them.</summary>
    private sealed record Turn(EventContext Context, ChannelId Via, string SenderId, string? MessageId)
    {
        public Task ReplyAsync(string text) => Context.ReplyAsync(BotMessage.Say(VietnameseText.Nfc(text)));

        /// <summary>A reply meant for the sender: in a group the channel names them first.</summary>
        public Task ReplyToSenderAsync(string text) =>
            Context.ReplyAsync(BotMessage.Say(VietnameseText.Nfc(text)) with { Addressee = SenderId, AddresseeName = Context.Message.SenderName });
    }

    private async Task InGroupAsync(Turn turn, Conversation group, ParseResult command)
    {
        var context = turn.Context;
        var team = await TeamStore.FindByGroupAsync(context.Connection, context.Transaction, group);
        if (team is null)
        {
            if (command is BindCommand bind)
            {
                await BindAsync(turn, group, bind);
            }
            else
            {
                // Nothing is stored for an unbound group; every command gets the same way out.
                await turn.ReplyAsync(TeamReplies.NotBound);
            }

            return;
        }

        if (command is BindCommand rebind)
        {
            await turn.ReplyAsync(rebind.Code == team.BindCode ? TeamReplies.AlreadyBound(team) : TeamReplies.BoundToAnotherTeam(team));
            return;
        }

        await RunAsync(turn, team, command);
    }

    private async Task OneToOneAsync(Turn turn, ParseResult command)
    {
        var context = turn.Context;
        var memberships = await MemberStore.FindMembershipsAsync(context.Connection, context.Transaction, turn.Via, turn.SenderId);
        if (memberships.Count == 0)
        {
            switch (command)
            {
                case RegisterCommand register when await RequestLinkAsync(turn, register):
                    return;
                case ConfirmLinkCommand confirm:
                    await ConfirmLinkAsync(turn, confirm);
                    return;
                case MalformedCommand { Command: CommandKind.ConfirmLink } malformed:
                    await turn.ReplyAsync(CommandHelp.Reply(malformed));
                    return;
                default:
                    break;
            }

            // Someone in no team reaches here only with #ketnoi or #dangky (see the router): they are told where to type it.
            await turn.ReplyAsync(command is BindCommand or MalformedCommand { Command: CommandKind.Bind } ? TeamReplies.BindOnlyInGroup : TeamReplies.RegisterInGroup);
            return;
        }

        if (command is BindCommand)
        {
            await turn.ReplyAsync(TeamReplies.BindOnlyInGroup);
            return;
        }

        var team = (await TeamStore.FindAsync(context.Connection, context.Transaction, memberships[0].TeamId))!;
        await RunAsync(turn, team, command);
    }

    /// <summary>The command table: what each command does, first those anyone in the group may use, then a member's.</summary>
    private async Task RunAsync(Turn turn, Team team, ParseResult command)
    {
        var context = turn.Context;
        switch (command)
        {
            case UnknownCommand unknown:
                await turn.ReplyAsync(CommandHelp.Reply(unknown));
                return;
            case MalformedCommand { Command: not (CommandKind.ClaimRequest or CommandKind.CompleteRequest) } malformed:
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
            case ConfirmLinkCommand:
                await turn.ReplyToSenderAsync(context.Message.Conversation.IsGroup ? TeamReplies.ConfirmLinkOnlyPrivate : TeamReplies.AlreadyLinked);
                return;
            default:
                break;
        }

        // The rest act in the team's name, so the sender must be one of its members.
        var member = await MemberStore.FindActiveAsync(context.Connection, context.Transaction, team.Id, turn.Via, turn.SenderId);
        if (member is null)
        {
            await turn.ReplyToSenderAsync(TeamReplies.NotAMember);
            return;
        }

        switch (command)
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
            case MalformedCommand malformed:
                await turn.ReplyToSenderAsync(CommandHelp.Reply(malformed));
                break;
            case ClaimRequestCommand claim when await FindRequestAsync(turn, team, member, claim.Code) is (var request, var actingTeam, var actingMember):
                await ClaimAsync(turn, request, actingTeam, actingMember);
                break;
            case CompleteRequestCommand complete when await FindRequestAsync(turn, team, member, complete.Code) is (var request, var actingTeam, var actingMember):
                await CompleteAsync(turn, request, actingTeam, actingMember, complete.Note);
                break;
            case ClaimRequestCommand or CompleteRequestCommand:
                // Not the sender's to see: FindRequestAsync said so.
                break;
            default:
                throw new InvalidOperationException($"No team command for {command.GetType().Name}.");
        }
    }

    private async Task BindAsync(Turn turn, Conversation group, BindCommand bind)
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

        await TeamStore.BindAsync(context.Connection, context.Transaction, team.Id, group, turn.SenderId, context.Now);
        LogBound(team.Id, group.Id);
        await turn.ReplyAsync(TeamReplies.Bound(team));
    }

    private async Task RegisterAsync(Turn turn, Team team, RegisterCommand register)
    {
        var context = turn.Context;
        var (connection, transaction) = (context.Connection, context.Transaction);
        var existing = await MemberStore.FindActiveAsync(connection, transaction, team.Id, turn.Via, turn.SenderId);
        var holder = await MemberStore.FindActiveByPhoneAsync(connection, transaction, team.Id, register.Phone);
        if (holder is not null && holder.Id != existing?.Id)
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

        var id = await MemberStore.AddAsync(connection, transaction, team.Id, turn.Via, turn.SenderId, register.FullName, register.Phone, role, context.Now);
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
