using System.Security.Claims;

namespace ZaloBot.AdminAuth;

/// <summary>The caller of an admin endpoint, read from the claims the key handler set.</summary>
public sealed record AdminCaller(string Name, AdminRole Role, string? UnitCode)
{
    public const string UnitClaim = "zalobot:unit";

    public static AdminCaller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = user.IsInRole(AdminRole.Officer.Code()) ? AdminRole.Officer : AdminRole.Province;
        return new AdminCaller(user.Identity?.Name ?? "?", role, user.FindFirst(UnitClaim)?.Value);
    }
}
