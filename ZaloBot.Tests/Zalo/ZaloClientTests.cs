using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.Monitoring;
using ZaloBot.Sandbox;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

/// <summary>The typed client against the emulator over real HTTP: envelopes, retries and permanent errors.</summary>
public sealed class ZaloClientTests
{
    private const string UserId = "2468458835296197922";
    private const string GroupId = "f414c8f76fa586fbdfb4";
    private ZaloClientHarness _zalo = null!;

    private ZaloEmulatorState Emulator => _zalo.Emulator.State;

    [SetUp]
    public async Task SetUp() => _zalo = await ZaloClientHarness.StartAsync();

    [TearDown]
    public async Task TearDown() => await _zalo.DisposeAsync();

    [Test]
    public async Task A_sent_message_returns_zalo_message_id_and_shows_on_the_phone()
    {
        var messageId = await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Xin chào bà con"));

        var shown = Emulator.MessagesIn(ZaloEmulatorState.UserConversation(UserId));
        Assert.That(shown, Has.Count.EqualTo(1));
        Assert.That(shown[0].MessageId, Is.EqualTo(messageId));
        Assert.That(shown[0].Text, Is.EqualTo("Xin chào bà con"));
    }

    [Test]
    public async Task Server_error_then_success_is_retried()
    {
        Emulator.Inject(ZaloFault.HttpStatus(500), ZaloEmulatorPaths.CsMessage);

        var messageId = await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Lần hai sẽ tới"));

        Assert.That(messageId, Is.Not.Empty);
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(2));
        Assert.That(Emulator.MessagesIn(ZaloEmulatorState.UserConversation(UserId)), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Attempt_timeout_is_retried()
    {
        Emulator.Inject(ZaloFault.Delay(TimeSpan.FromSeconds(20)), ZaloEmulatorPaths.CsMessage);

        var messageId = await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Chậm mà chắc"));

        Assert.That(messageId, Is.Not.Empty);
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(2), "the slow attempt was abandoned, not awaited");
        Assert.That(Emulator.MessagesIn(ZaloEmulatorState.UserConversation(UserId)), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Rate_limit_error_inside_an_http_200_answer_backs_off_and_retries()
    {
        Emulator.Inject(ZaloFault.RateLimited(), ZaloEmulatorPaths.CsMessage, times: 2);

        var messageId = await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Thử lại sau -32"));

        var calls = Emulator.CallsTo(ZaloEmulatorPaths.CsMessage);
        Assert.That(messageId, Is.Not.Empty);
        Assert.That(calls, Has.Count.EqualTo(3));
        Assert.That(calls.Select(c => c.Fault?.Code), Is.EqualTo(new int?[] { -32, -32, null }));
        Assert.That(calls[2].Time, Is.GreaterThanOrEqualTo(calls[0].Time));
    }

    [Test]
    public void A_retryable_error_that_persists_ends_as_a_retryable_exception_after_the_last_retry()
    {
        Emulator.Inject(ZaloFault.HttpStatus(503), ZaloEmulatorPaths.CsMessage, times: 10);

        var error = Assert.ThrowsAsync<ZaloApiException>(() => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Không tới")));

        Assert.That(error.Code, Is.EqualTo(503));
        Assert.That(error.Kind, Is.EqualTo(ZaloErrorKind.Retryable));
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(4), "one attempt and MaxRetries = 3");
    }

    [Test]
    public void Out_of_window_error_is_permanent_with_its_reason_and_is_not_retried()
    {
        Emulator.Inject(ZaloFault.OutOfWindow(), ZaloEmulatorPaths.CsMessage);

        var error = Assert.ThrowsAsync<ZaloApiException>(() => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Quá 7 ngày")));

        Assert.That(error.Code, Is.EqualTo(-230));
        Assert.That(error.Kind, Is.EqualTo(ZaloErrorKind.PermanentRecipient));
        Assert.That(error.IsPermanent, Is.True);
        Assert.That(error.Reason, Is.EqualTo("Người nhận chưa tương tác với OA trong 7 ngày qua"));
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(1));
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.OAuthToken), Is.Empty);
    }

