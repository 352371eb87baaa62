using ZaloBot.Teams;

namespace ZaloBot.Tests.Teams;

public class ShortCodeTests
{
    [TestCase("HT-0001", 1)]
    [TestCase("ht-1", 1)]
    [TestCase("HT1", 1)]
    [TestCase("ht 0001", 1)]
    [TestCase("Ht_12", 12)]
    [TestCase("HT.0012", 12)]
    [TestCase("  HT-0012  ", 12)]
    [TestCase("12", 12)]
    [TestCase("HT-12345", 12345)]
    public void Parse_reads_a_report_code_however_it_is_typed(string text, int expected)
    {
        Assert.That(ShortCode.Parse(text, ShortCode.ReportPrefix), Is.EqualTo(expected));
    }

    [TestCase("YC-0001")]
    [TestCase("HT-0")]
    [TestCase("HT-")]
    [TestCase("HTX1")]
    [TestCase("HT-1a")]
    [TestCase("HT-0012 thêm")]
    [TestCase("0912345678")]
    [TestCase("")]
    public void Parse_refuses_other_codes_and_extra_text(string text)
    {
        Assert.That(ShortCode.Parse(text, ShortCode.ReportPrefix), Is.Null);
    }

    [Test]
    public void Parse_reads_request_codes_with_their_own_prefix()
    {
        Assert.That(ShortCode.Parse("yc 7", ShortCode.RequestPrefix), Is.EqualTo(7));
    }

    [Test]
    public void TryParseLeading_says_where_the_code_ends()
    {
        const string text = "HT-12 Nguyễn Văn An";

        var found = ShortCode.TryParseLeading(text, ShortCode.ReportPrefix, out var number, out var length);

        Assert.That(found, Is.True);
        Assert.That(number, Is.EqualTo(12));
        Assert.That(text[length..], Is.EqualTo(" Nguyễn Văn An"));
    }

    [TestCase("HT", 1, "HT-0001")]
    [TestCase("YC", 42, "YC-0042")]
    [TestCase("HT", 12345, "HT-12345")]
    public void Format_pads_to_four_digits(string prefix, int number, string expected)
    {
        Assert.That(ShortCode.Format(prefix, number), Is.EqualTo(expected));
    }
}
