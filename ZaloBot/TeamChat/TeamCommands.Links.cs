using ZaloBot.Messaging;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.TeamChat;

/// <summary>
/// One member on both channels: someone a channel does not know types <c>#dangky</c> 1:1 with a member's name and
/// phone, a code goes to the member's team groups, and <c>#xacnhan</c> with that code attaches their identity. A
/// leader's name and phone are public (residents are told to call them), so they prove nothing; being in the team's
/// group, where the code is posted, is the proof, as it was when joining a team meant typing <c>#dangky</c> there.
/// </summary>
public sealed partial class TeamCommands
{
    /// <summary>
    /// <c>#dangky</c> 1:1 from someone this channel does not know: when the name and phone are a member's who does not
    /// write through this channel yet, a pending link replaces any earlier one and its code is posted in each of the
    /// member's team groups; while an earlier request for them was dropped for wrong codes, nothing is posted and the
    /// sender is told to wait. False when no such member is in a bound team (the caller then says where to register).
    /// </summary>
    private async Task<bool> RequestLinkAsync(Turn turn, RegisterCommand register)
    {
        var context = turn.Context;
        var (connection, transaction) = (context.Connection, context.Transaction);
        var name = VietnameseText.NormalizeName(register.FullName);
        var matched = new List<(TeamMember Member, Conversation Group)>();
        foreach (var membership in await MemberStore.FindMembershipsByPhoneAsync(connection, transaction, register.Phone))
        {
            if (VietnameseText.NormalizeName(membership.FullName) == name
                && await MemberStore.IdentityAsync(connection, transaction, membership.Id, turn.Via) is null
                && (await TeamStore.FindAsync(connection, transaction, membership.TeamId))?.Group is { } group)
            {
                matched.Add((membership, group));
            }
        }

        if (matched.Count == 0)
        {
            return false;
        }

        var code = await MemberLinkStore.ReplaceAsync(connection, transaction, matched.Select(m => m.Member.Id).ToList(), turn.Via, turn.SenderId, context.Now);
        if (code is null)
        {
            await turn.ReplyAsync(TeamReplies.LinkRequestsPaused);
            return true;
        }

        foreach (var (member, group) in matched)
        {
            await context.SendAsync(group, BotMessage.Say(VietnameseText.Nfc(TeamReplies.LinkCodeNotice(member, turn.Via, code))));
            LogLinkRequested(member.Id, turn.Via);
        }

        await turn.ReplyAsync(TeamReplies.LinkCodePosted);
        return true;
    }

    /// <summary>
    /// <c>#xacnhan</c> 1:1 from someone this channel does not know: the right code, in time, from the identity that
    /// asked, attaches that identity to each membership the request named, and their groups are told. Anything else
    /// changes nothing but the count of wrong codes.
    /// </summary>
    private async Task ConfirmLinkAsync(Turn turn, ConfirmLinkCommand confirm)
    {
        var context = turn.Context;
        var (connection, transaction) = (context.Connection, context.Transaction);
        // One request's rows share their code, salt and expiry: the first speaks for all.
        var links = await MemberLinkStore.FindAsync(connection, transaction, turn.Via, turn.SenderId);
        if (links.Count == 0)
        {
            await turn.ReplyAsync(TeamReplies.NoPendingLink);
            return;
        }

        if (links[0].HasExpired(context.Now))
        {
            await MemberLinkStore.DeleteAsync(connection, transaction, turn.Via, turn.SenderId);
            await turn.ReplyAsync(TeamReplies.LinkCodeExpired);
            return;
        }

        if (links[0].IsDropped)
        {
            await turn.ReplyAsync(TeamReplies.LinkCodeDropped);
            return;
        }

        if (!links[0].Matches(confirm.Code))
        {
            var attemptsLeft = await MemberLinkStore.CountWrongCodeAsync(connection, transaction, turn.Via, turn.SenderId);
            LogWrongLinkCode(turn.Via, attemptsLeft);
            await turn.ReplyAsync(attemptsLeft == 0 ? TeamReplies.LinkCodeDropped : TeamReplies.WrongLinkCode(attemptsLeft));
            return;
        }

        await MemberLinkStore.DeleteAsync(connection, transaction, turn.Via, turn.SenderId);
        var attached = new List<(TeamMember Member, Team Team)>();
        foreach (var link in links)
        {
            // The member may have left, or written through this channel themselves, since the code was posted.
            if (await MemberStore.FindAsync(connection, transaction, link.MemberId) is { LeftAt: null } member
                && await MemberStore.IdentityAsync(connection, transaction, member.Id, turn.Via) is null)
            {
                await MemberStore.AttachIdentityAsync(connection, transaction, member.Id, turn.Via, turn.SenderId, context.Now);
                LogIdentityAttached(member.Id, turn.Via);
                attached.Add((member, (await TeamStore.FindAsync(connection, transaction, member.TeamId))!));
            }
        }

        if (attached.Count == 0)
        {
            await turn.ReplyAsync(TeamReplies.NoPendingLink);
            return;
        }

        foreach (var (member, team) in attached)
        {
            if (team.Group is { } group)
            {
                await context.SendAsync(group, BotMessage.Say(VietnameseText.Nfc(TeamReplies.NowAlsoOn(member, turn.Via))));
            }
        }

        await turn.ReplyAsync(TeamReplies.Recognised(attached[0].Member, attached[0].Team));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A link to member {MemberId} through {Via} was requested; its code went to the team's group")]
    private partial void LogLinkRequested(long memberId, ChannelId via);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A wrong link code came through {Via}; {AttemptsLeft} attempts left")]
    private partial void LogWrongLinkCode(ChannelId via, int attemptsLeft);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} now also writes through {Via}")]
    private partial void LogIdentityAttached(long memberId, ChannelId via);
}
