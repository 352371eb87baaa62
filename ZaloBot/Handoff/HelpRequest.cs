using ZaloBot.Messaging;
using ZaloBot.Teams;

namespace ZaloBot.Handoff;

public enum HelpRequestStatus
{
    /// <summary>Posted to the team's group, nobody took it yet.</summary>
    Open,

    /// <summary>A member took it with <c>#nhan</c>.</summary>
    Claimed,

    /// <summary>Closed with <c>#xong</c>; a household assisted was recorded.</summary>
    Done,

    /// <summary>The resident cancelled it.</summary>
    Cancelled,
}

/// <summary>
/// A resident's help request; <see cref="Resident"/> is their 1:1 conversation. <see cref="Village"/> is null when the resident did not know it; <see cref="Commune"/>
/// is always known. <see cref="TeamId"/> is the team whose group got it, <see cref="EscalatedTeamId"/> the commune
/// team it was raised to. <see cref="ResidentPhone"/> is the national form: shown whole only to the member who takes the
/// request and to officials on its console page, masked everywhere else. <see cref="ResidentZaloName"/> is the name
/// the resident's Zalo profile shows, once it has been looked up.
/// </summary>
public sealed record HelpRequest(
    long Id,
    int Number,
    Conversation Resident,
    AdminUnit? Village,
    AdminUnit Commune,
    long TeamId,
    string? GuideId,
    string Topic,
    string? ResidentName,
    string? ResidentPhone,
    string? ResidentZaloName,
    HelpRequestStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RemindedAt,
    DateTimeOffset? EscalatedAt,
    long? EscalatedTeamId,
    long? ClaimedBy,
    string? Note)
{
    public string Code => ShortCode.Format(ShortCode.RequestPrefix, Number);

    public bool IsActive => Status is HelpRequestStatus.Open or HelpRequestStatus.Claimed;

    /// <summary>"Thôn Tân Lập, Xã Tân Lập", or the commune alone when the village is not known.</summary>
    public string Place => Village is { } village ? $"{village.Name}, {Commune.Name}" : Commune.Name;

    /// <summary>True when this team's members may take and close it: the team it was posted to, or raised to.</summary>
    public bool IsFor(long teamId) => TeamId == teamId || EscalatedTeamId == teamId;
}
