using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using ZaloBot.AdminAuth;
using ZaloBot.Handoff;
using ZaloBot.Zalo;

namespace ZaloBot.Sandbox;

/// <summary>
/// Sandbox mode: the app hosts the Zalo emulator, points its own client at it, and serves the chat simulator at
/// <c>/sandbox</c>. Nothing here is mapped in Live mode. The simulator hands out the sandbox's OA secret and shows
/// every conversation, so callers other than this machine must sign in to the console first (unless
/// <c>Sandbox__AllowRemote=true</c>).
/// </summary>
public static partial class SandboxEndpoints
{
    public const string Prefix = "/sandbox";
    public const string EmulatorPath = "/zalo";
    public const string EmulatorPrefix = Prefix + EmulatorPath;
    public const string VisitorPolicy = "SandboxVisitor";

    /// <summary>The emulator finds the picture of a contact request's card there but never loads it.</summary>
    public const string ContactCardImageUrl = "https://sandbox.invalid/handoff/contact-card.png";

    /// <summary>
    /// In Sandbox mode: the emulator and the simulator, the seed (the province's communes, demo villages, a demo team
    /// bound to a demo group), and what Sandbox changes in other parts' options, after their own configuration: the
    /// Zalo client talks to the emulator; the admin API draws a key for the run when none is configured; the console's
    /// cookies work over plain http://localhost; the OpenAPI document is public; residents are asked for their contact
    /// card (with a picture the emulator does not load) unless a card is configured. Nothing in Live mode.
    /// </summary>
    public static IHostApplicationBuilder AddSandbox(this IHostApplicationBuilder builder)
    {
        var zalo = builder.Configuration.GetSection(ZaloOptions.Section).Get<ZaloOptions>() ?? new ZaloOptions();
        if (zalo.EffectiveMode != ZaloMode.Sandbox)
        {
            return builder;
        }

        builder.Services.AddZaloEmulator(new ZaloEmulatorState(initialAccessToken: zalo.EffectiveAccessToken, initialRefreshToken: zalo.EffectiveRefreshToken)
        {
            AppSecretKey = zalo.EffectiveAppSecretKey,
        });
        builder.Services.AddSingleton<SandboxGroups>();
        builder.Services.AddHostedService<SandboxSeeder>();
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        builder.Services.AddAuthorizationBuilder().AddPolicy(VisitorPolicy, policy => policy
            .AddAuthenticationSchemes(ConsoleSignIn.Scheme)
            .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                || (context.Resource is HttpContext http && CallerAddress.IsLoopback(http))));
        builder.Services.PostConfigure<ZaloOptions>(options =>
        {
            options.ApiBaseUrl = SandboxLoopbackHandler.PlaceholderBase;
            options.OAuthBaseUrl = SandboxLoopbackHandler.PlaceholderBase;
        });
        builder.Services.PostConfigure<AdminOptions>(options => options.DrawDevelopmentKey = true);
        builder.Services.PostConfigure<CookieAuthenticationOptions>(
            ConsoleSignIn.Scheme, options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.PostConfigure<AntiforgeryOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.PostConfigure<OpenApiOptions>(options => options.Public = true);
        builder.Services.PostConfigure<HandoffOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.ContactCardImageUrl))
            {
                options.ContactCardImageUrl = ContactCardImageUrl;
            }
        });
        builder.Services.AddTransient<SandboxLoopbackHandler>();
        builder.Services.AddHttpClient<ZaloClient>().AddHttpMessageHandler<SandboxLoopbackHandler>();
        builder.Services.AddHttpClient(ZaloOAuthClient.HttpClientName).AddHttpMessageHandler<SandboxLoopbackHandler>();
        return builder;
    }

    public static async Task MapSandboxAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ZaloOptions>>().Value.EffectiveMode != ZaloMode.Sandbox)
        {
            return;
        }

        // Zalo remembers the token pair it last issued; so does the emulator, from the database.
        if (await app.Services.GetRequiredService<TokenStore>().GetAsync() is { } stored)
        {
            app.Services.GetRequiredService<ZaloEmulatorState>().AdoptTokens(stored.AccessToken, stored.RefreshToken);
        }

        var zalo = app.Services.GetRequiredService<IOptions<ZaloOptions>>().Value;
        var allowRemote = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.AllowRemote;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SandboxEndpoints).FullName!);
        LogSandbox(logger, allowRemote
            ? "open to every machine that reaches this port (Sandbox__AllowRemote=true)"
            : "open to this machine; from other machines only after signing in to the console at /admin/sign-in");
        if (zalo.OaSecretKey.Length > 0)
        {
            LogSecretIgnored(logger);
        }

        var sandbox = app.MapGroup(Prefix).ExcludeFromDescription();
        if (!allowRemote)
        {
            sandbox.RequireAuthorization(VisitorPolicy);
        }

        sandbox.MapZaloEmulator(EmulatorPath);
        sandbox.MapGet("/", () => Results.Content(SimulatorPage.Value, "text/html; charset=utf-8"));
        sandbox.MapGet("/api/config", (IOptions<ZaloOptions> options, ZaloEmulatorState emulator, SandboxGroups groups) => Results.Ok(new
        {
            appId = options.Value.EffectiveAppId,
            // The simulator signs its webhooks like Zalo does; this secret exists only in Sandbox mode.
            oaSecretKey = options.Value.EffectiveOaSecretKey,
            oaId = emulator.OaId,
            groups = groups.All,
        }));
        sandbox.MapGet("/api/messages", (string conversation, int? after, ZaloEmulatorState emulator) =>
            Results.Ok(emulator.MessagesIn(conversation)
                .Select((message, index) => (message, sequence: index + 1))
                .Where(m => m.message.FromOa && m.sequence > (after ?? 0))
                .Select(m => PhoneView(m.message, m.sequence))));
        app.MapGet("/", () => Results.Redirect("/sandbox")).ExcludeFromDescription();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Sandbox mode: Zalo is simulated, no real message is sent; the chat simulator at /sandbox is {Access}. Set Zalo__Mode=Live for a real OA.")]
    private static partial void LogSandbox(ILogger logger, string access);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Sandbox mode ignores the configured Zalo__OaSecretKey and signs with its own sandbox secret")]
    private static partial void LogSecretIgnored(ILogger logger);

    private static readonly Lazy<string> SimulatorPage = new(() =>
    {
        using var stream = typeof(SandboxEndpoints).Assembly.GetManifestResourceStream("ZaloBot.Sandbox.simulator.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>What a phone would show for a message the OA sent: text, image, buttons, or a request for info.</summary>
    private static SimulatedMessage PhoneView(EmulatedMessage message, int sequence)
    {
        var payload = message.Message?["attachment"]?["payload"];
        var templateType = payload?["template_type"]?.GetValue<string>();
        var buttons = payload?["buttons"] is JsonArray array
            ? array.Select(b => new SimulatedButton(
                b?["title"]?.GetValue<string>() ?? "",
                b?["type"]?.GetValue<string>() ?? "",
                b?["payload"] is JsonValue value ? value.GetValue<string>() : b?["payload"]?.ToJsonString() ?? "")).ToList()
            : [];
        var imageUrl = templateType == "media" ? payload?["elements"]?[0]?["url"]?.GetValue<string>() : null;
        var infoRequest = templateType == "request_user_info";
        var text = infoRequest
            ? $"{payload?["elements"]?[0]?["title"]?.GetValue<string>()}\n{payload?["elements"]?[0]?["subtitle"]?.GetValue<string>()}"
            : message.Text ?? "";
        return new SimulatedMessage(sequence, infoRequest ? "info-request" : "message", text, imageUrl, buttons);
    }
}

public sealed record SimulatedButton(string Title, string Type, string Payload);

public sealed record SimulatedMessage(int Sequence, string Kind, string Text, string? ImageUrl, IReadOnlyList<SimulatedButton> Buttons);
