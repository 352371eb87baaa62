using ZaloBot.Admin;
using ZaloBot.AdminAuth;
using ZaloBot.Broadcasts;
using ZaloBot.Channels;
using ZaloBot.Commands;
using ZaloBot.Guides;
using ZaloBot.Handoff;
using ZaloBot.Health;
using ZaloBot.Hosting;
using ZaloBot.Messaging;
using ZaloBot.PastReports;
using ZaloBot.Residents;
using ZaloBot.Routing;
using ZaloBot.Sandbox;
using ZaloBot.Storage;
using ZaloBot.TeamChat;
using ZaloBot.Teams;
using ZaloBot.Zalo;

// An operator's command (healthcheck, import-units, backup, …; docs/commands.md) runs and exits; no command starts the server.
if (AppCommands.Parse(args) is { } command)
{
    return await command.InvokeAsync();
}

// The content root is the build output, where the root appsettings.json is copied (see ZaloBot.csproj).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSingleton(TimeProvider.System);

builder.AddReverseProxy();
builder.AddStorage();
builder.AddZalo();
builder.AddZaloClient();
builder.AddMessaging();
builder.AddChannels();
builder.AddHealth();
builder.AddMonitoring();
builder.AddSandbox();
builder.AddAdminConsole();
builder.AddTeamChat();
builder.AddHandoff();
builder.AddGuides();
builder.AddResidents();
builder.AddRouting();
builder.AddBroadcasts();
builder.AddImports();

var app = builder.Build();
await app.MigrateDatabaseAsync();

// The headers every answer carries first (refusals too), then the caller's address and scheme, then the console's own
// page for errors (before routing, which it runs again), then who the caller is, and last the admin surface's scope
// rule, which needs to know both the caller and the endpoint.
app.UseSecurityHeaders();
app.UseReverseProxy();
app.UseConsoleProblemPages();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAdminScope();

app.MapZaloWebhook();
app.MapHealth();
app.MapMetrics();
app.MapOpenApiDocument();
app.MapAdminConsole();
app.MapBroadcastsAdmin();
app.MapAssistImports();
await app.MapSandboxAsync();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
