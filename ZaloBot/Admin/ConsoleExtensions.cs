using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.WebEncoders;
using ZaloBot.Admin.Exports;
using ZaloBot.Zalo;

namespace ZaloBot.Admin;

/// <summary>
/// The admin side of the app: the JSON API under <c>/admin/api</c> (API key in a header) and the officials' web
/// console under <c>/admin</c> (Razor Pages in <c>Admin/Pages</c>, signed in with the same keys, held in a cookie).
/// </summary>
public static class ConsoleExtensions
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

    public static IHostApplicationBuilder AddAdminConsole(this IHostApplicationBuilder builder)
    {
        builder.AddAdminApi();
        builder.AddConsoleKeyRing();
        builder.AddConsoleSessions();
        builder.Services.AddSingleton<ExportJobs>();

        var sandbox = (builder.Configuration.GetSection(ZaloOptions.Section).Get<ZaloOptions>() ?? new ZaloOptions()).EffectiveMode == ZaloMode.Sandbox;
        builder.Services.AddAuthentication()
            .AddCookie(Scheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.Path = "/";
                // Live runs behind an HTTPS proxy, so the browser always sees HTTPS and the cookie is Secure even
                // though Kestrel is reached over HTTP; Sandbox is plain http://localhost, where a Secure cookie is
                // refused by some browsers and HTTP clients.
                options.Cookie.SecurePolicy = sandbox ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
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
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Admin/Pages";
            options.Conventions.AuthorizeFolder("/", Policy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
        });
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "zalobot-console-csrf";
            options.Cookie.Path = Prefix;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = sandbox ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.FormFieldName = "__csrf";
        });

        // Razor's encoder would write every Vietnamese letter as a numeric entity; text stays text.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }

    public static WebApplication MapAdminConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapTeamsAdmin();
        app.MapRazorPages();
        app.MapConsoleExports();
        app.MapConsoleAssets();
        return app;
    }

    /// <summary>A console page, export or asset (the admin API is under the same prefix but is not the console).</summary>
    public static bool IsConsolePath(PathString path) =>
        path.StartsWithSegments(Prefix) && !path.StartsWithSegments(AdminExtensions.Prefix);
}

/// <summary>The console's stylesheet, embedded in the app (the console works offline).</summary>
public static class ConsoleAssets
{
    public const string Path = "/admin/assets";

    private static readonly Lazy<byte[]> Stylesheet = new(() =>
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("ZaloBot.Admin.Pages.console.css")
            ?? throw new InvalidOperationException("The console stylesheet is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapConsoleAssets(this IEndpointRouteBuilder endpoints)
    {
        // The sign-in page needs it before anyone is signed in; it holds no data.
        endpoints.MapGet(Path + "/console.css", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(Stylesheet.Value, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}

/// <summary>Reads the officer behind the request.</summary>
public static class OfficerAccess
{
    public static Officer Officer(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Admin.Officer.FromPrincipal(context.User);
    }
}
