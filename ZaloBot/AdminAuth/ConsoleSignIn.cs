using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ZaloBot.AdminAuth;

/// <summary>
/// How an official signs in to the web console under <see cref="Prefix"/>: with an admin key (the same keys as the
/// admin API), held in a cookie whose session lives in the database (<see cref="ConsoleSessionStore"/>).
/// </summary>
public static class ConsoleSignIn
{
    public const string Scheme = "AdminConsole";
    public const string Policy = "AdminConsole";
    public const string Prefix = "/admin";
    public const string SignInPath = "/admin/sign-in";
    /// <summary>
    /// The session cookie. Its path is the whole site, so that outside loopback the Sandbox simulator can ask for the
    /// same sign-in; it holds a session id only (the session itself is kept in the database, see <see cref="ConsoleSessionStore"/>).
    /// </summary>
    public const string CookieName = "zalobot-session";

    /// <summary>The admin API's keys, the console's cookie (Secure: Live runs behind an HTTPS proxy), its sessions and key ring.</summary>
    public static IHostApplicationBuilder AddConsoleSignIn(this IHostApplicationBuilder builder)
    {
        builder.AddAdminApi();
        builder.AddConsoleKeyRing();
        builder.AddConsoleSessions();
        builder.Services.AddAuthentication()
            .AddCookie(Scheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.Path = "/";
                // Live runs behind an HTTPS proxy, so the browser always sees HTTPS and the cookie is Secure even
                // though Kestrel is reached over HTTP. (Sandbox, plain http://localhost, relaxes this for itself.)
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.LoginPath = SignInPath;
                options.LogoutPath = "/admin/sign-out";
                options.AccessDeniedPath = "/admin/denied";
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = async context =>
                {
                    // The key is read again on every request: a key taken out of the configuration ends its sessions,
                    // and a changed role, unit or name applies at once.
                    var keys = context.HttpContext.RequestServices.GetRequiredService<AdminApiKeys>();
                    var fingerprint = context.Principal?.FindFirst(Officer.KeyClaim)?.Value;
                    if (keys.FindByFingerprint(fingerprint) is not { } holder)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(Scheme);
                    }
                    else if (Officer.FromPrincipal(context.Principal!).Holder != holder)
                    {
                        context.ReplacePrincipal(new Officer(fingerprint!, holder).ToPrincipal(Scheme));
                        context.ShouldRenew = true;
                    }
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>A console page, export or asset (the admin API is under the same prefix but is not the console).</summary>
    public static bool IsConsolePath(PathString path) =>
        path.StartsWithSegments(Prefix) && !path.StartsWithSegments(AdminExtensions.Prefix);
}
