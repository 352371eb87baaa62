using ZaloBot.Health;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Zalo;

// The content root is the build output, where the root appsettings.json is copied (see ZaloBot.csproj).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSingleton(TimeProvider.System);

builder.AddStorage();
builder.AddZalo();
builder.AddZaloClient();
builder.AddMessaging();
builder.AddHealth();

var app = builder.Build();
await app.MigrateDatabaseAsync();

app.MapZaloWebhook();
app.MapHealth();

await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
