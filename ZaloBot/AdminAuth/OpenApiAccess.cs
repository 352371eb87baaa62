namespace ZaloBot.AdminAuth;

/// <summary>The <c>OpenApi</c> configuration section.</summary>
public sealed class OpenApiOptions
{
    public const string Section = "OpenApi";

    /// <summary>Serve the document without a key (Sandbox mode sets it).</summary>
    public bool Public { get; set; }
}

/// <summary>
/// <c>/openapi/v1.json</c>, the admin API's description: public in Sandbox mode or when <c>OpenApi__Public=true</c>,
/// else for holders of an admin key (any key: it describes the routes, not anyone's data).
/// </summary>
public static class OpenApiAccess
{
    public const string Path = "/openapi";

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var document = app.MapOpenApi();
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenApiOptions>>().Value.Public)
        {
            document.RequireAuthorization(AdminExtensions.Policy).OpenToOfficers();
        }

        return app;
    }
}
