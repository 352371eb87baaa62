using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using ZaloBot.AdminAuth;
using ZaloBot.Zalo;

namespace ZaloBot.Hosting;

/// <summary>
/// Runs the app behind a reverse proxy that terminates HTTPS: the caller's address and scheme come from the forwarded
/// headers of trusted proxies only (anyone else could claim any address or HTTPS). In Live mode the console answers
/// only over HTTPS as the browser sees it (its cookies are Secure: over plain HTTP its forms could not work), and the
/// admin API and the OpenAPI document, whose keys are secrets, over HTTPS or from the machine itself (loopback, after
/// the forwarded headers: a proxy's own clients are not loopback), where a key never crosses a network.
/// </summary>
public static class ReverseProxy
{
    public static IHostApplicationBuilder AddReverseProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            // Not X-Forwarded-Host: the host the app names in links and redirects stays the one the request asked for.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var address in proxy.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the caller's address and scheme.</summary>
    public static IApplicationBuilder UseReverseProxy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<ZaloOptions>>().Value.EffectiveMode == ZaloMode.Live)
        {
            app.Use((context, next) => context.Request.IsHttps || !NeedsHttps(context) ? next(context) : RefuseAsync(context));
        }

        return app;
    }

    private static bool NeedsHttps(HttpContext context) =>
        ConsoleSignIn.IsConsolePath(context.Request.Path) || (IsKeyPath(context.Request.Path) && !CallerAddress.IsLoopback(context));

    private static bool IsKeyPath(PathString path) => path.StartsWithSegments(AdminExtensions.Prefix) || path.StartsWithSegments(OpenApiAccess.Path);

    private static Task RefuseAsync(HttpContext context)
    {
        const string message = "Bảng điều khiển chỉ mở qua HTTPS. Bạn mở lại bằng địa chỉ bắt đầu bằng https:// nhé. "
            + "Nếu đã dùng https:// mà vẫn thấy trang này, người quản trị cần khai báo máy chủ proxy trong ReverseProxy__KnownProxies.";
        return IsKeyPath(context.Request.Path)
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "HTTPS required", detail: message).ExecuteAsync(context)
            : PlainPage.WriteAsync(context, StatusCodes.Status403Forbidden, "Cần kết nối HTTPS", message);
    }

    private sealed class ReverseProxyOptionsValidator : IValidateOptions<ReverseProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
