using ZaloBot.Sandbox;
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
    public async Task Sends_beyond_the_rate_wait_for_the_next_second()
    {
        _zalo = await ZaloClientHarness.StartAsync(new Dictionary<string, string?> { ["Zalo:Client:SendsPerSecond"] = "2" });

        // Five sends at two a second: one at once, then one every half second (the bucket refills a token at a time).
        await Task.WhenAll(Enumerable.Range(1, 5).Select(i => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, $"Tin {i}"))));

        var calls = _zalo.Emulator.State.CallsTo(ZaloEmulatorPaths.CsMessage);
        Assert.That(calls, Has.Count.EqualTo(5));
        Assert.That(calls[^1].Time - calls[0].Time, Is.GreaterThan(TimeSpan.FromSeconds(1.5)));
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
