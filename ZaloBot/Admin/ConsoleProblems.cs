using ZaloBot.AdminAuth;

namespace ZaloBot.Admin;

/// <summary>
/// The console's own page for every answer that is not the page asked for: a missing team, request or page (404), a
/// refused export (400), a failure (500). Anything under the console's paths that ends with an error status and no body
/// is shown again as <c>/admin/problem/{status}</c>, in Vietnamese with a way back, instead of the browser's English
/// page or a stack trace. A handler that has something to say leaves it with <see cref="Refuse"/>.
/// </summary>
public static class ConsoleProblems
{
    public const string Path = "/admin/problem";

    private const string MessageKey = "ZaloBot.Admin.ConsoleProblems.Message";
    private const string BackKey = "ZaloBot.Admin.ConsoleProblems.Back";

    /// <summary>Before routing, so the problem page is routed afresh when the request is shown again.</summary>
    public static IApplicationBuilder UseConsoleProblemPages(this IApplicationBuilder app) =>
        app.UseWhen(context => ConsoleSignIn.IsConsolePath(context.Request.Path), console =>
        {
            console.UseExceptionHandler(Path + "/500");
            console.UseStatusCodePagesWithReExecute(Path + "/{0}");
        });

    /// <summary>Refuses with <paramref name="status"/>; the problem page shows <paramref name="message"/> and a link back to <paramref name="back"/>.</summary>
    public static IResult Refuse(HttpContext context, int status, string message, ConsoleLink back)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[MessageKey] = message;
        context.Items[BackKey] = back;
        return Results.StatusCode(status);
    }

    public static string? Message(HttpContext context) => context?.Items[MessageKey] as string;

    public static ConsoleLink? Back(HttpContext context) => context?.Items[BackKey] as ConsoleLink;
}

/// <summary>A link the console shows: where it goes and what it says.</summary>
public sealed record ConsoleLink(string Url, string Text);
