using System.Net;
using System.Text.Json;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Health;

public sealed class HealthEndpointTests
{
    [Test]
    public async Task Live_and_ready_answer_200_on_a_fresh_database()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();

        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.That(report.RootElement.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_is_degraded_when_dead_letters_pile_up()
    {
        var path = TestApp.NewDatabasePath();
        await using var app = new TestApp(path, settings: new() { ["Messaging:ReadyMaxDeadLetters"] = "1" });
        await using (var db = await app.OpenDatabaseAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(db, """
                INSERT INTO inbox_events (event_key, event_name, conversation_key, body, status, next_attempt_at, received_at)
                VALUES ('a', 'user_send_text', 'user:1', '{}', 'dead', 0, 0), ('b', 'user_send_text', 'user:2', '{}', 'dead', 0, 0)
                """);
        }

        using var client = app.CreateClient();
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.That(report.RootElement.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
        Assert.That(report.RootElement.GetProperty("checks").GetProperty("inbox").GetProperty("description").GetString(),
            Does.Contain("2 dead-letter"));
    }
}
