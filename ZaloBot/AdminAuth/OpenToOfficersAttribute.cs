using Microsoft.AspNetCore.Authorization;

namespace ZaloBot.AdminAuth;

/// <summary>
/// Opens an admin route or console page to commune officers; without it only province admins may use it (officers
/// get 403). The parameters listed name what the route addresses, read from its route values or query string; each one
/// an officer names must lie inside their commune-level unit, else a read (GET, HEAD) answers 404, as if it did not
/// exist, and a write 403. Lists are narrowed by the handler with the caller's <see cref="OfficerScope"/>, and what a
/// request body names is checked by the handler with the same scope.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class OpenToOfficersAttribute : Attribute
{
    /// <summary>Parameters holding a unit code.</summary>
    public string[] Units { get; set; } = [];

    /// <summary>Parameters holding a team id.</summary>
    public string[] Teams { get; set; } = [];

    /// <summary>Parameters holding a team member's id.</summary>
    public string[] Members { get; set; } = [];

    /// <summary>Parameters holding an announcement id.</summary>
    public string[] Broadcasts { get; set; } = [];

    /// <summary>Handlers of a Razor page (<c>?handler=…</c>) that stay province-only although the page is open.</summary>
    public string[] ProvinceHandlers { get; set; } = [];
}