    [Test]
    public async Task Every_api_call_carries_the_access_token_header()
    {
        await _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "1:1"));
        await _zalo.Client.SendGroupMessageAsync(new GroupMessageRequest(GroupId, OutgoingMessage.FromText("Nhóm")));
        var user = await _zalo.Client.GetUserDetailAsync(UserId);
        var oa = await _zalo.Client.GetOaInfoAsync();
        var quota = await _zalo.Client.GetMessageQuotaAsync(UserId);

        var calls = Emulator.Calls;
        Assert.That(calls.Select(c => c.Path), Is.EquivalentTo(new[]
        {
            ZaloEmulatorPaths.CsMessage, ZaloEmulatorPaths.GroupMessage, ZaloEmulatorPaths.UserDetail, ZaloEmulatorPaths.OaInfo, ZaloEmulatorPaths.MessageQuota,
        }));
        Assert.That(calls.Select(c => c.AccessToken), Has.All.EqualTo(Emulator.CurrentAccessToken).And.All.Not.Empty);
        Assert.That(user.UserId, Is.EqualTo(UserId));
        Assert.That(user.DisplayName, Does.StartWith("Người dùng thử"));
        Assert.That(oa.OaId, Is.EqualTo(Emulator.OaId));
        Assert.That(quota.CsRemaining, Is.EqualTo(8));
        Assert.That(quota.LastInteraction, Is.Not.Null);
    }

    [Test]
    public async Task Sends_asked_for_as_bulk_and_no_other_call_are_marked_bulk_for_the_send_rate_limit()
    {
        using var handler = new PriorityRecorder();
        using var http = new HttpClient(handler);
        var services = _zalo.Host.Services;
        var client = new ZaloClient(http, services.GetRequiredService<TokenProvider>(), services.GetRequiredService<IOptions<ZaloOptions>>(),
            services.GetRequiredService<ZaloBotMetrics>(), NullLogger<ZaloClient>.Instance);

        await client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Thông báo"), ZaloSendPriority.Bulk);
        await client.SendGroupMessageAsync(new GroupMessageRequest(GroupId, OutgoingMessage.FromText("Thông báo")), ZaloSendPriority.Bulk);
        await client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, "Trả lời"));
        await client.SendGroupMessageAsync(new GroupMessageRequest(GroupId, OutgoingMessage.FromText("Trả lời")));
        await client.GetUserDetailAsync(UserId);
        await client.GetMessageQuotaAsync(UserId);

        Assert.That(handler.Seen, Is.EqualTo(new ZaloSendPriority?[]
        {
            ZaloSendPriority.Bulk, ZaloSendPriority.Bulk, ZaloSendPriority.Urgent, ZaloSendPriority.Urgent, ZaloSendPriority.Urgent, ZaloSendPriority.Urgent,
        }));
    }

    [Test]
    public async Task User_detail_sends_the_user_id_as_url_encoded_json_in_data()
    {
        await _zalo.Client.GetUserDetailAsync(UserId);

        var call = Emulator.CallsTo(ZaloEmulatorPaths.UserDetail).Single();
        Assert.That(Uri.UnescapeDataString(call.Query), Is.EqualTo("?data={\"user_id\":\"" + UserId + "\"}"));
    }

    [Test]
    public async Task Button_payloads_arrive_in_the_documented_shapes()
    {
        await _zalo.Client.SendCustomerServiceAsync(new CsMessageRequest(UserId, OutgoingMessage.WithButtons("Bạn cần gì?",
            ZaloButton.QueryShow("Đăng ký", "#dang_ky"),
            ZaloButton.QueryHide("Menu", "#menu"),
            ZaloButton.OpenUrl("Website", "https://example.vn"),
            ZaloButton.OpenPhone("Gọi", "84901234567"),
            ZaloButton.OpenSms("Nhắn tin", "84901234567", "Xin hỗ trợ"))));

        var body = Emulator.CallsTo(ZaloEmulatorPaths.CsMessage).Single().Body!;
        var buttons = body["message"]!["attachment"]!["payload"]!["buttons"]!.AsArray();
        Assert.That((string?)body["message"]!["attachment"]!["payload"]!["template_type"], Is.EqualTo("list"));
        Assert.That(JsonNode.DeepEquals(buttons, JsonNode.Parse("""
            [{"title":"Đăng ký","type":"oa.query.show","payload":"#dang_ky"},
             {"title":"Menu","type":"oa.query.hide","payload":"#menu"},
             {"title":"Website","type":"oa.open.url","payload":{"url":"https://example.vn"}},
             {"title":"Gọi","type":"oa.open.phone","payload":{"phone_code":"84901234567"}},
             {"title":"Nhắn tin","type":"oa.open.sms","payload":{"content":"Xin hỗ trợ","phone_code":"84901234567"}}]
            """)), Is.True, buttons.ToJsonString());
    }

    [Test]
    public async Task A_group_message_shows_buttons_as_numbered_lines()
    {
        var messageId = await _zalo.Client.SendGroupMessageAsync(new GroupMessageRequest(GroupId,
            OutgoingMessage.WithButtons("Họp tổ tối nay?", ZaloButton.QueryShow("Có", "#co"), ZaloButton.QueryShow("Không", "#khong"))));

        var shown = Emulator.MessagesIn(ZaloEmulatorState.GroupConversation(GroupId)).Single();
        Assert.That(shown.MessageId, Is.EqualTo(messageId));
        Assert.That(shown.Text, Is.EqualTo("Họp tổ tối nay?\n\n1. Có\n2. Không"));
        Assert.That(Emulator.CallsTo(ZaloEmulatorPaths.GroupMessage).Single().Body!["message"]!["attachment"], Is.Null);
    }

    [Test]
    public void A_text_over_2000_characters_is_refused_before_any_call()
    {
        var error = Assert.ThrowsAsync<ZaloApiException>(() => _zalo.Client.SendCustomerServiceAsync(ZaloClientHarness.Text(UserId, new string('a', 2001))));

        Assert.That(error.Kind, Is.EqualTo(ZaloErrorKind.PermanentPayload));
        Assert.That(Emulator.Calls, Is.Empty);
    }

    /// <summary>Answers every call with success and records the priority the client set for the send rate limit.</summary>
    private sealed class PriorityRecorder : HttpMessageHandler
    {
        public List<ZaloSendPriority?> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add(request.Options.TryGetValue(ZaloSendRateLimiter.PriorityOption, out var priority) ? priority : null);
            return Task.FromResult(new HttpResponseMessage { Content = new StringContent("""{"error":0,"data":{"message_id":"m1"}}""") });
        }
    }
}
