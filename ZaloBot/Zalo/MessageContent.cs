namespace ZaloBot.Zalo;

/// <summary>What a user sent: text (or a caption) and any attachments.</summary>
public sealed record MessageContent(MessageKind Kind, string MsgId, string? Text, IReadOnlyList<Attachment> Attachments, string? QuoteMsgId);
