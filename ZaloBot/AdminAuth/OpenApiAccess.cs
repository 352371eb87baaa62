namespace ZaloBot.AdminAuth;

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
