namespace ZaloBot.AdminAuth;

/// <summary>One structured admin key.</summary>
public sealed class AdminKeyOptions
{
    public string Key { get; set; } = "";

    /// <summary>Who holds the key, as the audit trail names them ("Cán bộ xã Tân Lập"); never the key itself.</summary>
    public string? Name { get; set; }

    /// <summary><c>province</c> (the default) or <c>officer</c>.</summary>
    public string? Role { get; set; }

    /// <summary>An officer's commune-level unit; they may address that unit and the units under it only.</summary>
    public string? UnitCode { get; set; }
}
