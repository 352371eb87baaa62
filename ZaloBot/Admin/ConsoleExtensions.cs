using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using ZaloBot.Admin.Exports;
using ZaloBot.AdminAuth;

namespace ZaloBot.Admin;

/// <summary>
/// The admin side of the app: the JSON API under <c>/admin/api</c> (API key in a header) and the officials' web
/// console under <c>/admin</c> (Razor Pages in <c>Admin/Pages</c>, signed in with the same keys, held in a cookie).
/// </summary>
public static class ConsoleExtensions
{
    public static IHostApplicationBuilder AddAdminConsole(this IHostApplicationBuilder builder)
    {
        builder.AddConsoleSignIn();
        builder.Services.AddSingleton<ExportJobs>();
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Admin/Pages";
            options.Conventions.AuthorizeFolder("/", ConsoleSignIn.Policy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
        });
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "zalobot-console-csrf";
            options.Cookie.Path = ConsoleSignIn.Prefix;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Secure, as the session cookie (see ConsoleSignIn).
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
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
}

/// <summary>The console's stylesheet and its one small script, embedded in the app (the console works offline).</summary>
public static class ConsoleAssets
{
    public const string Path = "/admin/assets";

    private static readonly Lazy<byte[]> Stylesheet = new(() => Read("console.css"));

    private static readonly Lazy<byte[]> Script = new(() => Read("console.js"));

    public static IEndpointRouteBuilder MapConsoleAssets(this IEndpointRouteBuilder endpoints)
    {
        // The sign-in page needs them before anyone is signed in; they hold no data.
        endpoints.MapGet(Path + "/console.css", (HttpContext context) => Serve(context, Stylesheet.Value, "text/css; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(Path + "/console.js", (HttpContext context) => Serve(context, Script.Value, "text/javascript; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(HttpContext context, byte[] content, string contentType)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(content, contentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("ZaloBot.Admin.Pages." + name)
            ?? throw new InvalidOperationException($"The console's {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
