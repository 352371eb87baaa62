namespace ZaloBot.AdminAuth;

/// <summary>Who holds a key: the name the audit shows, the role, and an officer's unit code.</summary>
public sealed record AdminKey(string Name, AdminRole Role, string? UnitCode);
