using System.Text;
using ZaloBot.TeamChat;
using ZaloBot.Teams;

namespace ZaloBot.Tests.TeamChat;

public class CommandParserTests
{
    private static IEnumerable<TestCaseData> MalformedCases()
    {
        yield return new TestCaseData("#dangky Nguyễn Văn An", CommandKind.Register, "Thiếu số điện thoại");
        yield return new TestCaseData("#dangky 0912345678", CommandKind.Register, "Thiếu họ tên");
        yield return new TestCaseData("#dangky", CommandKind.Register, "Thiếu họ tên và số điện thoại");
        yield return new TestCaseData("#dangky Nguyễn Văn An | 091234567", CommandKind.Register, "Số điện thoại “091234567” chưa đúng");
        yield return new TestCaseData("#dangky Nguyễn Văn An | 0233 3852 123", CommandKind.Register, "chưa đúng");
        yield return new TestCaseData("#dangky Nguyễn Văn An 091234567", CommandKind.Register, "Số điện thoại chưa đúng");
        yield return new TestCaseData("#dangky Nguyễn Văn An | 0912345678 | Thôn Tân Lập", CommandKind.Register, "Chỉ cần họ tên và số điện thoại");
        yield return new TestCaseData("#dangky tên: An | tên: Bình | sđt: 0912345678", CommandKind.Register, "một người");
        yield return new TestCaseData("#hotro", CommandKind.ReportAssist, "Thiếu tên chủ hộ");
        yield return new TestCaseData("#hotro Nguyễn Văn An", CommandKind.ReportAssist, "Thiếu thôn hoặc địa chỉ");
        yield return new TestCaseData("#ht Nguyễn Văn An | Thôn Tân Lập", CommandKind.ReportAssist, "Thiếu nội dung đã hỗ trợ");
        yield return new TestCaseData("#hotro thôn: Tân Lập | hỗ trợ: cài VNeID", CommandKind.ReportAssist, "Thiếu tên chủ hộ");
        yield return new TestCaseData("#hotro chủ hộ: An | chủ hộ: Bình | Thôn 3 | cài VNeID", CommandKind.ReportAssist, "một hộ");
        yield return new TestCaseData("#hotro 123 | Thôn 3 | cài VNeID", CommandKind.ReportAssist, "Tên chủ hộ “123” chưa đúng");
        yield return new TestCaseData("#sua", CommandKind.CorrectReport, "Thiếu mã báo cáo");
        yield return new TestCaseData("#sua thôn: Tân Lập", CommandKind.CorrectReport, "Thiếu mã báo cáo");
        yield return new TestCaseData("#sua HT-0012", CommandKind.CorrectReport, "Chưa có nội dung cần sửa cho HT-0012");
        yield return new TestCaseData("#sua Nguyễn Văn An | Thôn 3", CommandKind.CorrectReport, "Mã “Nguyễn” chưa đúng");
        yield return new TestCaseData("#huy", CommandKind.CancelReport, "Thiếu mã báo cáo");
        yield return new TestCaseData("#huy YC-0001", CommandKind.CancelReport, "Mã “YC-0001” chưa đúng; mã có dạng HT-0001");
        yield return new TestCaseData("#thongke hôm qua", CommandKind.Stats, "Chưa hiểu “hôm qua”");
        yield return new TestCaseData("#xoa", CommandKind.RemoveMember, "Thiếu họ tên hoặc số điện thoại");
        yield return new TestCaseData("#xoa 091234", CommandKind.RemoveMember, "Số điện thoại “091234” chưa đúng");
        yield return new TestCaseData("#vaitro Trần Thị Bình", CommandKind.SetRole, "Thiếu vai trò");
        yield return new TestCaseData("#vaitro Trần Thị Bình | trưởng nhóm", CommandKind.SetRole, "Chưa hiểu vai trò “trưởng nhóm”");
        yield return new TestCaseData("#vaitro tổ phó", CommandKind.SetRole, "Thiếu họ tên hoặc số điện thoại");
        yield return new TestCaseData("#ketnoi", CommandKind.Bind, "Thiếu mã kết nối");
        yield return new TestCaseData("#ketnoi AB", CommandKind.Bind, "Mã kết nối “AB” chưa đúng");
        yield return new TestCaseData("#nhan", CommandKind.ClaimRequest, "Thiếu mã yêu cầu");
        yield return new TestCaseData("#nhan HT-0001", CommandKind.ClaimRequest, "mã có dạng YC-0001");
        yield return new TestCaseData("#xong", CommandKind.CompleteRequest, "Thiếu mã yêu cầu");
        yield return new TestCaseData("#xacnhan", CommandKind.ConfirmLink, "Thiếu mã xác nhận");
        yield return new TestCaseData("#xacnhan 48291", CommandKind.ConfirmLink, "Mã “48291” chưa đúng: mã xác nhận gồm 6 chữ số");
        yield return new TestCaseData("#xác nhận 4829135", CommandKind.ConfirmLink, "gồm 6 chữ số");
        yield return new TestCaseData("#xacnhan abc123", CommandKind.ConfirmLink, "gồm 6 chữ số");
    }

    [TestCaseSource(nameof(MalformedCases))]
    public void Parse_reports_missing_or_wrong_fields_with_usage_and_example(string input, CommandKind command, string problem)
    {
        var result = CommandParser.Parse(input);

        Assert.That(result, Is.TypeOf<MalformedCommand>());
        var malformed = (MalformedCommand)result;
        Assert.That(malformed.Command, Is.EqualTo(command));
        Assert.That(malformed.Problem, Does.Contain(problem));
        Assert.That(malformed.Usage, Is.EqualTo(CommandHelp.Usage(command)));
        Assert.That(malformed.Example, Is.EqualTo(CommandHelp.Example(command)));
    }

