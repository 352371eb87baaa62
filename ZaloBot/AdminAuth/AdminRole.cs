namespace ZaloBot.AdminAuth;

public enum AdminRole
{
    /// <summary>A province admin: every unit.</summary>
    Province,

    /// <summary>An officer of one commune-level unit: that unit and its villages.</summary>
    Officer,
}

public static class AdminRoles
{
    public static string Code(this AdminRole role) => role == AdminRole.Officer ? "officer" : "province";

    /// <summary>Reads a configured role; empty means province.</summary>
    public static AdminRole? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "PROVINCE" => AdminRole.Province,
        "OFFICER" => AdminRole.Officer,
        _ => null,
    };
}
