using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZaloBot.Messaging;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Messaging;

/// <summary>
/// Generated hostile bodies, unsigned and correctly signed: every answer is 200, 400, 401 or 413, and the app is alive
/// and ready afterwards. The seed is fixed (and printed), so a failure reproduces; set ZALOBOT_FUZZ_SEED to try others.
/// </summary>
public sealed class WebhookFuzzTests
{
    private const int Bodies = 1_200;
    private const int DefaultSeed = 20_261_128;

    [Test]
    public async Task Generated_hostile_bodies_never_get_a_server_error_and_the_app_stays_ready()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ZALOBOT_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : DefaultSeed;
        await TestContext.Out.WriteLineAsync($"fuzz seed {seed}");
        using var logs = new LogCapture();
        await using var app = new TestApp(TestApp.NewDatabasePath(), services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = app.CreateClient();
        var generator = new HostileBodies(new Random(seed));
        var cases = Enumerable.Range(0, Bodies).Select(i => generator.Next(signed: i % 2 == 1)).ToList();

        var outcomes = new ConcurrentBag<(HostileBody Body, HttpStatusCode Status, string? Result)>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (body, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoints.Path) { Content = new ByteArrayContent(body.Bytes) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            if (body.Signature is not null)
            {
                request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, body.Signature);
            }

            using var response = await client.SendAsync(request, cancellationToken);
            var answer = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<WebhookAnswer>(cancellationToken) : null;
            outcomes.Add((body, response.StatusCode, answer?.Result));
        });

        var summary = outcomes.GroupBy(o => $"{(o.Body.Signature is null ? "unsigned" : "signed")} {o.Body.Kind} → {(int)o.Status} {o.Result}")
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count(),5}  {g.Key}");
        await TestContext.Out.WriteLineAsync(string.Join('\n', summary));

        var wrong = outcomes.Where(o => o.Status is not (HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
            or HttpStatusCode.RequestEntityTooLarge)).ToList();
        Assert.That(wrong.Select(o => $"{(int)o.Status} for {o.Body.Kind}"), Is.Empty);
        Assert.That(outcomes.Where(o => o.Body.Signature is null).Select(o => o.Status), Has.None.EqualTo(HttpStatusCode.OK),
            "an unsigned body got past the signature check");
        Assert.That(outcomes.Count(o => o.Body.Signature is not null && o.Result == "stored"), Is.GreaterThan(Bodies / 5),
            "too few signed bodies reached the parser to exercise it");
        Assert.That(logs.Lines.Where(l => l.Exception is not null && l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)), Is.Empty,
            "a request ended in an unhandled exception");

        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var readiness = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.That(readiness.RootElement.GetProperty("status").GetString(), Is.EqualTo("Healthy"), readiness.RootElement.GetRawText());
    }

    private sealed record HostileBody(string Kind, byte[] Bytes, string? Signature);

    /// <summary>Bodies shaped like Zalo's with one or two hostile twists each.</summary>
    private sealed class HostileBodies(Random random)
    {
        private static readonly string[] EventNames =
            ["user_send_text", "user_send_group_text", "follow", "user_submit_info", "user_seen_message", "user_send_image", "anonymous_send_text", "oa_send_text"];

        /// <summary>Values for a string field, as raw JSON text.</summary>
        private static readonly Func<Random, string>[] Values =
        [
            _ => "\"\\ud800\"",
            _ => "\"\\udfff\"",
            _ => "\"a\\ud800b\\udc00\\udc00\"",
            _ => "\"\\u0000\\u001f\\\"\\\\\"",
            r => r.NextInt64().ToString(CultureInfo.InvariantCulture),
            _ => "1e400",
            _ => "-0.0",
            _ => "123456789012345678901234567890",
            _ => "true",
            _ => "null",
            _ => "{}",
            _ => "[1,\"x\",null]",
            _ => "{\"id\":{\"id\":[]}}",
            _ => "\"\"",
            _ => "\"[@6142494823000000001] #dangky Nguyễn Văn An | 0912 345 678\"",
            _ => "\"" + new string('9', 65) + "\"",
            r => "\"" + new string('x', r.Next(500_000, 520_000)) + "\"",
            _ => new string('[', 10_000) + new string(']', 10_000),
            _ => "\"\u202e\u200b\ufeffẞ\ud83d\ude00\"",
        ];

        private long _timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        public HostileBody Next(bool signed)
        {
            var timestamp = Interlocked.Increment(ref _timestamp).ToString(CultureInfo.InvariantCulture);
            var (kind, bytes) = random.Next(12) switch
            {
                0 => ("bom", [0xEF, 0xBB, 0xBF, .. Event(timestamp, "text", Value())]),
                1 => ("invalid utf-8", Splice(Event(timestamp, "text", "\"x\""), InvalidUtf8())),
                2 => ("duplicate keys", Encoding.UTF8.GetBytes(Json(timestamp, "text", "\"a\"").Replace("\"event_name\"", "\"event_name\":" + Value() + ",\"event_name\"", StringComparison.Ordinal))),
                3 => ("deep nesting", Encoding.UTF8.GetBytes(new string('{', 1) + "\"timestamp\":\"" + timestamp + "\",\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}")),
                4 => ("not an object", Encoding.UTF8.GetBytes(random.Next(4) switch { 0 => "[]", 1 => "\"x\"", 2 => "42", _ => "" })),
                5 => ("truncated", Event(timestamp, "text", Value())[..^random.Next(1, 6)]),
                6 => ("hostile timestamp", Encoding.UTF8.GetBytes(Json(timestamp, "text", "\"a\"").Replace("\"" + timestamp + "\"", Value(), StringComparison.Ordinal))),
                _ => ("hostile " + Field(), Event(timestamp, Field(), Value())),
            };

            var signature = WebhookSignature.HeaderValue(TopLevel(bytes, "app_id") ?? TestApp.AppId, bytes, TopLevel(bytes, "timestamp") ?? "", TestApp.OaSecretKey);
            return new HostileBody(kind, bytes, signed ? signature : null);
        }

        /// <summary>
        /// A top-level field as the text a correct MAC covers (a number as its digits); null when the body is not a
        /// JSON object or the field is absent, empty or no text.
        /// </summary>
        private static string? TopLevel(byte[] body, string name)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var text = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                    ? value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString(),
                        JsonValueKind.Number => value.GetRawText(),
                        _ => null,
                    }
                    : null;
                return string.IsNullOrEmpty(text) ? null : text;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return null;
            }
        }

        private string Value() => Values[random.Next(Values.Length)](random);

        private string Field() => random.Next(8) switch
        {
            0 => "event_name",
            1 => "sender.id",
            2 => "recipient.id",
            3 => "message.msg_id",
            4 => "message",
            5 => "info.phone",
            6 => "app_id",
            _ => "text",
        };

        private byte[] Event(string timestamp, string field, string value) => Encoding.UTF8.GetBytes(Json(timestamp, field, value));

        /// <summary>A Zalo-shaped event whose <paramref name="field"/> holds <paramref name="value"/> (raw JSON).</summary>
        private string Json(string timestamp, string field, string value)
        {
            string Or(string name, string honest) => field == name ? value : honest;
            var eventName = EventNames[random.Next(EventNames.Length)];
            var text = field == "text" ? value : "\"chào\"";
            var message = field == "message" ? value : $$"""{"msg_id":{{Or("message.msg_id", "\"m" + random.NextInt64().ToString("x", CultureInfo.InvariantCulture) + "\"")}},"text":{{text}}}""";
            return $$"""
                {"app_id":{{Or("app_id", "\"" + TestApp.AppId + "\"")}},"event_name":{{Or("event_name", "\"" + eventName + "\"")}},"timestamp":"{{timestamp}}",
                 "sender":{"id":{{Or("sender.id", "\"614249482300000" + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture) + "\"")}}},
                 "recipient":{"id":{{Or("recipient.id", "\"demo-group-tan-lap\"")}}},"follower":{"id":"2468458835296197922"},
                 "info":{"name":"Lê Thị Bình","phone":{{Or("info.phone", "\"84912345678\"")}}},"message":{{message}}}
                """;
        }

        private byte[] InvalidUtf8() => random.Next(5) switch
        {
            0 => [0xFF],
            1 => [0xC3, 0x28],
            2 => [0xED, 0xA0, 0x80],
            3 => [0xC0, 0xAF],
            _ => [0xF4, 0x90, 0x80, 0x80],
        };

        /// <summary>The bytes with <paramref name="bad"/> put inside the first string value after "text".</summary>
        private static byte[] Splice(byte[] body, byte[] bad)
        {
            var at = body.AsSpan().IndexOf("\"text\":\"x"u8) + "\"text\":\"".Length;
            return [.. body[..at], .. bad, .. body[at..]];
        }
    }
}
