using System.Security.Claims;

namespace ZaloBot.AdminAuth;

/// <summary>
/// The signed-in console user: the key's fingerprint and its holder (name, role, an officer's unit). The cookie
/// carries the same claims the admin API's key handler sets, so <see cref="AdminCaller.From"/> reads a console
/// user exactly as it reads an API caller, and the features' own checks (scope, audit) apply unchanged.
/// </summary>
public sealed record Officer(string KeyFingerprint, AdminKey Holder)
{
    public const string KeyClaim = "zalobot:key";

    public OfficerScope Scope => OfficerScope.For(Holder.Role, Holder.UnitCode);

    /// <summary>True for a province admin: only they see system pages such as the dead-letter box, and import units.</summary>
    public bool IsProvinceAdmin => Scope.IsEverything;

    /// <summary>"Cấp tỉnh · Quản trị tỉnh (khóa số 1)", "Cán bộ xã · Cán bộ xã Tân Lập".</summary>
    public string DisplayName => (IsProvinceAdmin ? "Cấp tỉnh" : "Cán bộ xã") + " · " + Holder.Name;

    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, Holder.Name),
            new(ClaimTypes.Role, Holder.Role.Code()),
            new(KeyClaim, KeyFingerprint),
        ];
        if (Holder.UnitCode is { Length: > 0 } unit)
        {
            claims.Add(new Claim(AdminCaller.UnitClaim, unit));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    public static Officer FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var caller = AdminCaller.From(principal);
        return new Officer(principal.FindFirstValue(KeyClaim) ?? "", new AdminKey(caller.Name, caller.Role, caller.UnitCode));
    }
}
