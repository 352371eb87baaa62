namespace ZaloBot.TeamChat;

/// <summary>What <see cref="CommandParser.Parse"/> made of one chat line.</summary>
public abstract record ParseResult
{
    /// <summary>True for what the team commands answer: a command, or a <c>#</c> word near one. Chatter and people's own hashtags are not.</summary>
    public bool IsTeamCommand => this is not (NotACommand or UnknownCommand { Suggestion: null });

    /// <summary>
    /// <c>#ketnoi</c>, <c>#dangky</c> and <c>#xacnhan</c>, well formed or not: what someone types before they are in a
    /// team, or before the channel they write on knows them as the member they are.
    /// </summary>
    public bool IsNewcomerCommand => this is BindCommand or RegisterCommand or ConfirmLinkCommand
        or MalformedCommand { Command: CommandKind.Bind or CommandKind.Register or CommandKind.ConfirmLink };
}

/// <summary>Chatter: no <c>#</c> or <c>/</c> prefix. The caller stays silent.</summary>
public sealed record NotACommand : ParseResult
{
    public static NotACommand Instance { get; } = new();
}

/// <summary>
/// A <c>#</c> word that is no command. <paramref name="Suggestion"/> is the nearest command when one is close
/// enough to say "Có phải bạn muốn …?", else null.
/// </summary>
public sealed record UnknownCommand(string Word, CommandKind? Suggestion) : ParseResult;

/// <summary>
/// A known command whose fields are missing or wrong, or that carries a citizen-ID-like number. Nothing of it
/// may be stored; the reply is <paramref name="Problem"/>, then <paramref name="Usage"/> and <paramref name="Example"/>.
/// </summary>
public sealed record MalformedCommand(CommandKind Command, string Problem, string Usage, string Example) : ParseResult;
