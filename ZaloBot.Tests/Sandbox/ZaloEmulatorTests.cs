using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ZaloBot.Sandbox;

namespace ZaloBot.Tests.Sandbox;

/// <summary>The emulator on its own, under a Sandbox-style prefix, driven with a plain HttpClient.</summary>
public sealed class ZaloEmulatorTests
{
    private EmulatorHost _emulator = null!;
    private HttpClient _http = null!;

    private ZaloEmulatorState State => _emulator.State;

    [SetUp]
    public async Task SetUp()
    {
        _emulator = await EmulatorHost.StartAsync("/sandbox/zalo");
        _http = new HttpClient();
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    private Uri Url(string path) => new(_emulator.BaseUrl.AbsoluteUri + path);

    private async Task<JsonNode> SendTextAsync(string? accessToken, string userId = "u1", string text = "Xin chào")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(ZaloEmulatorPaths.CsMessage))
        {
            Content = JsonContent.Create(new JsonObject { ["recipient"] = new JsonObject { ["user_id"] = userId }, ["message"] = new JsonObject { ["text"] = text } }),
        };
        if (accessToken is not null)
        {
            request.Headers.Add("access_token", accessToken);
        }

        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> RefreshAsync(string refreshToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(ZaloEmulatorPaths.OAuthToken))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["refresh_token"] = refreshToken,
                ["app_id"] = "app",
                ["grant_type"] = "refresh_token",
            }),
        };
        request.Headers.Add("secret_key", "secret");
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Test]
    public async Task A_valid_token_gets_the_success_envelope_and_the_message_is_shown()
    {
        var answer = await SendTextAsync(State.CurrentAccessToken, "u1", "Chào bạn");

        Assert.That((int?)answer["error"], Is.Zero);
        Assert.That((string?)answer["message"], Is.EqualTo("Success"));
        Assert.That((string?)answer["data"]!["user_id"], Is.EqualTo("u1"));
        var shown = State.MessagesIn(ZaloEmulatorState.UserConversation("u1")).Single();
        Assert.That(shown.MessageId, Is.EqualTo((string?)answer["data"]!["message_id"]));
        Assert.That(shown.Text, Is.EqualTo("Chào bạn"));
        Assert.That(shown.FromOa, Is.True);
    }

    [Test]
    public async Task A_missing_or_wrong_access_token_answers_minus_216_with_http_200()
    {
        var missing = await SendTextAsync(null);
        var wrong = await SendTextAsync("not-the-token");

        Assert.That((int?)missing["error"], Is.EqualTo(-216));
        Assert.That((int?)wrong["error"], Is.EqualTo(-216));
        Assert.That(State.Messages, Is.Empty);
    }

    [Test]
    public async Task A_refresh_rotates_both_tokens_and_the_old_access_token_stops_working()
    {
        var oldAccess = State.CurrentAccessToken;

        var (status, body) = await RefreshAsync(State.CurrentRefreshToken);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)body["expires_in"], Is.EqualTo("90000"));
        Assert.That((string?)body["access_token"], Is.EqualTo(State.CurrentAccessToken));
        Assert.That((string?)body["refresh_token"], Is.EqualTo(State.CurrentRefreshToken));
        Assert.That((int?)(await SendTextAsync(oldAccess))["error"], Is.EqualTo(-216));
        Assert.That((int?)(await SendTextAsync(State.CurrentAccessToken))["error"], Is.Zero);
    }

    [Test]
    public async Task A_used_refresh_token_answers_oauth_error_14020_with_http_200()
    {
        var first = State.CurrentRefreshToken;
        await RefreshAsync(first);

        var (status, body) = await RefreshAsync(first);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int?)body["error"], Is.EqualTo(-14020));
        Assert.That((string?)body["error_name"], Is.Not.Empty);
        Assert.That((string?)body["error_description"], Is.Not.Empty);
        Assert.That(body["access_token"], Is.Null);
        Assert.That(State.RefreshCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Every_call_is_recorded_with_headers_and_parsed_body()
    {
        await SendTextAsync(State.CurrentAccessToken, "u7", "Ghi lại");

        var call = State.Calls.Single();
        Assert.That(call.Method, Is.EqualTo("POST"));
        Assert.That(call.Path, Is.EqualTo(ZaloEmulatorPaths.CsMessage));
        Assert.That(call.AccessToken, Is.EqualTo(State.CurrentAccessToken));
        Assert.That((string?)call.Body!["recipient"]!["user_id"], Is.EqualTo("u7"));
        Assert.That((string?)call.Body!["message"]!["text"], Is.EqualTo("Ghi lại"));
    }

    [Test]
    public async Task Scripted_faults_apply_in_order_to_their_path_and_then_stop()
    {
        State.Inject(ZaloFault.RateLimited(), ZaloEmulatorPaths.CsMessage);
        State.Inject(ZaloFault.OutOfWindow(), ZaloEmulatorPaths.CsMessage);
        State.Inject(ZaloFault.HttpStatus(500), ZaloEmulatorPaths.GroupMessage);

        var codes = new List<int?>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((int?)(await SendTextAsync(State.CurrentAccessToken))["error"]);
        }

        Assert.That(codes, Is.EqualTo(new int?[] { -32, -230, 0 }));
        Assert.That(State.Calls.Select(c => c.Fault?.Code), Is.EqualTo(new int?[] { -32, -230, null }));
    }

    [Test]
    public async Task A_group_message_answers_with_group_id_and_rejects_templates()
    {
        using var textRequest = GroupRequest(new JsonObject { ["text"] = "Chào cả nhóm" });
        using var listRequest = GroupRequest(new JsonObject
        {
            ["text"] = "Chọn",
            ["attachment"] = new JsonObject
            {
                ["type"] = "template",
                ["payload"] = new JsonObject { ["template_type"] = "list", ["buttons"] = new JsonArray(new JsonObject { ["title"] = "A", ["type"] = "oa.query.show", ["payload"] = "#a" }) },
            },
        });
        using var text = await _http.SendAsync(textRequest);
        using var list = await _http.SendAsync(listRequest);

        var ok = JsonNode.Parse(await text.Content.ReadAsStringAsync())!;
        var rejected = JsonNode.Parse(await list.Content.ReadAsStringAsync())!;
        Assert.That((string?)ok["data"]!["group_id"], Is.EqualTo("g1"));
        Assert.That((string?)ok["data"]!["message_id"], Is.Not.Empty);
        Assert.That((int?)rejected["error"], Is.EqualTo(-201));
        Assert.That(State.MessagesIn(ZaloEmulatorState.GroupConversation("g1")).Single().Text, Is.EqualTo("Chào cả nhóm"));
    }

    private HttpRequestMessage GroupRequest(JsonObject message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(ZaloEmulatorPaths.GroupMessage))
        {
            Content = JsonContent.Create(new JsonObject { ["recipient"] = new JsonObject { ["group_id"] = "g1" }, ["message"] = message }),
        };
        request.Headers.Add("access_token", State.CurrentAccessToken);
        return request;
    }
}