    [TestCase("#dangky Nguyễn Văn An | 0912345678 | CCCD 038123456789", CommandKind.Register)]
    [TestCase("#hotro Nguyễn Văn An | Thôn Tân Lập | kích hoạt VNeID, số căn cước 038 123 456 789", CommandKind.ReportAssist)]
    [TestCase("#ht Nguyễn Văn An | cccd: 0381.2345.6789 | Thôn 3 | cài VNeID", CommandKind.ReportAssist)]
    [TestCase("#xong YC-0007 | đã làm căn cước 038123456789 cho bà", CommandKind.CompleteRequest)]
    [TestCase("#xoa 038123456789", CommandKind.RemoveMember)]
    public void Parse_refuses_a_command_carrying_a_citizen_id_number(string input, CommandKind command)
    {
        var result = CommandParser.Parse(input);

        Assert.That(result, Is.EqualTo(new MalformedCommand(
            command, CommandParser.CitizenIdProblem, CommandHelp.Usage(command), CommandHelp.Example(command))));
        Assert.That(CommandParser.CitizenIdProblem, Does.Contain("CCCD").And.Contain("không được lưu"));
    }

    [Test]
    public void A_citizen_id_refusal_never_echoes_the_number()
    {
        var result = (MalformedCommand)CommandParser.Parse("#dangky Nguyễn Văn An | 038123456789");

        Assert.That(CommandHelp.Reply(result), Does.Not.Contain("038123456789"));
    }

    [TestCase("#dangki", CommandKind.Register)]
    [TestCase("#đăng kí", CommandKind.Register)]
    [TestCase("#dangkyy", CommandKind.Register)]
    [TestCase("#thongkee", CommandKind.Stats)]
    [TestCase("#thongek", CommandKind.Stats)]
    [TestCase("#hotroo", CommandKind.ReportAssist)]
    [TestCase("#thanhvin", CommandKind.ListMembers)]
    [TestCase("#huongdn", CommandKind.Help)]
    [TestCase("#hlep", CommandKind.Help)]
    [TestCase("#ketnoii", CommandKind.Bind)]
    [TestCase("#vaitroo", CommandKind.SetRole)]
    [TestCase("/xoaa", CommandKind.RemoveMember)]
    public void Parse_suggests_the_nearest_command_for_a_typo(string input, CommandKind suggestion)
    {
        var result = CommandParser.Parse(input);

        Assert.That(result, Is.TypeOf<UnknownCommand>());
        Assert.That(((UnknownCommand)result).Suggestion, Is.EqualTo(suggestion));
    }

    [TestCase("#ok")]
    [TestCase("#chuyendoiso")]
    [TestCase("#quangtri")]
    public void Parse_suggests_nothing_when_no_command_is_close(string input)
    {
        var result = CommandParser.Parse(input);

        Assert.That(result, Is.TypeOf<UnknownCommand>());
        Assert.That(((UnknownCommand)result).Suggestion, Is.Null);
    }

    [Test]
    public void Parse_gives_the_same_result_for_NFC_and_NFD_input()
    {
        const string line = "#hỗ trợ Lê Thị Hoa | Thôn Tân Lập | đăng ký học Bình dân học vụ số, nộp học phí";

        var nfc = CommandParser.Parse(line.Normalize(NormalizationForm.FormC));
        var nfd = CommandParser.Parse(line.Normalize(NormalizationForm.FormD));

        Assert.That(nfd, Is.EqualTo(nfc));
        Assert.That(nfc, Is.TypeOf<ReportAssistCommand>());
    }

    [Test]
    public void Parse_returns_text_in_NFC_whatever_the_input_form()
    {
        var result = (ReportAssistCommand)CommandParser.Parse(
            "#hotro Nguyễn Văn Ân | Thôn Tân Lập | cài VNeID".Normalize(NormalizationForm.FormD));

        Assert.That(result.HeadOfHousehold.IsNormalized(NormalizationForm.FormC), Is.True);
        Assert.That(result.Village.IsNormalized(NormalizationForm.FormC), Is.True);
        Assert.That(result.WhatWasDone.IsNormalized(NormalizationForm.FormC), Is.True);
    }

    [Test]
    public void Reports_compare_by_value_including_their_categories()
    {
        var report = new ReportAssistCommand("An", "Thôn 3", "cài VNeID", [AssistCategory.ElectronicId]);

        Assert.That(report, Is.EqualTo(new ReportAssistCommand("An", "Thôn 3", "cài VNeID", [AssistCategory.ElectronicId])));
        Assert.That(report, Is.Not.EqualTo(new ReportAssistCommand("An", "Thôn 3", "cài VNeID", [AssistCategory.Other])));
        Assert.That(report.GetHashCode(),
            Is.EqualTo(new ReportAssistCommand("An", "Thôn 3", "cài VNeID", [AssistCategory.ElectronicId]).GetHashCode()));
        Assert.That(new CorrectReportCommand("HT-0001", null, "Thôn 3", null, null),
            Is.Not.EqualTo(new CorrectReportCommand("HT-0001", null, "Thôn 3", null, [AssistCategory.Other])));
    }

    [Test]
    public void Parse_of_null_is_not_a_command()
    {
        Assert.That(CommandParser.Parse(null), Is.SameAs(NotACommand.Instance));
    }

    [Test]
    public void Every_command_can_be_typed_with_a_slash_as_well_as_a_hash()
    {
        foreach (var kind in CommandHelp.Commands)
        {
            var example = CommandHelp.Example(kind);
            var viaHash = CommandParser.Parse(example);
            var viaSlash = CommandParser.Parse("/" + example[1..]);

            Assert.That(viaSlash, Is.EqualTo(viaHash), example);
        }
    }
}
