using System.Net;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// Guessing admin keys is limited per client address (as the trusted proxy's X-Forwarded-For gives it), with a small
/// limit and a window far longer than the test, so nothing here depends on time.
/// </summary>
public sealed class KeyGuessingTests
{
    private const int Limit = 3;

    private static Dictionary<string, string?> Settings()
    {
        var settings = TeamChatDriver.Settings();
        settings["Admin:GuessLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Admin:GuessWindow"] = "01:00:00";
        return settings;
    }

    private static HttpClient From(TestApp app, string address, string? key = null)
    {
        var client = ConsoleClient.Anonymous(app);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    [Test]
    public async Task Sign_in_attempts_beyond_the_limit_get_429_with_retry_after_and_one_warning_per_window()
    {
        var log = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), log.AddTo, Settings());
        using var guesser = From(app, "198.51.100.30");
        using var neighbour = From(app, "198.51.100.31");
        var token = await ConsoleClient.CsrfTokenAsync(guesser, "/admin/sign-in");
        async Task<HttpResponseMessage> TryAsync(HttpClient client, string key, string csrf) =>
            await client.PostAsync("/admin/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["__csrf"] = csrf }));

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 2; i++)
        {
            using var wrong = await TryAsync(guesser, "guess-" + i + "-0123456789", token);
            answers.Add(wrong.StatusCode);
        }

        using var right = await TryAsync(guesser, TeamChatDriver.AdminKey, token);
        var retryAfter = right.Headers.RetryAfter?.Delta;
        var page = await right.Content.ReadAsStringAsync();
        using var other = await TryAsync(neighbour, TeamChatDriver.AdminKey, await ConsoleClient.CsrfTokenAsync(neighbour, "/admin/sign-in"));

        Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests }));
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "even the right key waits: its answer would tell a guess");
        Assert.That(retryAfter, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(page, Does.Contain("Có quá nhiều lần nhập sai mã truy cập"));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "another address is not held back");
        Assert.That(log.Containing("Too many console sign-in attempts from 198.51.100.30"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Wrong_api_keys_beyond_the_limit_get_429_and_then_even_the_right_key_waits()
    {
        var log = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), log.AddTo, Settings());
        using var guesser = From(app, "198.51.100.40", "not-the-key-0123456789");
        using var sameAddressRightKey = From(app, "198.51.100.40", TeamChatDriver.AdminKey);
        using var busyClient = From(app, "198.51.100.41", TeamChatDriver.AdminKey);

        var busy = new List<HttpStatusCode>();
        for (var i = 0; i < Limit * 3; i++)
        {
            using var ok = await busyClient.GetAsync("/admin/api/teams");
            busy.Add(ok.StatusCode);
        }

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 2; i++)
        {
            using var wrong = await guesser.GetAsync("/admin/api/teams");
            answers.Add(wrong.StatusCode);
        }

        using var right = await sameAddressRightKey.GetAsync("/admin/api/teams");

        Assert.That(busy, Has.All.EqualTo(HttpStatusCode.OK), "a right key is never counted");
        Assert.That(answers, Is.EqualTo(new[]
        {
            HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests,
        }));
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(right.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(log.Containing("Too many admin API key attempts from 198.51.100.40"), Has.Count.EqualTo(1), "one warning per address and window");
    }
}
