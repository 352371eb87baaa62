namespace ZaloBot.Zalo;

// Typed webhook events (zalo-oa-api.md §1.5–1.6). Ids and timestamps stay strings: they exceed 2^53.

/// <summary>One parsed webhook event. <see cref="ConversationKey"/> orders the events of one user or group.</summary>
public abstract record ZaloEvent(string EventName, string Timestamp)
{
    public abstract string ConversationKey { get; }
}

/// <summary><c>user_send_*</c>: a user wrote to the OA 1:1.</summary>
public sealed record UserMessageEvent(string EventName, string Timestamp, string UserId, MessageContent Message)
    : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "user:" + UserId;
}

/// <summary><c>user_send_group_*</c>: a member wrote in one of the OA's groups.</summary>
public sealed record GroupMessageEvent(string EventName, string Timestamp, string GroupId, string SenderId, MessageContent Message)
    : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "group:" + GroupId;
}

/// <summary><c>anonymous_send_*</c>: a user who has not shared their id.</summary>
public sealed record AnonymousMessageEvent(string EventName, string Timestamp, string AnonymousId, string ConversationId, MessageContent Message)
    : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "anonymous:" + ConversationId;
}

public sealed record FollowEvent(string EventName, string Timestamp, string UserId, string? Source) : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "user:" + UserId;
}

public sealed record UnfollowEvent(string EventName, string Timestamp, string UserId) : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "user:" + UserId;
}

/// <summary>What the user shared in answer to <c>request_user_info</c>; both documented shapes map here.</summary>
public sealed record SubmittedInfo(
    string? Name, string? Phone, string? Address, string? Ward, string? District, string? City, string? DateOfBirth, string? Gender);

public sealed record UserSubmitInfoEvent(string EventName, string Timestamp, string UserId, SubmittedInfo Info)
    : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "user:" + UserId;
}

/// <summary><c>user_received_message</c> (Seen = false) or <c>user_seen_message</c> (Seen = true) for the OA's messages.</summary>
public sealed record MessageReceiptEvent(string EventName, string Timestamp, string UserId, IReadOnlyList<string> MsgIds, bool Seen)
    : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "user:" + UserId;
}

/// <summary><c>oa_send_*</c>: the OA's own message coming back; never routed, or the bot would answer itself.</summary>
public sealed record OaEchoEvent(string EventName, string Timestamp, string? RecipientId, string? MsgId) : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "echo:" + RecipientId;
}

/// <summary>Any other event name: stored for the record and never routed.</summary>
public sealed record UnknownEvent(string EventName, string Timestamp) : ZaloEvent(EventName, Timestamp)
{
    public override string ConversationKey => "unknown";
}
