using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// The seeded console app with the province admin and Xã Lìa's officer signed in, once each for a whole fixture (sign-in
/// attempts are limited per address).
/// </summary>
public sealed class SignedInConsole : IAsyncDisposable
{
    private SignedInConsole(TestApp app, ConsoleSeed.Seeded seed, HttpClient province, HttpClient officer) =>
        (App, Seed, Province, Officer) = (app, seed, province, officer);

    public TestApp App { get; }

    public ConsoleSeed.Seeded Seed { get; }

    public HttpClient Province { get; }

    public HttpClient Officer { get; }

    public static async Task<SignedInConsole> StartAsync()
    {
        var app = new TestApp(TestApp.NewDatabasePath(), settings: ConsoleSeed.KeySettings());
        var seed = await ConsoleSeed.SeedAsync(app.DatabasePath);
        return new SignedInConsole(app, seed, await ConsoleClient.SignInAsync(app), await ConsoleClient.SignInAsync(app, ConsoleSeed.LiaOfficerKey));
    }

    public async ValueTask DisposeAsync()
    {
        Province.Dispose();
        Officer.Dispose();
        await App.DisposeAsync();
    }
}
