using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZaloBot.Channels;
using ZaloBot.Guides;
using ZaloBot.Messaging;
using ZaloBot.Sandbox;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Channels;

/// <summary>
/// The OA adapter: what only it knows (buttons and their signed payloads, numbered lines in groups, mentions, Zalo's
/// refusals of button messages), through its own methods over a migrated database, and end to end against the Zalo
/// emulator.
/// </summary>
public sealed class ZaloOaChannelTests
{
    private static readonly Conversation Resident = Conversation.User(ChannelId.ZaloOa, "6142494823000000091");
    private static readonly Conversation Group = Conversation.Group(ChannelId.ZaloOa, "group-tan-lap");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(RenderedMessage Rendered, ButtonPayloads Payloads)> RenderAsync(Conversation to, BotMessage message)
    {
        var db = await MigratedDb.CreateAsync();
        await using var connection = await db.OpenAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var key = new ButtonKey();
        var channel = new ZaloOaChannel(new NoZaloClient(), key, NullLogger<ZaloOaChannel>.Instance);
        var rendered = await channel.RenderAsync(to, message, connection, transaction, Now, maxParts: 4);
        return (rendered, await key.PayloadsAsync(connection, transaction, Now));
    }

    [Test]
    public async Task One_to_one_choices_are_buttons_whose_payload_is_signed_for_that_resident()
    {
        var (rendered, payloads) = await RenderAsync(Resident, BotMessage.WithChoices("Bà con chọn:", new Choice("Bắt đầu", "s/vneid/cai-app"), GuideChoices.Menu));

        var sent = rendered.Parts.Single();
        Assert.That(sent.Text, Is.EqualTo("Bà con chọn:"));
        Assert.That(sent.Buttons.Select(b => (b.Title, b.ButtonType)), Is.EqualTo(new[]
        {
            ("Bắt đầu", ZaloButtonTypes.QueryHide), (GuideTexts.MenuButton, ZaloButtonTypes.QueryHide),
        }));
        Assert.That(payloads.TryVerify(Resident.Id, sent.Buttons[0].Payload, out var action), Is.True);
        Assert.That(action, Is.EqualTo("s/vneid/cai-app"));
        Assert.That(payloads.TryVerify("6142494823000000092", sent.Buttons[0].Payload, out _), Is.False, "another resident cannot use it");
    }

    [Test]
    public async Task In_a_group_choices_are_numbered_lines_after_the_text_and_the_addressee_is_mentioned()
    {
        var message = BotMessage.WithChoices("Chọn thôn:", new Choice("Thôn Tân Lập", "a"), new Choice("Thôn Tân Hòa", "b")) with { Addressee = "8302" };

        var (rendered, _) = await RenderAsync(Group, message);

        var sent = rendered.Parts.Single();
        Assert.That(sent.Text, Is.EqualTo("[@8302] Chọn thôn:\n\n1. Thôn Tân Lập\n2. Thôn Tân Hòa"));
        Assert.That(sent.Buttons, Is.Empty);
    }

    [Test]
    public async Task Choices_the_text_already_numbers_are_not_numbered_again_and_the_others_continue_its_list()
    {
        var message = BotMessage.WithChoices("Bà con ở thôn nào?\n\n1. Thôn Tân Hòa\n2. Thôn Tân Lập",
            new Choice("Thôn Tân Hòa", "a"), new Choice("Thôn Tân Lập", "b"), new Choice("Không có ở đây", "c")) with { ChoicesNumberedInText = 2 };

        var (rendered, _) = await RenderAsync(Group, message);

        Assert.That(rendered.Parts.Single().Text, Is.EqualTo("Bà con ở thôn nào?\n\n1. Thôn Tân Hòa\n2. Thôn Tân Lập\n3. Không có ở đây"));
    }

    [Test]
    public async Task A_one_to_one_addressee_is_not_mentioned()
    {
        var (rendered, _) = await RenderAsync(Resident, BotMessage.Say("Đã ghi.") with { Addressee = Resident.Id });

        Assert.That(rendered.Parts.Single().Text, Is.EqualTo("Đã ghi."));
    }

    [Test]
    public async Task A_button_message_Zalo_refuses_as_invalid_arrives_at_once_as_numbered_lines_and_its_shape_stays_numbered()
    {
        var log = new LogRecorder();
        await using var app = new TestApp(TestApp.NewDatabasePath(), log.AddTo);
        using var client = app.CreateClient();
        var phone = new ResidentPhone(app, client);
        const string User = "6142494823000000093";
        app.Emulator.Inject(ZaloFault.Error(ZaloErrorCodes.InvalidParameter, "Tham số attachment không hợp lệ"), ZaloEmulatorPaths.CsMessage);

        var first = await phone.SendAsync(User, "vneid");

        var calls = app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage);
        Assert.That(calls, Has.Count.EqualTo(2), "refused once, then sent again at once");
        Assert.That(calls[0].Fault, Is.Not.Null);
        Assert.That(calls[0].Body?["message"]?["attachment"], Is.Not.Null, "the first try had buttons");
        Assert.That(calls[1].Body?["message"]?["attachment"], Is.Null, "the second is text only");
        Assert.That(first.Buttons, Is.Empty);
        Assert.That(first.Text, Does.Contain("Bà con cần chuẩn bị:").And.Contain("\n\n1. " + GuideTexts.StartButton + "\n2. "));
        await Eventually.UntilAsync(async () => await app.QueryScalarAsync<string>("SELECT status FROM outbox_messages") == OutboxStatus.Sent,
            "the refused message counts as sent, not failed");
        var warnings = log.Lines.Where(l => l.Level == LogLevel.Warning && l.Category == typeof(ZaloOaChannel).FullName).Select(l => l.Message).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.Contain("-201").And.Contain("Tham số attachment không hợp lệ"));

        var again = await phone.SendAsync(User, "vneid");
        Assert.That(app.Emulator.CallsTo(ZaloEmulatorPaths.CsMessage), Has.Count.EqualTo(3), "the same shape goes as numbered lines without asking Zalo first");
        Assert.That(again.Buttons, Is.Empty);
        Assert.That(again.Text, Is.EqualTo(first.Text));
        Assert.That(log.Lines.Count(l => l.Level == LogLevel.Warning && l.Category == typeof(ZaloOaChannel).FullName), Is.EqualTo(1), "one warning per shape");

        var chosen = await phone.SendAsync(User, "1");
        Assert.That(chosen.Text, Does.StartWith("Bước 1: Cài ứng dụng VNeID"), "a typed number chooses");
    }

    [Test]
    public async Task Mentions_are_taken_out_of_a_group_message_before_its_command_is_read()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        using var client = app.CreateClient();
        var chat = new TeamChatDriver(app, client);

        var reply = await chat.AskGroupAsync(SandboxSeed.DemoGroupId, "8310", "[@186729651760683225] #dangky Nguyễn Văn An [@all] | 0912 345 678");

        Assert.That(reply, Does.StartWith("[@8310] Chào Nguyễn Văn An, bạn đã vào"));
        Assert.That(await app.QueryScalarAsync<string>("SELECT full_name FROM team_members WHERE zalo_user_id = '8310'"), Is.EqualTo("Nguyễn Văn An"));
    }
}
