namespace ZaloBot.Broadcasts;

/// <summary>What an operation on announcements gives: its result, or why it did nothing.</summary>
public sealed record BroadcastOutcome<T>(T? Value, BroadcastRefusal? Refusal)
    where T : class;

public enum BroadcastRefusalKind
{
    /// <summary>No announcement has this id.</summary>
    NotFound,

    /// <summary>The request is malformed; <see cref="BroadcastRefusal.Errors"/> says which fields.</summary>
    Invalid,

    /// <summary>It names units outside the officer's commune.</summary>
    OutOfScope,

    /// <summary>The announcement's state does not allow it (a completed one cannot be cancelled).</summary>
    WrongState,
}

/// <summary>Why nothing was done, in Vietnamese: per field for <see cref="BroadcastRefusalKind.Invalid"/>, else one reason.</summary>
public sealed record BroadcastRefusal(BroadcastRefusalKind Kind, string? Reason, IReadOnlyDictionary<string, string[]> Errors)
{
    public static BroadcastRefusal NotFound { get; } = new(BroadcastRefusalKind.NotFound, null, new Dictionary<string, string[]>());

    public static BroadcastRefusal Invalid(IReadOnlyDictionary<string, string[]> errors) => new(BroadcastRefusalKind.Invalid, null, errors);

    public static BroadcastRefusal Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static BroadcastRefusal OutOfScope(string reason) => new(BroadcastRefusalKind.OutOfScope, reason, new Dictionary<string, string[]>());

    public static BroadcastRefusal WrongState(string reason) => new(BroadcastRefusalKind.WrongState, reason, new Dictionary<string, string[]>());

    /// <summary>The reason, or every field's message, as one line.</summary>
    public string Text => Reason ?? string.Join(" ", Errors.SelectMany(e => e.Value));
}
