namespace ZaloBot.Zalo;

public abstract record Attachment;

/// <summary>An image, gif, sticker, audio or video; <c>StickerId</c> only for stickers.</summary>
public sealed record MediaAttachment(MessageKind Kind, string? Url, string? Thumbnail, string? StickerId) : Attachment;

public sealed record FileAttachment(string? Url, string? Name, string? Size, string? FileType) : Attachment;

public sealed record LinkAttachment(string? Url, string? Title, string? Description, string? Thumbnail) : Attachment;

public sealed record LocationAttachment(string Latitude, string Longitude) : Attachment;

/// <summary>A shared contact; its shape is not documented, so the payload is kept as JSON.</summary>
public sealed record BusinessCardAttachment(string PayloadJson) : Attachment;
