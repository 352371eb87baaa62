using System.Net;
using System.Net.Http.Json;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Sandbox;

public sealed class SandboxModeTests
{
    private sealed record Config(string AppId, string OaSecretKey, string OaId, IReadOnlyList<SandboxGroup> Groups);

    [Test]
    public async Task App_with_no_zalo_configuration_runs_in_sandbox_and_opens_the_simulator()
    {
        // No app id, no secret and no mode: what a newcomer gets from the README's run command.
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: new() { ["Zalo:Mode"] = null, ["Zalo:AppId"] = "", ["Zalo:OaSecretKey"] = "" });
        using var client = app.CreateClient();

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        var config = await client.GetFromJsonAsync<Config>(new Uri("/sandbox/api/config", UriKind.Relative));

        Assert.That(page.RequestMessage?.RequestUri?.AbsolutePath, Is.EqualTo("/sandbox"), "the root redirects to the simulator");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("Trình mô phỏng Zalo"));
        Assert.That(config!.AppId, Is.EqualTo(ZaloBot.Zalo.ZaloOptions.SandboxAppId));
        Assert.That(config.OaSecretKey, Is.EqualTo(ZaloBot.Zalo.ZaloOptions.SandboxOaSecretKey));
    }

    [Test]
    public async Task Simulator_sees_the_welcome_with_its_button_as_a_phone_would()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();

        (await client.PostSignedAsync(ZaloWebhooks.Follow("1111111111111111111"))).Dispose();

        List<SimulatedMessage> messages = [];
        await Eventually.UntilAsync(async () =>
        {
            messages = (await client.GetFromJsonAsync<List<SimulatedMessage>>(
                new Uri("/sandbox/api/messages?conversation=user:1111111111111111111&after=0", UriKind.Relative)))!;
            return messages.Count == 1;
        }, "the simulator shows the welcome");
        Assert.That(messages[0].Text, Does.StartWith("Chào mừng bà con"));
        Assert.That(messages[0].Buttons.Select(b => (b.Title, b.Type)), Is.EqualTo(new[]
        {
            ("Giấy tờ, thủ tục", "oa.query.hide"), ("Bán hàng, thanh toán", "oa.query.hide"),
            ("Sức khỏe, học tập", "oa.query.hide"), ("Gặp Tổ công nghệ số", "oa.query.hide"),
        }));
        var later = await client.GetFromJsonAsync<List<SimulatedMessage>>(
            new Uri("/sandbox/api/messages?conversation=user:1111111111111111111&after=1", UriKind.Relative));
        Assert.That(later, Is.Empty);
    }

    [Test]
    public async Task Live_mode_maps_no_sandbox_endpoints()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: TestApp.LiveSettings(new() { ["Zalo:AppSecretKey"] = "s", ["Zalo:RefreshToken"] = "r" }));
        using var client = app.CreateClient();

        using var page = await client.GetAsync(new Uri("/sandbox", UriKind.Relative));
        using var emulator = await client.PostAsync(new Uri("/sandbox/zalo/v3.0/oa/message/cs", UriKind.Relative), null);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(emulator.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
