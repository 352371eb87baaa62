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

    [Test]
    public void The_provinces_unit_list_is_read_after_its_attribution_comments_with_its_lines()
    {
        var records = TableFile.ReadCsv(ZaloBot.PastReports.DemoDataCommand.ProvinceUnitsCsv).ToList();

        Assert.That(records[0], Is.EqualTo(records[0] with { Line = 5 }).And.Property("Fields").EqualTo(new[] { "code", "level", "name", "parent_code", "former_names" }));
        Assert.That(records.Skip(1).Select(r => r.Fields[1]).Distinct(), Is.EqualTo(new[] { "province", "commune" }));
        Assert.That(records, Has.Count.EqualTo(1 + 1 + 78), "the province and its 78 commune-level units");
        Assert.That(records[2].Fields[4], Is.EqualTo("Phường Bắc Lý; Xã Lộc Ninh; Xã Quang Phú"), "a field with ';' inside a ',' file");
    }

    [Test]
    public async Task A_workbooks_first_sheet_is_read_row_by_row_with_its_row_numbers_and_dates()
    {
        var path = Path.Combine(Path.GetTempPath(), $"zalobot-table-{Guid.NewGuid():N}.xlsx");
        await MiniExcelLibs.MiniExcel.SaveAsAsync(path, new[]
        {
            new Dictionary<string, object?> { ["code"] = "A", ["on"] = new DateTime(2025, 3, 4), ["count"] = 12 },
            new Dictionary<string, object?> { ["code"] = null, ["on"] = null, ["count"] = null },
            new Dictionary<string, object?> { ["code"] = "B", ["on"] = "04/03/2025", ["count"] = 2.5 },
        });
        try
        {
            await using var file = File.OpenRead(path);
            var records = TableFile.Read(file, TableFormat.Xlsx).ToList();

            Assert.That(records.Select(r => r.Line), Is.EqualTo(new[] { 1, 2, 4 }), "the blank row is skipped, and counted");
            Assert.That(records[1].Fields, Is.EqualTo(new[] { "A", "2025-03-04", "12" }));
            Assert.That(records[2].Fields, Is.EqualTo(new[] { "B", "04/03/2025", "2.5" }));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
