using Microsoft.AspNetCore.Authorization;
using ZaloBot.Storage;

namespace ZaloBot.AdminAuth;

/// <summary>
/// The one scope rule of the admin surface (the API, the console's pages and exports, and whatever else requires an
/// admin key or the console sign-in): enforced here for every such endpoint after authentication, before its
/// handler, from what the endpoint declares with <see cref="OpenToOfficersAttribute"/>.
/// </summary>
public static class AdminScope
{
    /// <summary>Declares a route open to officers (see <see cref="OpenToOfficersAttribute"/>).</summary>
    public static TBuilder OpenToOfficers<TBuilder>(
        this TBuilder builder, string[]? units = null, string[]? teams = null, string[]? members = null, string[]? broadcasts = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenToOfficersAttribute
        {
            Units = units ?? [],
            Teams = teams ?? [],
            Members = members ?? [],
            Broadcasts = broadcasts ?? [],
        });

    /// <summary>True when the endpoint asks for an admin key or the console sign-in, so the scope rule applies to it.</summary>
    public static bool IsAdminEndpoint(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
            && endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is AdminExtensions.Policy or ConsoleSignIn.Policy);
    }

    /// <summary>
    /// Runs after authentication and authorization: by then the caller is known. On the console a unit code that names
    /// no unit is "not found" for a province admin too, so a filter never quietly shows everything or nothing.
    /// </summary>
    public static IApplicationBuilder UseAdminScope(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is { } endpoint && IsAdminEndpoint(endpoint) && context.User.Identity?.IsAuthenticated == true
            && await (context.Officer().Scope.IsEverything ? UnknownUnitAsync(context, endpoint) : RefusalAsync(context, endpoint)) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static async Task<IResult?> RefusalAsync(HttpContext context, Endpoint endpoint)
    {
        var api = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == AdminExtensions.Policy);
        var open = endpoint.Metadata.GetMetadata<OpenToOfficersAttribute>();
        if (open is null || Named(context, "handler") is { } handler && open.ProvinceHandlers.Contains(handler, StringComparer.OrdinalIgnoreCase))
        {
            return Forbidden(api, "Chỉ quản trị viên cấp tỉnh được dùng chức năng này.");
        }

        var scope = context.Officer().Scope;
        var db = context.RequestServices.GetRequiredService<Db>();
        await using var connection = await db.OpenAsync(context.RequestAborted);
        foreach (var (names, holds) in new (string[], Func<string, Task<bool>>)[]
        {
            (open.Units, code => scope.HoldsUnitCodeAsync(connection, code)),
            (open.Teams, id => HoldsIdAsync(id, teamId => scope.HoldsTeamAsync(connection, teamId))),
            (open.Members, id => HoldsIdAsync(id, memberId => scope.HoldsMemberAsync(connection, memberId))),
            (open.Broadcasts, id => HoldsIdAsync(id, broadcastId => scope.HoldsBroadcastAsync(connection, broadcastId))),
        })
        {
            foreach (var name in names)
            {
                if (Named(context, name) is { } value && !await holds(value))
                {
                    return HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                        ? Results.NotFound()
                        : Forbidden(api, "Việc này nằm ngoài phạm vi đơn vị của bạn.");
                }
            }
        }

        return null;
    }

    /// <summary>A console read naming a unit code that exists nowhere answers 404 (the console's page says which code).</summary>
    private static async Task<IResult?> UnknownUnitAsync(HttpContext context, Endpoint endpoint)
    {
        if (!ConsoleSignIn.IsConsolePath(context.Request.Path) || !HttpMethods.IsGet(context.Request.Method)
            || endpoint.Metadata.GetMetadata<OpenToOfficersAttribute>() is not { Units.Length: > 0 } open)
        {
            return null;
        }

        var db = context.RequestServices.GetRequiredService<Db>();
        await using var connection = await db.OpenAsync(context.RequestAborted);
        foreach (var name in open.Units)
        {
            if (Named(context, name) is { } code && !await OfficerScope.UnitExistsAsync(connection, code))
            {
                return Results.NotFound();
            }
        }

        return null;
    }

    /// <summary>A parameter as the route or the query string gives it; empty counts as absent.</summary>
    private static string? Named(HttpContext context, string name) =>
        (context.Request.RouteValues.TryGetValue(name, out var routed) ? routed?.ToString() : null) is { Length: > 0 } fromRoute
            ? fromRoute
            : context.Request.Query[name].ToString() is { Length: > 0 } fromQuery ? fromQuery.Trim() : null;

    /// <summary>An id that does not parse is left to the handler, which refuses it as bad input.</summary>
    private static Task<bool> HoldsIdAsync(string text, Func<long, Task<bool>> holds) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? holds(id)
            : Task.FromResult(true);

    /// <summary>The API says why in its problem body; the console shows its "no access" page, as any refusal there does.</summary>
    private static IResult Forbidden(bool api, string detail) =>
        api
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail)
            : Results.Forbid(authenticationSchemes: [ConsoleSignIn.Scheme]);
}
