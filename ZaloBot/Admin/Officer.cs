using System.Security.Claims;

namespace ZaloBot.Admin;

/// <summary>
/// Which units an officer may see: the whole install (a province admin), or the listed units and everything
/// under them (the officer of a commune sees that commune and its villages).
/// </summary>
public sealed record OfficerScope
{
    private OfficerScope(IReadOnlyList<string>? unitCodes) => UnitCodes = unitCodes;

    /// <summary>Every unit.</summary>
    public static OfficerScope Everything { get; } = new((IReadOnlyList<string>?)null);

    /// <summary>The root units' codes; null means every unit.</summary>
    public IReadOnlyList<string>? UnitCodes { get; }

    public bool IsEverything => UnitCodes is null;

    public static OfficerScope Units(IEnumerable<string> unitCodes) => new(unitCodes.ToList());
}

/// <summary>The signed-in console user, read back from the cookie's claims.</summary>
public sealed record Officer(string KeyFingerprint, string DisplayName, OfficerScope Scope)
{
    public const string KeyClaim = "zalobot:key";
    public const string UnitClaim = "zalobot:unit";

    /// <summary>True for a province-wide officer: only they see system pages such as the dead-letter box.</summary>
    public bool IsProvinceAdmin => Scope.IsEverything;

    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        List<Claim> claims = [new(ClaimTypes.Name, DisplayName), new(KeyClaim, KeyFingerprint)];
        claims.AddRange((Scope.UnitCodes ?? []).Select(code => new Claim(UnitClaim, code)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    public static Officer FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var units = principal.FindAll(UnitClaim).Select(c => c.Value).ToList();
        return new Officer(
            principal.FindFirstValue(KeyClaim) ?? "",
            principal.Identity?.Name ?? "",
            units.Count == 0 ? OfficerScope.Everything : OfficerScope.Units(units));
    }
}
