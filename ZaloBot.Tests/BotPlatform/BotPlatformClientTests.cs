using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZaloBot.BotPlatform;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Sandbox;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.BotPlatform;

/// <summary>The Bot Platform client, configured as in Live mode, against the emulator over real HTTP.</summary>
public sealed class BotPlatformClientTests
{
    private const string Token = "1234567890123456789:s3cr3t-t0ken-part";

    private EmulatorHost _emulator = null!;
    private IHost _host = null!;
    private LogRecorder _logs = null!;

    private BotPlatformClient Client => _host.Services.GetRequiredService<BotPlatformClient>();

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await EmulatorHost.StartAsync();
        _emulator.State.BotToken = Token;
        _logs = new LogRecorder();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ZaloBotPlatform:BotToken"] = Token,
            ["ZaloBotPlatform:WebhookSecret"] = "a-webhook-secret-of-some-length",
            ["ZaloBotPlatform:ApiBaseUrl"] = _emulator.BaseUrl.AbsoluteUri,
            ["Zalo:Client:MaxRetries"] = "2",
            ["Zalo:Client:RetryBaseDelay"] = "00:00:00.010",
            ["Zalo:Client:SendsPerSecond"] = "1000",
        });
        builder.AddZaloClient();
        builder.AddBotPlatform();
        _host = builder.Build();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _host.Dispose();
        _logs.Dispose();
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task SendMessage_errors_are_classified_a_rejected_token_degrades_readiness_a_gone_chat_fails_for_that_chat_and_429_is_retried()
    {
        _emulator.State.Inject(ZaloFault.Error(BotPlatformErrors.Unauthorized, "Unauthorized"), BotPlatformEmulator.PathOf("sendMessage"));
        var token = Assert.ThrowsAsync<ZaloApiException>(() => Client.SendMessageAsync("chat-1", "Chào"));
        Assert.That(token!.Kind, Is.EqualTo(ZaloErrorKind.Token));
        var readiness = (await ReadinessAsync()).Entries[BotPlatformExtensions.HealthCheckName];
        Assert.That(readiness.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(readiness.Description, Does.Contain("sendMessage answered 401 Unauthorized"));

        foreach (var gone in new[] { BotPlatformErrors.Forbidden, BotPlatformErrors.NotFound })
        {
            _emulator.State.Inject(ZaloFault.Error(gone, "chat not found"), BotPlatformEmulator.PathOf("sendMessage"));
            var calls = _emulator.State.CallsTo(BotPlatformEmulator.PathOf("sendMessage")).Count;
            var failed = Assert.ThrowsAsync<ZaloApiException>(() => Client.SendMessageAsync("chat-gone", "Chào"));
            Assert.That(failed!.Kind, Is.EqualTo(ZaloErrorKind.PermanentRecipient));
            Assert.That(failed.IsPermanent, Is.True);
            Assert.That(_emulator.State.CallsTo(BotPlatformEmulator.PathOf("sendMessage")), Has.Count.EqualTo(calls + 1), "not retried");
        }

        _emulator.State.Inject(ZaloFault.Error(BotPlatformErrors.QuotaExceeded, "Quota exceeded"), BotPlatformEmulator.PathOf("sendMessage"));
        _emulator.State.Inject(ZaloFault.HttpStatus(503), BotPlatformEmulator.PathOf("sendMessage"));
        Assert.That(await Client.SendMessageAsync("chat-1", "Chào bà con"), Is.Not.Empty);
        Assert.That(_emulator.State.MessagesIn(ZaloEmulatorState.BotConversation("chat-1")).Select(m => m.Text), Is.EqualTo(new[] { "Chào bà con" }),
            "shown once, after the 429 and the 503 were retried");
        Assert.That((await ReadinessAsync()).Status, Is.EqualTo(HealthStatus.Healthy), "an accepted call clears the token problem");

        _emulator.State.Inject(ZaloFault.Error(BotPlatformErrors.BadRequest, "text is invalid"), BotPlatformEmulator.PathOf("sendMessage"));
        Assert.That(Assert.ThrowsAsync<ZaloApiException>(() => Client.SendMessageAsync("chat-1", "Chào"))!.Kind, Is.EqualTo(ZaloErrorKind.PermanentPayload));
        Assert.That(_logs.Lines.Select(l => l.Message), Has.None.Contains("s3cr3t-t0ken-part"), "the token's secret is never logged");
        Assert.That(_logs.Containing("1234567890123456789:***"), Is.Not.Empty, "the token is named by its bot id");
    }

    [Test]
    public async Task A_text_longer_than_2000_characters_goes_in_parts_and_a_photo_with_its_caption()
    {
        var text = string.Join("\n", Enumerable.Repeat(new string('a', 999), 5));
        await Client.SendMessageAsync("chat-2", text);
        await Client.SendPhotoAsync("chat-2", "https://example.invalid/p.jpg", "Ảnh hướng dẫn");

        var shown = _emulator.State.MessagesIn(ZaloEmulatorState.BotConversation("chat-2"));
        Assert.That(shown.Take(3).Select(m => m.Text!.Length), Has.All.LessThanOrEqualTo(ZaloText.MaxLength));
        Assert.That(string.Join("\n", shown.Take(3).Select(m => m.Text)), Is.EqualTo(text));
        Assert.That(shown[3].Text, Is.EqualTo("Ảnh hướng dẫn"));
        Assert.That(shown[3].Message?["photo"]?.GetValue<string>(), Is.EqualTo("https://example.invalid/p.jpg"));
    }

    [Test]
    public async Task The_webhook_is_set_with_the_configured_secret_read_back_and_deleted_and_getMe_names_the_bot()
    {
        var set = await Client.SetWebhookAsync(new Uri("https://bot.example.vn/webhooks/zalo-bot"));
        Assert.That(set.Url, Is.EqualTo("https://bot.example.vn/webhooks/zalo-bot"));
        Assert.That(_emulator.State.BotWebhookSecret, Is.EqualTo("a-webhook-secret-of-some-length"));
        Assert.That((await Client.GetWebhookInfoAsync()).Url, Is.EqualTo("https://bot.example.vn/webhooks/zalo-bot"));
        Assert.That((await Client.DeleteWebhookAsync()).Url, Is.Empty);
        Assert.That((await Client.GetMeAsync()).Id, Is.EqualTo("1234567890123456789"));
    }

    [TestCase("", "", null)]
    [TestCase("123:abc", "", "WebhookSecret is required")]
    [TestCase("123:abc", "short-secret", "WebhookSecret is required")]
    [TestCase("123abc", "a-webhook-secret-of-some-length", "BotToken must look like")]
    [TestCase("123:abc\n", "a-webhook-secret-of-some-length", "BotToken must look like")]
    [TestCase("123:abc", "a-webhook-secret-of-some-length", null)]
    public void A_token_needs_a_webhook_secret_of_16_characters_or_more(string token, string secret, string? problem)
    {
        var options = new BotPlatformOptions { BotToken = token, WebhookSecret = secret };
        Assert.That(options.Problem(), problem is null ? Is.Null : Does.Contain(problem));
        Assert.That(BotPlatformOptions.Mask("123:abc"), Is.EqualTo("123:***"));
    }

    private async Task<HealthReport> ReadinessAsync() =>
        await _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == BotPlatformExtensions.HealthCheckName);

    [Test]
    public async Task The_bot_webhook_command_sets_shows_and_deletes_the_webhook_and_never_prints_the_token_or_the_secret()
    {
        string[] Run(params string[] command) =>
        [
            BotWebhookCommand.Command, .. command,
            "--Zalo:Mode=Live", "--ZaloBotPlatform:BotToken=" + Token, "--ZaloBotPlatform:WebhookSecret=a-webhook-secret-of-some-length",
            "--ZaloBotPlatform:ApiBaseUrl=" + _emulator.BaseUrl.AbsoluteUri,
        ];

        var set = await CommandRun.RunAsync(Run("set", "https://bot.example.vn/webhooks/zalo-bot"));
        Assert.That(set.ExitCode, Is.Zero, set.ToString());
        Assert.That(set.Output, Does.Contain("Webhook: https://bot.example.vn/webhooks/zalo-bot (updated ").And.Contain("1234567890123456789:***"));
        Assert.That(_emulator.State.BotWebhookSecret, Is.EqualTo("a-webhook-secret-of-some-length"));

        var plainHttp = await CommandRun.RunAsync(Run("set", "http://bot.example.vn/webhooks/zalo-bot"));
        Assert.That(plainHttp.ExitCode, Is.EqualTo(1));
        Assert.That(plainHttp.Errors, Does.Contain("needs an https:// address"));
        var info = await CommandRun.RunAsync(Run("info"));
        Assert.That(info.Output, Does.Contain("Webhook: https://bot.example.vn/webhooks/zalo-bot"));
        var deleted = await CommandRun.RunAsync(Run("delete"));
        Assert.That(deleted.ExitCode, Is.Zero, deleted.ToString());
        Assert.That(deleted.Output, Does.Contain("Webhook: none"));
        Assert.That(_emulator.State.BotWebhookUrl, Is.Null);

        var printed = string.Concat(set, plainHttp, info, deleted);
        Assert.That(printed, Does.Not.Contain("s3cr3t-t0ken-part").And.Not.Contain("a-webhook-secret-of-some-length"));
    }
}
