using System.Net;
using ZaloBot.AdminAuth;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>The console's data-protection keys live beside the database, so a new run (a new container) can read what the last one signed.</summary>
public sealed class ConsoleKeyRingTests
{
    [Test]
    public async Task An_app_restarted_over_the_same_data_folder_keeps_the_officer_signed_in_and_takes_a_form_served_before()
    {
        var database = TestApp.NewDatabasePath();
        var first = new TestApp(database, settings: TeamChatDriver.Settings());
        using var officer = await ConsoleClient.SignInAsync(first);
        var signOutToken = await ConsoleClient.CsrfTokenAsync(officer, "/admin");
        await first.DisposeAsync();

        await using var second = new TestApp(database, settings: TeamChatDriver.Settings());
        using var probe = second.CreateClient();
        // The officer's client still holds the first run's cookies; the second run listens on another port.
        using var dashboard = await officer.GetAsync(new Uri(probe.BaseAddress!, "/admin"));
        using var signOut = await officer.PostAsync(new Uri(probe.BaseAddress!, "/admin/sign-out"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__csrf"] = signOutToken }));

        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first run's cookie signs the officer in, not a redirect to sign in");
        Assert.That((signOut.StatusCode, signOut.Headers.Location?.OriginalString), Is.EqualTo((HttpStatusCode.Redirect, ConsoleSignIn.SignInPath)),
            "the first run's form token is accepted (a refused one gets 400)");
        var keys = Path.Combine(Path.GetDirectoryName(database)!, ConsoleKeyRing.DefaultFolderName);
        Assert.That(new DirectoryInfo(keys), Does.Exist, "the key ring lives beside the database");
        Assert.That(Directory.GetFiles(keys, "key-*.xml"), Has.Length.EqualTo(1), "one key, written by the first run");
    }

    [Test]
    public async Task The_keys_go_to_the_folder_the_configuration_names()
    {
        var database = TestApp.NewDatabasePath();
        var keys = Path.Combine(Path.GetDirectoryName(database)!, "elsewhere", "keys");
        var settings = TeamChatDriver.Settings();
        settings[ConsoleKeyRing.KeysPathSetting] = keys;
        await using var app = new TestApp(database, settings: settings);

        using var officer = await ConsoleClient.SignInAsync(app);

        Assert.That(new DirectoryInfo(keys), Does.Exist);
        Assert.That(Directory.GetFiles(keys, "key-*.xml"), Is.Not.Empty);
        Assert.That(Directory.Exists(Path.Combine(Path.GetDirectoryName(database)!, ConsoleKeyRing.DefaultFolderName)), Is.False);
    }
}
