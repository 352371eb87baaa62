using ZaloBot.TeamChat;

namespace ZaloBot.Tests.TeamChat;

public class CommandHelpTests
{
    private static CommandKind[] AllCommands() => Enum.GetValues<CommandKind>();

    [TestCaseSource(nameof(AllCommands))]
    public void Every_example_parses_to_its_own_command(CommandKind kind)
    {
        var result = CommandParser.Parse(CommandHelp.Example(kind));

        Assert.That(result, Is.InstanceOf<ChatCommand>());
        Assert.That(((ChatCommand)result).Kind, Is.EqualTo(kind));
    }

    [TestCaseSource(nameof(AllCommands))]
    public void Every_usage_starts_with_the_keyword(CommandKind kind)
    {
        Assert.That(CommandHelp.Usage(kind), Does.StartWith(CommandHelp.Keyword(kind)));
        Assert.That(CommandHelp.Example(kind), Does.StartWith(CommandHelp.Keyword(kind)));
    }

    [TestCaseSource(nameof(AllCommands))]
    public void Every_alias_is_understood_as_its_command(CommandKind kind)
    {
        foreach (var alias in CommandHelp.Aliases(kind).Append(CommandHelp.Keyword(kind)))
        {
            var example = CommandHelp.Example(kind);
            var withAlias = alias + example[CommandHelp.Keyword(kind).Length..];

            Assert.That(CommandParser.Parse(withAlias), Is.EqualTo(CommandParser.Parse(example)), withAlias);
        }
    }

    [Test]
    public void Overview_lists_every_command_with_its_example()
    {
        var overview = CommandHelp.Overview;

        Assert.That(CommandHelp.Commands, Is.EquivalentTo(AllCommands()));
        foreach (var kind in CommandHelp.Commands)
        {
            Assert.That(overview, Does.Contain(CommandHelp.Keyword(kind)));
            Assert.That(overview, Does.Contain(CommandHelp.Example(kind)));
        }
    }

    [Test]
    public void Overview_mentions_aliases_and_the_privacy_rule()
    {
        Assert.That(CommandHelp.Overview, Does.Contain("#dangky (#dk)").And.Contain("#huongdan (#hd, #help, #?)").And.Contain("CCCD"));
    }

    [Test]
    public void Overview_stays_short_enough_for_one_phone_message()
    {
        Assert.That(CommandHelp.Overview, Has.Length.LessThan(2000));
    }

    [Test]
    public void Topic_gives_purpose_usage_and_example()
    {
        Assert.That(CommandHelp.Topic(CommandKind.ReportAssist), Is.EqualTo(
            "#hotro (#ht): báo một hộ đã được hỗ trợ\n"
            + "Cách gõ: #hotro <chủ hộ> | <thôn hoặc địa chỉ> | <đã hỗ trợ gì>\n"
            + "Ví dụ: #hotro Nguyễn Văn An | Thôn Tân Lập | cài VNeID, kích hoạt định danh mức 2"));
    }

    [Test]
    public void Reply_to_a_malformed_command_gives_problem_usage_and_example()
    {
        var malformed = (MalformedCommand)CommandParser.Parse("#dangky Nguyễn Văn An");

        Assert.That(CommandHelp.Reply(malformed), Is.EqualTo(
            "Thiếu số điện thoại.\n"
            + "Cách gõ: #dangky <họ tên> | <số điện thoại>\n"
            + "Ví dụ: #dangky Nguyễn Văn An | 0912 345 678"));
    }

    [Test]
    public void Reply_to_a_typo_asks_whether_the_nearest_command_was_meant()
    {
        var unknown = (UnknownCommand)CommandParser.Parse("#dangki Nguyễn Văn An | 0912345678");

        Assert.That(CommandHelp.Reply(unknown), Is.EqualTo(
            "Có phải bạn muốn #dangky?\n"
            + "Cách gõ: #dangky <họ tên> | <số điện thoại>\n"
            + "Gõ #huongdan để xem các lệnh."));
    }

    [Test]
    public void Reply_to_an_unknown_word_points_to_the_help()
    {
        Assert.That(CommandHelp.Reply(new UnknownCommand("abc", null)),
            Is.EqualTo("Không có lệnh “#abc”. Gõ #huongdan để xem các lệnh."));
    }
}
