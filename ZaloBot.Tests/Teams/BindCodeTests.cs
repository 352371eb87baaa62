using ZaloBot.Teams;

namespace ZaloBot.Tests.Teams;

public class BindCodeTests
{
    [TestCase("QT7K2M", "QT7K2M")]
    [TestCase("qt7k2m", "QT7K2M")]
    [TestCase("qt-7k2m", "QT7K2M")]
    [TestCase(" QT_7K2M ", "QT7K2M")]
    public void Normalize_gives_one_canonical_form(string input, string expected)
    {
        Assert.That(BindCode.Normalize(input), Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("AB")]
    [TestCase("QT7K2M!")]
    [TestCase("QT 7K2M")]
    [TestCase("ABCDEFGHIJKLMNOPQ")]
    public void Normalize_refuses_what_cannot_be_a_code(string? input)
    {
        Assert.That(BindCode.Normalize(input), Is.Null);
    }
}
