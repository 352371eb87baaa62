using System.Text;
using ZaloBot.Teams;

namespace ZaloBot.TeamChat;

/// <summary>A complete, valid command.</summary>
public abstract record ChatCommand : ParseResult
{
    public abstract CommandKind Kind { get; }
}

/// <summary>A member found by name, by phone (national form), or by both.</summary>
public sealed record MemberRef(string? Name, string? Phone)
{
    public static MemberRef ByName(string name) => new(name, null);

    public static MemberRef ByPhone(string phone) => new(null, phone);
}

/// <summary><c>#ketnoi</c>: bind this group to the team with this code (canonical form, see <see cref="BindCode"/>).</summary>
public sealed record BindCommand(string Code) : ChatCommand
{
    public override CommandKind Kind => CommandKind.Bind;
}

/// <summary><c>#dangky</c>: the sender joins the group's team. <paramref name="Phone"/> is in national form.</summary>
public sealed record RegisterCommand(string FullName, string Phone) : ChatCommand
{
    public override CommandKind Kind => CommandKind.Register;
}

/// <summary><c>#hotro</c>: one household assisted. Categories are never empty (<see cref="AssistCategory.Other"/> at least).</summary>
public sealed record ReportAssistCommand(
    string HeadOfHousehold, string Village, string WhatWasDone, IReadOnlyList<AssistCategory> Categories) : ChatCommand
{
    public override CommandKind Kind => CommandKind.ReportAssist;

    // Records compare lists by reference; a report is the same report when its categories are the same.
    public bool Equals(ReportAssistCommand? other) =>
        other is not null && HeadOfHousehold == other.HeadOfHousehold && Village == other.Village
        && WhatWasDone == other.WhatWasDone && Categories.SequenceEqual(other.Categories);

    public override int GetHashCode() => HashCode.Combine(HeadOfHousehold, Village, WhatWasDone, Categories.Count);

    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append("HeadOfHousehold = ").Append(HeadOfHousehold)
            .Append(", Village = ").Append(Village)
            .Append(", WhatWasDone = ").Append(WhatWasDone)
            .Append(", Categories = [").AppendJoin(", ", Categories).Append(']');
        return true;
    }
}

/// <summary>
/// <c>#sua</c>: correct a report. Only the fields given are changed (null = unchanged); at least one is given.
/// <paramref name="Categories"/> is detected again when <paramref name="WhatWasDone"/> changes, else null.
/// </summary>
public sealed record CorrectReportCommand(
    string Code, string? HeadOfHousehold, string? Village, string? WhatWasDone, IReadOnlyList<AssistCategory>? Categories)
    : ChatCommand
{
    public override CommandKind Kind => CommandKind.CorrectReport;

    public bool Equals(CorrectReportCommand? other) =>
        other is not null && Code == other.Code && HeadOfHousehold == other.HeadOfHousehold && Village == other.Village
        && WhatWasDone == other.WhatWasDone
        && (Categories is null ? other.Categories is null : other.Categories is not null && Categories.SequenceEqual(other.Categories));

    public override int GetHashCode() => HashCode.Combine(Code, HeadOfHousehold, Village, WhatWasDone, Categories?.Count);

    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Code = ").Append(Code)
            .Append(", HeadOfHousehold = ").Append(HeadOfHousehold)
            .Append(", Village = ").Append(Village)
            .Append(", WhatWasDone = ").Append(WhatWasDone)
            .Append(", Categories = ");
        if (Categories is null)
        {
            builder.Append("null");
        }
        else
        {
            builder.Append('[').AppendJoin(", ", Categories).Append(']');
        }

        return true;
    }
}

/// <summary><c>#huy</c>: cancel a report (code in canonical form, <c>HT-0001</c>).</summary>
public sealed record CancelReportCommand(string Code) : ChatCommand
{
    public override CommandKind Kind => CommandKind.CancelReport;
}

/// <summary><c>#thongke</c>: the team's figures for a period.</summary>
public sealed record StatsCommand(StatsPeriod Period) : ChatCommand
{
    public override CommandKind Kind => CommandKind.Stats;
}

/// <summary><c>#thanhvien</c>: the roster with roles.</summary>
public sealed record ListMembersCommand : ChatCommand
{
    public override CommandKind Kind => CommandKind.ListMembers;
}

/// <summary><c>#xoa</c>: remove a member (leaders only; the command table checks).</summary>
public sealed record RemoveMemberCommand(MemberRef Member) : ChatCommand
{
    public override CommandKind Kind => CommandKind.RemoveMember;
}

/// <summary><c>#vaitro</c>: change a member's role (leaders only; the command table checks).</summary>
public sealed record SetRoleCommand(MemberRef Member, MemberRole Role) : ChatCommand
{
    public override CommandKind Kind => CommandKind.SetRole;
}

/// <summary><c>#huongdan</c>: every command, or one command when a topic follows (<c>#huongdan hotro</c>).</summary>
public sealed record HelpCommand(CommandKind? Topic) : ChatCommand
{
    public override CommandKind Kind => CommandKind.Help;
}

/// <summary><c>#nhan</c>: take on a resident's help request (code in canonical form, <c>YC-0001</c>).</summary>
public sealed record ClaimRequestCommand(string Code) : ChatCommand
{
    public override CommandKind Kind => CommandKind.ClaimRequest;
}

/// <summary><c>#xong</c>: close a help request, with an optional note of what was done.</summary>
public sealed record CompleteRequestCommand(string Code, string? Note) : ChatCommand
{
    public override CommandKind Kind => CommandKind.CompleteRequest;
}

/// <summary>
/// <c>#xacnhan</c>: the 6-digit code a pending link posted in the team's group, brought back 1:1 through the channel
/// the link is for (see <see cref="Teams.MemberLinkStore"/>).
/// </summary>
public sealed record ConfirmLinkCommand(string Code) : ChatCommand
{
    public override CommandKind Kind => CommandKind.ConfirmLink;
}
