using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZaloBot.Sandbox;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

/// <summary>The send rate limiter and the circuit breaker, each with settings that make them show quickly.</summary>
public sealed class ZaloResilienceTests
{
    private const string UserId = "2468458835296197922";
    private ZaloClientHarness _zalo = null!;

    [TearDown]
    public async Task TearDown() => await _zalo.DisposeAsync();

    [Test]
    public async Task Sends_beyond_the_rate_wait_for_the_limiters_next_token()
    {
        // The limiter on a fake clock: a send goes out only when its token is due, whatever the machine's speed.
        var clock = new FakeTimeProvider();
        _zalo = await ZaloClientHarness.StartAsync(services: services =>
            services.AddSingleton(new ZaloSendRateLimiter(new ZaloClientOptions { SendsPerSecond = 2 }, clock)));
        int Calls() => _zalo.Emulator.State.CallsTo(ZaloEmulatorPaths.CsMessage).Count;

        // Five sends at two a second: one at once, then one every half second (the bucket refills a token at a time).
        var sends = Enumerable.Range(1, 5).Select(i => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, $"Tin {i}"))).ToList();
        await Eventually.UntilAsync(() => sends.Any(s => s.IsCompleted), "the bucket's one token was used");
        for (var sent = 2; sent <= 5; sent++)
        {
            Assert.That(Calls(), Is.EqualTo(sent - 1), "the others wait for a token");
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Eventually.UntilAsync(() => sends.Count(s => s.IsCompleted) >= sent, $"send {sent} went with the next half second's token");
        }

        await Task.WhenAll(sends);
        Assert.That(Calls(), Is.EqualTo(5));
    }

    [Test]
    public async Task Repeated_failures_open_the_circuit_and_later_calls_fail_without_reaching_zalo()
    {
        _zalo = await ZaloClientHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Zalo:Client:MaxRetries"] = "0",
            ["Zalo:Client:CircuitMinimumThroughput"] = "2",
            ["Zalo:Client:CircuitBreakDuration"] = "00:01:00",
        });
        _zalo.Emulator.State.Inject(ZaloFault.HttpStatus(500), ZaloEmulatorPaths.CsMessage, times: 10);

        for (var i = 0; i < 2; i++)
        {
            Assert.ThrowsAsync<ZaloApiException>(() => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Lỗi")));
        }

        var error = Assert.ThrowsAsync<ZaloApiException>(() => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Mạch mở")));

        Assert.That(error.Code, Is.EqualTo(ZaloErrorCodes.CircuitOpen));
        Assert.That(error.Kind, Is.EqualTo(ZaloErrorKind.Retryable));
        Assert.That(_zalo.Emulator.State.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(2));
    }
}
