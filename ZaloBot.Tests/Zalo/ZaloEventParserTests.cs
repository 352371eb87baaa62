using System.Text.Json;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

/// <summary>Bodies shaped like the samples in zalo-oa-api.md §1.6, including its alternates.</summary>
public sealed class ZaloEventParserTests
{
    private static ZaloEvent Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ZaloEventParser.Parse(document.RootElement);
    }

    [Test]
    public void User_text_keeps_big_ids_as_strings()
    {
        var e = Parse("""
            {"app_id":"2553928453557884079","user_id_by_app":"979122185046046317","event_name":"user_send_text",
             "timestamp":"1699003881354","sender":{"id":"6142494823000000000"},"recipient":{"id":"3662729599332560487"},
             "message":{"msg_id":"cb31dff1c39642cc1b83","text":"Xin chào"}}
            """);

        Assert.That(e, Is.EqualTo(new UserMessageEvent("user_send_text", "1699003881354", "6142494823000000000",
            new MessageContent(MessageKind.Text, "cb31dff1c39642cc1b83", "Xin chào", [], null))).Using(new EventComparer()));
        Assert.That(e.ConversationKey, Is.EqualTo("user:6142494823000000000"));
    }

    [Test]
    public void Numeric_ids_are_read_as_their_exact_digits()
    {
        var e = (UserMessageEvent)Parse("""
            {"event_name":"user_send_text","timestamp":1699003881354,"sender":{"id":6142494823000000123},
             "message":{"msg_id":"m1","text":"a"}}
            """);

        Assert.That((e.UserId, e.Timestamp), Is.EqualTo(("6142494823000000123", "1699003881354")));
    }

    [Test]
    public void Image_with_caption_and_quote()
    {
        var e = (UserMessageEvent)Parse("""
            {"event_name":"user_send_image","timestamp":"1","sender":{"id":"u1"},"recipient":{"id":"oa"},
             "message":{"msg_id":"m2","text":"ảnh sản phẩm","quote_msg_id":"q9",
               "attachments":[{"type":"image","payload":{"url":"https://img/1.jpg","thumbnail":"https://img/t.jpg"}}]}}
            """);

        Assert.That(e.Message.Kind, Is.EqualTo(MessageKind.Image));
        Assert.That(e.Message.Text, Is.EqualTo("ảnh sản phẩm"));
        Assert.That(e.Message.QuoteMsgId, Is.EqualTo("q9"));
        Assert.That(e.Message.Attachments, Is.EqualTo(new Attachment[] { new MediaAttachment(MessageKind.Image, "https://img/1.jpg", "https://img/t.jpg", null) }));
    }

    [Test]
    public void Location_from_coordinates_or_the_minority_shapes()
    {
        var standard = (UserMessageEvent)Parse("""
            {"event_name":"user_send_location","timestamp":"1","sender":{"id":"u1"},
             "message":{"msg_id":"m3","attachments":[{"type":"location","payload":{"coordinates":{"latitude":"10.7642473","longitude":"106.6564314"}}}]}}
            """);
        var flat = (UserMessageEvent)Parse("""
            {"event_name":"user_send_location","timestamp":"1","sender":{"id":"u1"},
             "message":{"msg_id":"m4","location":{"latitude":"16.75","longitude":"107.19"}}}
            """);
        var shortNames = (UserMessageEvent)Parse("""
            {"event_name":"user_send_location","timestamp":"1","sender":{"id":"u1"},
             "message":{"msg_id":"m5","attachments":[{"type":"location","payload":{"coordinates":{"lat":"1.5","long":"2.5"}}}]}}
            """);

        Assert.That(standard.Message.Attachments.Single(), Is.EqualTo(new LocationAttachment("10.7642473", "106.6564314")));
        Assert.That(flat.Message.Attachments.Single(), Is.EqualTo(new LocationAttachment("16.75", "107.19")));
        Assert.That(shortNames.Message.Attachments.Single(), Is.EqualTo(new LocationAttachment("1.5", "2.5")));
    }

    [Test]
    public void File_link_sticker_audio_video_and_business_card_attachments()
    {
        static Attachment Single(string name, string type, string payload) =>
            ((UserMessageEvent)Parse($$$"""
                {"event_name":"{{{name}}}","timestamp":"1","sender":{"id":"u1"},
                 "message":{"msg_id":"m","attachments":[{"type":"{{{type}}}","payload":{{{payload}}}}]}}
                """)).Message.Attachments.Single();

        Assert.Multiple(() =>
        {
            Assert.That(Single("user_send_file", "file", """{"url":"https://f/a.pdf","name":"a.pdf","size":"1024","type":"pdf"}"""),
                Is.EqualTo(new FileAttachment("https://f/a.pdf", "a.pdf", "1024", "pdf")));
            Assert.That(Single("user_send_link", "link", """{"url":"https://x","title":"T","description":"D","thumbnail":"https://t"}"""),
                Is.EqualTo(new LinkAttachment("https://x", "T", "D", "https://t")));
            Assert.That(Single("user_send_sticker", "sticker", """{"url":"https://s","id":"st-1"}"""),
                Is.EqualTo(new MediaAttachment(MessageKind.Sticker, "https://s", null, "st-1")));
            Assert.That(Single("user_send_audio", "audio", """{"url":"https://a"}"""),
                Is.EqualTo(new MediaAttachment(MessageKind.Audio, "https://a", null, null)));
            Assert.That(Single("user_send_video", "video", """{"url":"https://v","thumbnail":"https://vt"}"""),
                Is.EqualTo(new MediaAttachment(MessageKind.Video, "https://v", "https://vt", null)));
            Assert.That(Single("user_send_business_card", "business_card", """{"id":"42"}"""),
                Is.EqualTo(new BusinessCardAttachment("""{"id":"42"}""")));
        });
    }

    [Test]
    public void Group_message_takes_group_id_from_recipient_group_id_then_recipient_id()
    {
        var withGroupId = (GroupMessageEvent)Parse("""
            {"event_name":"user_send_group_text","timestamp":"1","sender":{"id":"member"},"recipient":{"id":"oa","group_id":"g-1"},
             "message":{"msg_id":"m","text":"#thongke"}}
            """);
        var withId = (GroupMessageEvent)Parse("""
            {"event_name":"user_send_group_image","timestamp":"1","sender":{"id":"member"},"recipient":{"id":"g-2"},
             "message":{"msg_id":"m","attachments":[{"type":"image","payload":{"url":"https://i"}}]}}
            """);

        Assert.That((withGroupId.GroupId, withGroupId.SenderId, withGroupId.Message.Text), Is.EqualTo(("g-1", "member", "#thongke")));
        Assert.That((withId.GroupId, withId.Message.Kind), Is.EqualTo(("g-2", MessageKind.Image)));
        Assert.That(withId.ConversationKey, Is.EqualTo("group:g-2"));
    }

    [Test]
    public void Follow_and_unfollow_read_the_follower()
    {
        Assert.That(Parse("""{"event_name":"follow","timestamp":"1","oa_id":"oa","source":"oa_profile","follower":{"id":"u9"}}"""),
            Is.EqualTo(new FollowEvent("follow", "1", "u9", "oa_profile")));
        Assert.That(Parse("""{"event_name":"unfollow","timestamp":"1","oa_id":"oa","follower":{"id":"u9"}}"""),
            Is.EqualTo(new UnfollowEvent("unfollow", "1", "u9")));
    }

    [Test]
    public void Submit_info_reads_both_documented_shapes()
    {
        var flat = (UserSubmitInfoEvent)Parse("""
            {"event_name":"user_submit_info","timestamp":"1","sender":{"id":"u1"},"recipient":{"id":"oa"},
             "info":{"name":"Lê Thị Hoa","phone":"84912345678","address":"Thôn 1","city":"Quảng Trị","district":"","ward":"Cam Lộ"}}
            """);
        var nested = (UserSubmitInfoEvent)Parse("""
            {"event_name":"user_submit_info","timestamp":"1","sender":{"id":"u1"},
             "info":{"name":"Hồ Văn Nam","phone":"84987654321","user_dob":"01/02/1960","gender":"male",
                     "full_address":{"user_city":"Quảng Trị","user_ward":"Hướng Phùng","user_address":"Bản Cheng"}}}
            """);

        Assert.That(flat.Info, Is.EqualTo(new SubmittedInfo("Lê Thị Hoa", "84912345678", "Thôn 1", "Cam Lộ", null, "Quảng Trị", null, null)));
        Assert.That(nested.Info, Is.EqualTo(new SubmittedInfo("Hồ Văn Nam", "84987654321", "Bản Cheng", "Hướng Phùng", null, "Quảng Trị", "01/02/1960", "male")));
    }

    [Test]
    public void Receipts_take_a_single_id_or_a_list()
    {
        var received = (MessageReceiptEvent)Parse("""
            {"event_name":"user_received_message","timestamp":"1","sender":{"id":"oa"},"recipient":{"id":"u1"},"message":{"msg_id":"out-1"}}
            """);
        var seen = (MessageReceiptEvent)Parse("""
            {"event_name":"user_seen_message","timestamp":"1","sender":{"id":"oa"},"recipient":{"id":"u1"},"message":{"msg_ids":["out-1","out-2"]}}
            """);

        Assert.That((received.UserId, received.Seen, received.MsgIds), Is.EqualTo(("u1", false, (IReadOnlyList<string>)["out-1"])).Using(new EventComparer()));
        Assert.That(seen.MsgIds, Is.EqualTo(new[] { "out-1", "out-2" }));
        Assert.That(seen.Seen, Is.True);
    }

    [TestCase("oa_send_text")]
    [TestCase("oa_send_group_text")]
    [TestCase("oa_send_list")]
    [TestCase("oa_send_anonymous_image")]
    public void Oa_messages_are_echoes(string name)
    {
        var e = Parse($$$"""{"event_name":"{{{name}}}","timestamp":"1","sender":{"id":"oa"},"recipient":{"id":"u1"},"message":{"msg_id":"x"}}""");

        Assert.That(e, Is.EqualTo(new OaEchoEvent(name, "1", "u1", "x")));
    }

    [Test]
    public void Anonymous_message_carries_its_conversation()
    {
        var e = (AnonymousMessageEvent)Parse("""
            {"event_name":"anonymous_send_text","timestamp":"1","sender":{"id":"anon-1"},"conversation_id":"conv-7",
             "message":{"msg_id":"m","text":"hỏi"}}
            """);

        Assert.That((e.AnonymousId, e.ConversationId, e.ConversationKey), Is.EqualTo(("anon-1", "conv-7", "anonymous:conv-7")));
    }

    [TestCase("""{"event_name":"user_click_chatnow","timestamp":"1","user_id":"u1"}""", "user_click_chatnow")]
    [TestCase("""{"event_name":"create_group","timestamp":"1"}""", "create_group")]
    [TestCase("""{"event_name":"user_send_text","timestamp":"1","message":{"msg_id":"m","text":"no sender"}}""", "user_send_text")]
    [TestCase("""{"event_name":"user_send_text","timestamp":"1","sender":{"id":"u"}}""", "user_send_text")]
    [TestCase("""{"event_name":"follow","timestamp":"1"}""", "follow")]
    [TestCase("""{"timestamp":"1"}""", "")]
    [TestCase("""{"event_name":"user_seen_message","sender":{"id":"oa"},"recipient":{"id":"u1"},"message":{}}""", "user_seen_message")]
    public void Unknown_names_and_events_missing_required_ids_become_unknown_without_throwing(string json, string name)
    {
        Assert.That(Parse(json), Is.TypeOf<UnknownEvent>().And.Property(nameof(ZaloEvent.EventName)).EqualTo(name));
    }

    /// <summary>Compares records by their JSON, so lists inside them compare by content.</summary>
    private sealed class EventComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => JsonSerializer.Serialize(x) == JsonSerializer.Serialize(y);

        public int GetHashCode(object obj) => JsonSerializer.Serialize(obj).GetHashCode(StringComparison.Ordinal);
    }
}
