using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ZaloBot.AdminAuth;

public static class AdminExtensions
{
    public const string Policy = "AdminApi";
    public const string Prefix = "/admin/api";

    /// <summary>API-key authentication for <c>/admin/api</c> and the OpenAPI document that describes it.</summary>
    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        builder.Services.AddOptions<OpenApiOptions>().BindConfiguration(OpenApiOptions.Section);
        builder.Services.AddSingleton<AdminApiKeys>();
        KeyGuessLimiter.AddKeyGuessLimits(builder);
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminApiKeyHandler>(AdminApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(AdminApiKeyHandler.SchemeName).RequireAuthenticatedUser());
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[AdminApiKeyHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AdminApiKeyHandler.HeaderName,
                Description = "An admin API key (Admin__ApiKeys__0 or Admin__Keys__0__Key, …; in Sandbox mode the key logged at start).",
            };
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>The route group every admin endpoint hangs under: the key is required before anything else runs.</summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Draws (and logs) the Sandbox development key at start rather than on the first request.
        endpoints.ServiceProvider.GetRequiredService<AdminApiKeys>();
        return endpoints.MapGroup(Prefix).RequireAuthorization(Policy)
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminApiKeyHandler.SchemeName, context.Document)] = [] }];
                return Task.CompletedTask;
            });
    }
}

/// <summary>Says which key is malformed, in one line, when the app starts.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
