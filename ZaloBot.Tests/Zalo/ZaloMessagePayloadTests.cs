using System.Text.Json.Nodes;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

public sealed class ZaloMessagePayloadTests
{
    [Test]
    public void Buttons_serialize_in_the_documented_shapes()
    {
        var request = new CsMessageRequest("2468458835296197922", OutgoingMessage.WithButtons("Chọn một mục",
            ZaloButton.QueryShow("Xem thêm", "#more"),
            ZaloButton.QueryHide("Ẩn lệnh", "#menu_1"),
            ZaloButton.OpenUrl("Website", "https://example.vn"),
            ZaloButton.OpenPhone("Gọi", "84901234567"),
            ZaloButton.OpenSms("SMS", "84901234567", "Tôi cần hỗ trợ")));

        var json = ZaloMessagePayload.ForUser(request);

        var expected = JsonNode.Parse("""
            {"recipient":{"user_id":"2468458835296197922"},
             "message":{"text":"Chọn một mục",
               "attachment":{"type":"template","payload":{"template_type":"list","buttons":[
                 {"title":"Xem thêm","type":"oa.query.show","payload":"#more"},
                 {"title":"Ẩn lệnh","type":"oa.query.hide","payload":"#menu_1"},
                 {"title":"Website","type":"oa.open.url","payload":{"url":"https://example.vn"}},
                 {"title":"Gọi","type":"oa.open.phone","payload":{"phone_code":"84901234567"}},
                 {"title":"SMS","type":"oa.open.sms","payload":{"content":"Tôi cần hỗ trợ","phone_code":"84901234567"}}]}}}}
            """);
        Assert.That(JsonNode.DeepEquals(json, expected), Is.True, json.ToJsonString());
    }

    [Test]
    public void Image_by_url_or_attachment_id_uses_the_media_template()
    {
        var byUrl = ZaloMessagePayload.ForUser(new CsMessageRequest("u1", OutgoingMessage.Image("https://example.vn/a.jpg", "Ảnh lịch họp")));
        var byId = ZaloMessagePayload.ForUser(new CsMessageRequest("u1", new OutgoingMessage { AttachmentId = "att-1" }));

        Assert.That(JsonNode.DeepEquals(byUrl["message"], JsonNode.Parse("""
            {"text":"Ảnh lịch họp","attachment":{"type":"template","payload":{"template_type":"media",
              "elements":[{"media_type":"image","url":"https://example.vn/a.jpg"}]}}}
            """)), Is.True, byUrl.ToJsonString());
        Assert.That(JsonNode.DeepEquals(byId["message"], JsonNode.Parse("""
            {"attachment":{"type":"template","payload":{"template_type":"media",
              "elements":[{"media_type":"image","attachment_id":"att-1"}]}}}
            """)), Is.True, byId.ToJsonString());
    }

    [Test]
    public void Request_user_info_has_one_element()
    {
        var message = new OutgoingMessage { RequestUserInfo = new RequestUserInfo("Tổ dân phố 5", "Cho phép tổ trưởng liên hệ với bạn", "https://example.vn/logo.png") };

        var json = ZaloMessagePayload.ForUser(new CsMessageRequest("u1", message));

        Assert.That(JsonNode.DeepEquals(json["message"], JsonNode.Parse("""
            {"attachment":{"type":"template","payload":{"template_type":"request_user_info",
              "elements":[{"title":"Tổ dân phố 5","subtitle":"Cho phép tổ trưởng liên hệ với bạn","image_url":"https://example.vn/logo.png"}]}}}
            """)), Is.True, json.ToJsonString());
    }

    [Test]
    public void A_group_message_carries_its_buttons_as_text()
    {
        var json = ZaloMessagePayload.ForGroup(new GroupMessageRequest("g1",
            OutgoingMessage.WithButtons("Họp tổ tối nay?", ZaloButton.QueryShow("Có", "#co"), ZaloButton.QueryShow("Không", "#khong"))));

        Assert.That(JsonNode.DeepEquals(json, JsonNode.Parse("""
            {"recipient":{"group_id":"g1"},"message":{"text":"Họp tổ tối nay?\n\n1. Có\n2. Không"}}
            """)), Is.True, json.ToJsonString());
    }

    [Test]
    public void Shapes_zalo_would_reject_are_refused_as_permanent_payload_errors()
    {
        Assert.That(() => ZaloMessagePayload.ForUser(new CsMessageRequest("u1", OutgoingMessage.FromText(new string('a', 2001)))),
            Throws.TypeOf<ZaloApiException>().With.Property(nameof(ZaloApiException.Code)).EqualTo(ZaloErrorCodes.ParameterTooLong));
        Assert.That(() => ZaloMessagePayload.ForUser(new CsMessageRequest("u1", new OutgoingMessage())),
            Throws.TypeOf<ZaloApiException>().With.Property(nameof(ZaloApiException.Kind)).EqualTo(ZaloErrorKind.PermanentPayload));
        Assert.That(() => ZaloMessagePayload.ForGroup(new GroupMessageRequest("g1", new OutgoingMessage { RequestUserInfo = new("a", "b", "c") })),
            Throws.TypeOf<ZaloApiException>().With.Property(nameof(ZaloApiException.Kind)).EqualTo(ZaloErrorKind.PermanentPayload));
    }
}
