using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ZaloBot.AdminAuth;
using ZaloBot.BotPlatform;
using ZaloBot.Health;
using ZaloBot.Monitoring;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Monitoring;

public sealed partial class MetricsTests
{
    private const string ProvinceKey = "province-key-0123456789";
    private const string OfficerKey = "officer-key-0123456789";

    private TestApp _app = null!;
    private HttpClient _client = null!;

    [SetUp]
    public void StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: new()
        {
            ["Metrics:SampleInterval"] = "00:00:00.100",
            ["Admin:ApiKeys:0"] = ProvinceKey,
            ["Admin:Keys:0:Key"] = OfficerKey,
            ["Admin:Keys:0:Role"] = "officer",
            ["Admin:Keys:0:UnitCode"] = "19462",
        });
        _client = _app.CreateClient();
    }

    [TearDown]
    public async Task StopApp()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task The_scrape_shows_backlog_sends_rejections_and_token_expiry_after_real_traffic()
    {
        using var refused = await _client.PostRawAsync(ZaloWebhooks.Follow("2468458835296197922"), "mac=" + new string('0', 64));
        using var stored = await _client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000001", "msg-metrics", "Xin chào"));
        await Eventually.UntilAsync(() => _app.Emulator.MessagesIn("user:6142494823000000001").Any(m => m.FromOa), "the bot answered");

        string scrape = "";
        await Eventually.UntilAsync(async () =>
        {
            scrape = await ScrapeAsync(ProvinceKey);
            return Value(scrape, "zalobot_zalo_send_duration_seconds_count", "channel=\"user\"", "outcome=\"ok\"") >= 1
                && Value(scrape, "zalobot_zalo_token_expires_in_seconds") > 0
                && Value(scrape, "zalobot_inbox_backlog") == 0;
        }, "the scrape shows the traffic");

        Assert.That(Value(scrape, "zalobot_webhook_rejected_total", "reason=\"invalid_signature\""), Is.EqualTo(1));
        Assert.That(Value(scrape, "zalobot_inbox_dead_letters"), Is.Zero);
        Assert.That(Value(scrape, "zalobot_inbox_oldest_age_seconds"), Is.Zero);
        Assert.That(Value(scrape, "zalobot_outbox_pending", "lane=\"replies\""), Is.Zero);
        Assert.That(Value(scrape, "zalobot_zalo_token_refresh_failing"), Is.Zero);
    }

    [Test]
    public async Task The_bots_sends_are_in_the_same_send_metrics_as_the_oas_labelled_by_their_channel()
    {
        using var stored = await _client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000003", "msg-metrics-oa", "Xin chào"));
        _app.Emulator.Inject(ZaloFault.Error(BotPlatformErrors.Forbidden, "chat not found"), BotPlatformEmulator.PathOf("sendMessage"));
        var bot = new BotChatDriver(_app, _client);
        using (var gone = await bot.PostAsync(BotChatDriver.Update("u-gone", isGroup: false, "u-gone", "Xin chào").Body))
        {
            Assert.That(gone.IsSuccessStatusCode, Is.True);
        }

        await Eventually.UntilAsync(
            async () => await _app.QueryScalarAsync<string?>("SELECT status FROM outbox_messages WHERE recipient_id = 'u-gone'") == "failed",
            "the platform refused the answer for good");

        await bot.PrivateAsync("u-metrics", "Xin chào");

        await Eventually.UntilAsync(async () =>
        {
            var scrape = await ScrapeAsync(ProvinceKey);
            return Value(scrape, "zalobot_zalo_send_duration_seconds_count", "via=\"zalo_bot\"", "channel=\"user\"", "outcome=\"ok\"") >= 1
                && Value(scrape, "zalobot_zalo_send_duration_seconds_count", "via=\"zalo_bot\"", $"outcome=\"{BotPlatformErrors.Forbidden}\"") >= 1
                && Value(scrape, "zalobot_zalo_send_duration_seconds_count", "via=\"zalo_oa\"", "channel=\"user\"", "outcome=\"ok\"") >= 1;
        }, "the scrape shows the bot's sends, the refused one under the platform's code, beside the OA's");
    }

    [Test]
    public async Task The_scrape_shows_messages_zalo_refused_by_their_code()
    {
        _app.Emulator.Inject(ZaloFault.OutOfWindow(), ZaloEmulatorPaths.CsMessage, times: 5);
        using var stored = await _client.PostSignedAsync(ZaloWebhooks.UserText("6142494823000000002", "msg-refused", "Xin chào"));

        await Eventually.UntilAsync(async () => Value(await ScrapeAsync(ProvinceKey), "zalobot_outbox_failed", $"zalo_code=\"{ZaloErrorCodes.OutOfWindow}\"") >= 1,
            "the refused reply is counted under Zalo's code");
    }

    [Test]
    public async Task Only_a_province_admin_key_can_read_the_metrics()
    {
        using var anonymous = await _client.GetAsync(new Uri(MetricsEndpoint.Path, UriKind.Relative));
        using var officer = await GetAsync(OfficerKey);
        using var province = await GetAsync(ProvinceKey);

        Assert.That((anonymous.StatusCode, officer.StatusCode, province.StatusCode),
            Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK)));
    }

    private async Task<string> ScrapeAsync(string key)
    {
        using var response = await GetAsync(key);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private Task<HttpResponseMessage> GetAsync(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, MetricsEndpoint.Path);
        request.Headers.Add(AdminApiKeyHandler.HeaderName, key);
        return _client.SendAsync(request);
    }

    /// <summary>The value of the first sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; NaN when none.</summary>
    private static double Value(string scrape, string name, params string[] labels)
    {
        foreach (Match sample in Sample().Matches(scrape))
        {
            if (sample.Groups["name"].Value == name && labels.All(sample.Groups["labels"].Value.Contains))
            {
                return double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return double.NaN;
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
