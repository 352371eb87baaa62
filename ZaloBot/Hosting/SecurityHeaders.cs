using ZaloBot.AdminAuth;

namespace ZaloBot.Hosting;

/// <summary>
/// Headers for everything that shows or carries personal data: the console, the admin API, the Sandbox simulator and
/// the OpenAPI document. Set before authentication runs, so refusals (401, 403, 429, the sign-in redirect) carry them too.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(ConsoleSignIn.Prefix) || path.StartsWithSegments(Sandbox.SandboxEndpoints.Prefix) || path.StartsWithSegments(OpenApiAccess.Path))
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // Lists of members, phones and households must not stay in a shared computer's cache; the stylesheet may.
            headers.CacheControl = "no-store";
            if (ConsoleSignIn.IsConsolePath(path))
            {
                // Everything the console shows is served by the app itself: no CDN, no inline script.
                headers.ContentSecurityPolicy =
                    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
            }
        }

        return next(context);
    });
}
