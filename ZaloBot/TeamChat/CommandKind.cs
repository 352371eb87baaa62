namespace ZaloBot.TeamChat;

/// <summary>The team-chat commands, one per keyword (aliases map to the same kind).</summary>
public enum CommandKind
{
    Bind,
    Register,
    ReportAssist,
    CorrectReport,
    CancelReport,
    Stats,
    ListMembers,
    RemoveMember,
    SetRole,
    Help,
    ClaimRequest,
    CompleteRequest,
    ConfirmLink,
}
