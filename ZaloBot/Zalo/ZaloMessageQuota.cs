namespace ZaloBot.Zalo;

/// <summary>The answer of <c>POST /v3.0/oa/quota/message</c> for one user.</summary>
public sealed record ZaloMessageQuota(DateTimeOffset? LastInteraction, int? CsRemaining, int? CsTotal);
