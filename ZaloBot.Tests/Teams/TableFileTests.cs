using ZaloBot.Teams;

namespace ZaloBot.Tests.Teams;

public sealed class TableFileTests
{
    [Test]
    public void Quoted_fields_keep_separators_quotes_and_line_breaks_and_lines_are_counted_as_in_an_editor()
    {
        const string text = "\uFEFF# mẫu\r\ncode,name\r\nA,\"Thôn Tân Lập, xã Tân Lập\"\r\n\r\nB,\"Bản \"\"Cù Bai\"\"\nhai dòng\"\nC,Tổ 3\n";

        var records = TableFile.ReadCsv(text).ToList();

        Assert.That(records.Select(r => r.Line), Is.EqualTo(new[] { 2, 3, 5, 7 }));
        Assert.That(records[1].Fields, Is.EqualTo(new[] { "A", "Thôn Tân Lập, xã Tân Lập" }));
        Assert.That(records[2].Fields, Is.EqualTo(new[] { "B", "Bản \"Cù Bai\"\nhai dòng" }));
        Assert.That(records[3].Fields, Is.EqualTo(new[] { "C", "Tổ 3" }));
    }

    [TestCase("code;name\nA;Xã A, cũ\n", "Xã A, cũ")]
    [TestCase("code\tname\nA\tXã A; cũ\n", "Xã A; cũ")]
    [TestCase("\"code\",\"name\"\nA,Xã A; cũ\n", "Xã A; cũ")]
    public void The_separator_is_taken_from_the_header(string text, string name)
    {
        Assert.That(TableFile.ReadCsv(text).Last().Fields, Is.EqualTo(new[] { "A", name }));
    }
}
