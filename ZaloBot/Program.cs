using ZaloBot.Admin;
using ZaloBot.Broadcasts;
using ZaloBot.Guides;
using ZaloBot.Handoff;
using ZaloBot.Health;
using ZaloBot.PastReports;
using ZaloBot.Messaging;
using ZaloBot.Sandbox;
using ZaloBot.Storage;
using ZaloBot.TeamChat;
using ZaloBot.Teams;
using ZaloBot.Zalo;

if (args is [HealthProbe.Command, ..])
{
    return await HealthProbe.RunAsync(args);
}

if (args is [UnitImportCommand.Command, ..])
{
    return await UnitImportCommand.RunAsync(args, Console.Out);
}

if (args is [FiguresRebuildCommand.Command, ..])
{
    return await FiguresRebuildCommand.RunAsync(args, Console.Out);
}

if (args is [DemoDataCommand.Command, ..])
{
    return await DemoDataCommand.RunAsync(args, Console.Out);
}

// The content root is the build output, where the root appsettings.json is copied (see ZaloBot.csproj).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSingleton(TimeProvider.System);

builder.AddStorage();
builder.AddZalo();
builder.AddZaloClient();
builder.AddMessaging();
builder.AddHealth();
builder.AddSandbox();
builder.AddTeams();
builder.AddAdminConsole();
builder.AddTeamChat();
builder.AddHandoff();
builder.AddGuides();
builder.AddBroadcasts();
builder.AddImports();

var app = builder.Build();
await app.MigrateDatabaseAsync();

app.MapZaloWebhook();
app.MapHealth();
app.MapOpenApi();
app.MapAdminConsole();
app.MapBroadcastsAdmin();
app.MapAssistImports();
await app.MapSandboxAsync();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
