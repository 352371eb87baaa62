using ZaloBot.Messaging;
using ZaloBot.Routing;
using ZaloBot.TeamChat;

namespace ZaloBot.Tests.Routing;

/// <summary>The routing table: for each kind of event, who owns it. The text is read for a command the way the router reads it.</summary>
public sealed class EventRouterTests
{
    private static readonly Conversation Resident = Conversation.User(ChannelId.ZaloOa, "6142494823000000001");
    private static readonly Conversation Group = Conversation.Group(ChannelId.ZaloOa, "group-tan-lap");

    private static IncomingMessage OneToOne(IncomingKind kind, string? text = null) => new("user_send_text", kind, Resident, Resident.Id, "m1", text);

    private static IncomingMessage InGroup(IncomingKind kind, string? text = null) => new("user_send_group_text", kind, Group, "8302", "m1", text);

    private static TestCaseData Row(ChannelEvent channelEvent, bool senderIsMember, EventOwner owner, string name) =>
        new TestCaseData(channelEvent, senderIsMember, owner).SetArgDisplayNames(name);

    public static IEnumerable<TestCaseData> Table()
    {
        yield return Row(new OwnMessageEcho("oa_send_text"), false, EventOwner.Nobody, "the OA's own message echoed");
        yield return Row(new DeliveryReceipt("user_seen_message", ["m9"], Seen: true), false, EventOwner.Nobody, "a read receipt");
        yield return Row(new UnsupportedEvent("anonymous_send_text"), false, EventOwner.Nobody, "an anonymous visitor");
        yield return Row(OneToOne(IncomingKind.Unfollow), false, EventOwner.Nobody, "an unfollow");

        yield return Row(InGroup(IncomingKind.Text, "#hotro Nguyễn Văn An | Thôn Tân Lập | cài VNeID"), false, EventOwner.TeamCommands, "group: a report");
        yield return Row(InGroup(IncomingKind.Text, "#nhan YC-0001"), false, EventOwner.TeamCommands, "group: #nhan");
        yield return Row(InGroup(IncomingKind.Text, "#xong yc-1 | đã cài xong"), false, EventOwner.TeamCommands, "group: #xong");
        yield return Row(InGroup(IncomingKind.Text, "#nhan"), false, EventOwner.TeamCommands, "group: #nhan without a code");
        yield return Row(InGroup(IncomingKind.Text, "#thongkee"), false, EventOwner.TeamCommands, "group: a typo near a command");
        yield return Row(InGroup(IncomingKind.Text, "＃ketnoi QT7K2M"), false, EventOwner.TeamCommands, "group: full-width hash");
        yield return Row(InGroup(IncomingKind.Text, "Chiều nay tổ họp nhé"), true, EventOwner.Nobody, "group: chatter");
        yield return Row(InGroup(IncomingKind.Text, "#chuyendoiso"), true, EventOwner.Nobody, "group: a hashtag near no command");
        yield return Row(InGroup(IncomingKind.NonText), true, EventOwner.Nobody, "group: a photo");

        yield return Row(OneToOne(IncomingKind.Text, "#thongke"), true, EventOwner.TeamCommands, "1:1: a member's command");
        yield return Row(OneToOne(IncomingKind.Text, "#xong YC-0001"), true, EventOwner.TeamCommands, "1:1: a member's #xong");
        yield return Row(OneToOne(IncomingKind.Text, "#dangky Ai Đó | 0911 111 111"), false, EventOwner.TeamCommands, "1:1: #dangky from someone in no team");
        yield return Row(OneToOne(IncomingKind.Text, "＃ketnoi QT7K2M"), false, EventOwner.TeamCommands, "1:1: full-width #ketnoi from someone in no team");
        yield return Row(OneToOne(IncomingKind.Text, "#xác nhận 482913"), false, EventOwner.TeamCommands, "1:1: #xacnhan from someone this channel does not know");
        yield return Row(OneToOne(IncomingKind.Text, "#xacnhan"), false, EventOwner.TeamCommands, "1:1: a malformed #xacnhan, answered with its usage");
        yield return Row(OneToOne(IncomingKind.Text, "#thongke"), false, EventOwner.Nobody, "1:1: a command from someone in no team");
        yield return Row(OneToOne(IncomingKind.Text, "/help"), false, EventOwner.Nobody, "1:1: a slash word from someone in no team");
        yield return Row(OneToOne(IncomingKind.Text, "#vneid"), true, EventOwner.Nobody, "1:1: a member's hashtag");

        yield return Row(OneToOne(IncomingKind.Text, "vneid"), false, EventOwner.ResidentConversation, "1:1: a resident's question");
        yield return Row(OneToOne(IncomingKind.Text, "khai sinh"), true, EventOwner.ResidentConversation, "1:1: a member asking as a resident");
        yield return Row(OneToOne(IncomingKind.Text, "2"), false, EventOwner.ResidentConversation, "1:1: a typed number");
        yield return Row(OneToOne(IncomingKind.Choice) with { Choice = "m" }, false, EventOwner.ResidentConversation, "1:1: a chosen choice");
        yield return Row(OneToOne(IncomingKind.StaleChoice), false, EventOwner.ResidentConversation, "1:1: a stale choice");
        yield return Row(OneToOne(IncomingKind.NonText), false, EventOwner.ResidentConversation, "1:1: a sticker");
        yield return Row(OneToOne(IncomingKind.Follow), false, EventOwner.ResidentConversation, "1:1: a follow");
        yield return Row(OneToOne(IncomingKind.ContactShared) with { Contact = new SharedContact("Lê Thị Hoa", "84912000111") }, false,
            EventOwner.ResidentConversation, "1:1: shared contact");
    }

    [TestCaseSource(nameof(Table))]
    public void Each_event_has_the_owner_the_table_names(ChannelEvent channelEvent, bool senderIsMember, EventOwner owner)
    {
        var command = channelEvent is IncomingMessage { Kind: IncomingKind.Text, Text: { } text } ? CommandParser.Parse(text) : NotACommand.Instance;

        Assert.That(EventRouter.Decide(channelEvent, command, senderIsMember), Is.EqualTo(owner));
    }
}
