using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ZaloBot.AdminAuth;

/// <summary>A short Vietnamese page for answers given before any console page runs (HTTPS needed, too many attempts).</summary>
public static class PlainPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static Task WriteAsync(HttpContext context, int statusCode, string title, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"""
            <!doctype html>
            <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encoder.Encode(title)}</title><link rel="stylesheet" href="/admin/assets/console.css"></head>
            <body><main><h1>{Encoder.Encode(title)}</h1><p>{Encoder.Encode(message)}</p></main></body></html>
            """, context.RequestAborted);
    }
}
