using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ZaloBot.Messaging;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Messaging;

/// <summary>Webhooks that arrive together share one commit; each still gets its own, correct answer.</summary>
public sealed partial class WebhookEndpointTests
{
    [Test]
    public async Task Concurrent_distinct_events_are_all_stored_and_each_is_answered_stored()
    {
        var bodies = Enumerable.Range(0, 60)
            .Select(i => ZaloWebhooks.UserText($"61424948230{i:d8}", $"msg-concurrent-{i}", "Xin chào"))
            .ToList();

        var answers = await Task.WhenAll(bodies.Select(PostAsync));

        Assert.That(answers, Has.All.EqualTo((HttpStatusCode.OK, "stored")));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"), Is.EqualTo(60));
        await Eventually.UntilAsync(() => _handler.Handled.Count == 60, "every event was handled");
    }

    [Test]
    public async Task Concurrent_deliveries_of_one_event_store_it_once_and_answer_stored_once()
    {
        var body = ZaloWebhooks.UserText("6142494823999000001", "msg-racing-1", "Xin chào");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(body)));

        Assert.That(answers.Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(answers.Count(a => a.Result == "stored"), Is.EqualTo(1));
        Assert.That(answers.Count(a => a.Result == "duplicate"), Is.EqualTo(19));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM inbox_events"), Is.EqualTo(1));
        await Eventually.UntilAsync(() => _handler.Handled.Count == 1, "the event was handled");
        await _app.Services.GetRequiredService<Dispatcher>().WhenIdleAsync();
        Assert.That(_handler.Handled, Has.Count.EqualTo(1));
    }

    private async Task<(HttpStatusCode Status, string? Result)> PostAsync(string body)
    {
        using var response = await _client.PostSignedAsync(body);
        var answer = await response.Content.ReadFromJsonAsync<WebhookAnswer>();
        return (response.StatusCode, answer?.Result);
    }
}
