using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZaloBot.Sandbox;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

/// <summary>Token rotation through the client: what the emulator saw and what SQLite holds.</summary>
public sealed class TokenProviderTests
{
    private const string UserId = "2468458835296197922";
    private ZaloClientHarness _zalo = null!;

    private ZaloEmulatorState Emulator => _zalo.Emulator.State;

    [TearDown]
    public async Task TearDown() => await _zalo.DisposeAsync();

    [Test]
    public async Task Token_error_under_ten_concurrent_sends_refreshes_once()
    {
        _zalo = await ZaloClientHarness.StartAsync();
        // A first send warms the connection pool and the token cache, so the ten sends below go out together.
        await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text("warm-up", "Khởi động"));
        Emulator.Reset();
        var initialRefresh = Emulator.CurrentRefreshToken;
        Emulator.ExpireAccessToken();

        var sends = Enumerable.Range(1, 10)
            .Select(i => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, $"Tin số {i}")));
        var ids = await Task.WhenAll(sends);

        var refreshes = Emulator.CallsTo(ZaloEmulatorPaths.OAuthToken);
        var sent = Emulator.CallsTo(ZaloEmulatorPaths.CsMessage);
        var rejected = sent.Count(c => c.AccessToken != Emulator.CurrentAccessToken);
        Assert.That(ids, Has.Length.EqualTo(10).And.All.Not.Empty);
        Assert.That(rejected, Is.GreaterThanOrEqualTo(2), "several sends met the expired token at once");
        Assert.That(sent, Has.Count.EqualTo(10 + rejected), "each rejected send was retried once");
        Assert.That(refreshes, Has.Count.EqualTo(1));
        Assert.That(refreshes[0].Form["refresh_token"], Is.EqualTo(initialRefresh));
        Assert.That(Emulator.MessagesIn(ZaloEmulatorState.UserConversation(UserId)), Has.Count.EqualTo(10));
        var stored = await _zalo.Store.GetAsync();
        Assert.That(stored!.AccessToken, Is.EqualTo(Emulator.CurrentAccessToken));
        Assert.That(stored.RefreshToken, Is.EqualTo(Emulator.CurrentRefreshToken));
    }

    [Test]
    public async Task The_next_refresh_uses_the_rotated_refresh_token()
    {
        _zalo = await ZaloClientHarness.StartAsync();
        var initialRefresh = Emulator.CurrentRefreshToken;

        Emulator.ExpireAccessToken();
        await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Lần một"));
        var rotatedRefresh = Emulator.CurrentRefreshToken;
        Emulator.ExpireAccessToken();
        await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Lần hai"));

        var refreshes = Emulator.CallsTo(ZaloEmulatorPaths.OAuthToken);
        Assert.That(refreshes.Select(c => c.Form["refresh_token"]), Is.EqualTo(new[] { initialRefresh, rotatedRefresh }));
        Assert.That(rotatedRefresh, Is.Not.EqualTo(initialRefresh));
        Assert.That((await _zalo.Store.GetAsync())!.RefreshToken, Is.EqualTo(Emulator.CurrentRefreshToken));
    }

    [Test]
    public async Task A_single_token_error_leads_to_one_refresh_and_one_retry_with_the_new_token()
    {
        _zalo = await ZaloClientHarness.StartAsync();
        Emulator.Inject(ZaloFault.TokenInvalid(), ZaloEmulatorPaths.CsMessage);

        await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Thử lại với token mới"));

        var sends = Emulator.CallsTo(ZaloEmulatorPaths.CsMessage);
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.OAuthToken), Has.Count.EqualTo(1));
        Assert.That(sends, Has.Count.EqualTo(2));
        Assert.That(sends[1].AccessToken, Is.EqualTo(Emulator.CurrentAccessToken).And.Not.EqualTo(sends[0].AccessToken));
    }

    [Test]
    public async Task A_token_error_after_the_refresh_is_not_retried_again()
    {
        _zalo = await ZaloClientHarness.StartAsync();
        Emulator.Inject(ZaloFault.TokenInvalid(), ZaloEmulatorPaths.CsMessage, times: 5);

        var error = Assert.ThrowsAsync<ZaloApiException>(() => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Không tới")));

        Assert.That(error.Code, Is.EqualTo(-216));
        Assert.That(error.Kind, Is.EqualTo(ZaloErrorKind.Token));
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(2));
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.OAuthToken), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_oauth_error_with_http_200_keeps_the_stored_tokens_and_degrades_health()
    {
        _zalo = await ZaloClientHarness.StartAsync();
        await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Token còn tốt"));
        var before = await _zalo.Store.GetAsync();
        Emulator.ExpireAccessToken();
        Emulator.Inject(ZaloFault.OAuthError(), ZaloEmulatorPaths.OAuthToken);

        var error = Assert.ThrowsAsync<ZaloApiException>(() => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Hết hạn")));

        Assert.That(error.Code, Is.EqualTo(ZaloErrorCodes.RefreshTokenInvalid));
        Assert.That(error.Kind, Is.EqualTo(ZaloErrorKind.Token));
        Assert.That(await _zalo.Store.GetAsync(), Is.EqualTo(before));
        var report = await _zalo.Host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(c => c.Name == ZaloClientExtensions.HealthCheckName);
        var entry = report.Entries[ZaloClientExtensions.HealthCheckName];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(entry.Description, Does.Contain(ZaloErrorCodes.Reason(ZaloErrorCodes.RefreshTokenInvalid)));
        Assert.That(entry.Description, Does.Not.Contain(before!.RefreshToken).And.Not.Contain(before.AccessToken));
    }

    [Test]
    public async Task A_later_successful_refresh_clears_the_degraded_health()
    {
        _zalo = await ZaloClientHarness.StartAsync();
        Emulator.ExpireAccessToken();
        Emulator.Inject(ZaloFault.OAuthError(), ZaloEmulatorPaths.OAuthToken);
        Assert.ThrowsAsync<ZaloApiException>(() => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Lỗi")));
        Assume.That(_zalo.Health.IsDegraded, Is.True);

        await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Đã ổn"));

        Assert.That(_zalo.Health.IsDegraded, Is.False);
        Assert.That(_zalo.Health.LastRefreshAt, Is.Not.Null);
        Assert.That((await _zalo.Store.GetAsync())!.AccessToken, Is.EqualTo(Emulator.CurrentAccessToken));
    }

    [Test]
    public async Task A_token_within_the_refresh_margin_is_refreshed_before_the_send()
    {
        // Access tokens live 25 h; a 26 h margin makes every stored token due.
        _zalo = await ZaloClientHarness.StartAsync(new Dictionary<string, string?> { ["Zalo:Client:TokenRefreshMargin"] = "1.02:00:00" });

        await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Làm mới trước"));

        var calls = Emulator.Calls;
        Assert.That(calls.Select(c => c.Path), Is.EqualTo(new[] { ZaloEmulatorPaths.OAuthToken, ZaloEmulatorPaths.CsMessage }));
        Assert.That(calls[1].AccessToken, Is.EqualTo(Emulator.CurrentAccessToken));
        Assert.That(calls[0].Headers["secret_key"], Is.EqualTo(ZaloClientHarness.AppSecretKey));
        Assert.That(calls[0].Form["grant_type"], Is.EqualTo("refresh_token"));
        Assert.That(calls[0].Form["app_id"], Is.EqualTo("test-app"));
    }

    [Test]
    public async Task A_stored_pair_is_never_overwritten_by_the_configured_seed()
    {
        _zalo = await ZaloClientHarness.StartAsync();
        var stored = new ZaloTokens("stored-access", "stored-refresh", 2_000_000_000_000, 1_000_000_000_000);
        await _zalo.Store.SaveAsync(stored);

        var seeded = await _zalo.Store.SeedAsync(new ZaloTokens("config-access", "config-refresh", 1, 1));

        Assert.That(seeded, Is.False);
        Assert.That(await _zalo.Store.GetAsync(), Is.EqualTo(stored));
    }
}
