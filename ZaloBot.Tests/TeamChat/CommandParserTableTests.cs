using System.Text;
using ZaloBot.TeamChat;
using ZaloBot.Teams;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.TeamChat;

/// <summary>
/// Real-looking lines as members type them on phones, each with the exact result it must give. NFD lines are
/// built with <see cref="Nfd"/>, since a source file holds composed text.
/// </summary>
public class CommandParserTableTests
{
    private const string Mention = "[@186729651760683225]";

    private static readonly RegisterCommand An = new("Nguyễn Văn An", "0912345678");

    private static string Nfd(string text) => text.Normalize(NormalizationForm.FormD);

    private static ReportAssistCommand Report(string head, string village, string what, params AssistCategory[] categories) =>
        new(head, village, what, categories);

    private static TestCaseData Case(string input, ParseResult expected, string name) =>
        new TestCaseData(input, expected).SetArgDisplayNames(name);

    public static IEnumerable<TestCaseData> Cases()
    {
        // #dangky: keyword forms
        yield return Case("#dangky Nguyễn Văn An | 0912345678", An, "register plain");
        yield return Case("#dang ky Nguyễn Văn An | 0912345678", An, "register keyword with a space");
        yield return Case("#Đăng ký Nguyễn Văn An | 0912 345 678", An, "register keyword with diacritics, grouped phone");
        yield return Case("#ĐĂNG KÝ Nguyễn Văn An | 0912.345.678", An, "register keyword in capitals, dotted phone");
        yield return Case("# dang ky Nguyễn Văn An | +84912345678", An, "register space after hash, +84 phone");
        yield return Case("#dk Nguyễn Văn An | 84912345678", An, "register alias, 84 phone");
        yield return Case("/dangky Nguyễn Văn An | 0912345678", An, "register slash prefix");
        yield return Case("/DK nguyễn văn an; 0912345678", An, "register slash alias, lower-case name, semicolon");
        yield return Case("#dangky\nNguyễn Văn An\n0912345678", An, "register fields on new lines");
        yield return Case(Nfd("#Đăng ký Nguyễn Văn An | 0912345678"), An, "register NFD");
        yield return Case(Nfd("#ĐĂNG KÝ NGUYỄN VĂN AN | 0912 345 678"), An, "register NFD capitals");
        yield return Case("#dang ky Nguyen Van An | 0912345678", new RegisterCommand("Nguyen Van An", "0912345678"), "register no diacritics");
        yield return Case("#dangky NGUYỄN VĂN AN | 0912345678", An, "register name in capitals");
        yield return Case("#dangky: Nguyễn Văn An | 0912345678", An, "register colon after keyword");
        yield return Case("#dk 0912-345-678 | Nguyễn Văn An", An, "register phone first");

        // #dangky: labels, spacing, noise
        yield return Case("#dangky sđt: 0912345678 | tên: Nguyễn Văn An", An, "register labels reversed");
        yield return Case("#dangky tên: Nguyễn Văn An sđt: 0912 345 678", An, "register two labels on one line");
        yield return Case("#dangky họ tên: Nguyễn Văn An; số điện thoại: 0912345678", An, "register long labels");
        yield return Case("#dangky Họ và tên: Nguyễn Văn An\nĐiện thoại: 0912345678", An, "register labels on lines");
        yield return Case("#dk sdt:0912345678 | ten:Nguyễn Văn An", An, "register folded labels without spaces");
        yield return Case("#dangky   Nguyễn   Văn An   |   0912345678  ", An, "register extra spaces");
        yield return Case(Mention + " #dangky Nguyễn Văn An | 0912345678", An, "register after a mention");
        yield return Case("#dangky Nguyễn Văn An " + Mention + " | 0912345678", An, "register mention inside");
        yield return Case("#dangky Nguyễn Văn An 0912345678", An, "register without separator");
        yield return Case("#dangky Nguyễn Văn An sđt 0912 345 678", An, "register label word without colon");
        yield return Case("#dk 0912345678 Nguyễn Văn An", An, "register phone then name without separator");
        yield return Case("  #dangky Nguyễn Văn An | 0912345678\n", An, "register leading and trailing whitespace");
        yield return Case("#dangky Nguyễn\u200B Văn An | 0912345678", An, "register zero-width space");
        yield return Case(Nfd("#dangky Hồ Thị Thu Hà | 0387654321"), new RegisterCommand("Hồ Thị Thu Hà", "0387654321"), "register NFD name comes out NFC");
        yield return Case("#dangky Lê Thị Hoa | điện thoại: 0356 789 123", new RegisterCommand("Lê Thị Hoa", "0356789123"), "register mixed positional and label");
        yield return Case("#dangky tôi là Nguyễn Văn An | 0912345678", An, "register self-introduction dropped");
        yield return Case("#dangky Nguyễn Văn An, 0912345678", An, "register comma before phone");
        yield return Case("#dangky H'Hen Niê | 0987654321", new RegisterCommand("H'Hen Niê", "0987654321"), "register mixed-case name kept");

        // #hotro
        yield return Case("#hotro Nguyễn Văn An | Thôn Tân Lập | cài VNeID, kích hoạt định danh mức 2",
            Report("Nguyễn Văn An", "Thôn Tân Lập", "cài VNeID, kích hoạt định danh mức 2", AssistCategory.ElectronicId),
            "report plain");
        yield return Case("#ht Nguyễn Văn An; Thôn Tân Lập; cài VNeID",
            Report("Nguyễn Văn An", "Thôn Tân Lập", "cài VNeID", AssistCategory.ElectronicId), "report alias, semicolons");
        yield return Case("#hỗ trợ Nguyễn Văn An | Thôn Tân Lập | hướng dẫn nộp hồ sơ trên Cổng dịch vụ công",
            Report("Nguyễn Văn An", "Thôn Tân Lập", "hướng dẫn nộp hồ sơ trên Cổng dịch vụ công", AssistCategory.OnlinePublicServices),
            "report keyword with diacritics and space");
        yield return Case("#HỖ TRỢ Trần Văn Bình | Bản Ka Tiêng | mở ví VNPT Money",
            Report("Trần Văn Bình", "Bản Ka Tiêng", "mở ví VNPT Money", AssistCategory.EPayment), "report keyword in capitals");
        yield return Case("#hotro chủ hộ: Lê Thị Hoa | thôn: Tân Lập | hỗ trợ: mở ví VNPT Money",
            Report("Lê Thị Hoa", "Thôn Tân Lập", "mở ví VNPT Money", AssistCategory.EPayment), "report all labelled");
        yield return Case("#hotro hỗ trợ: đăng ảnh sản phẩm lên Postmart | thôn: Tân Lập | chủ hộ: Lê Thị Hoa",
            Report("Lê Thị Hoa", "Thôn Tân Lập", "đăng ảnh sản phẩm lên Postmart", AssistCategory.ECommerce), "report labels in reverse order");
        yield return Case("#hotro\nchủ hộ: Trần Văn Bình\nđịa chỉ: Tổ dân phố 3, phường Đông Hà\nnội dung: cài VNeID, thêm thẻ BHYT vào VNeID",
            Report("Trần Văn Bình", "Tổ dân phố 3, phường Đông Hà", "cài VNeID, thêm thẻ BHYT vào VNeID",
                AssistCategory.ElectronicId, AssistCategory.Health), "report labels on lines, address");
        yield return Case("#ht Hộ ông Hồ Văn Nam | Bản Ka Tiêng | hướng dẫn cài VNeID; đóng học phí qua ví Viettel Money",
            Report("Hồ Văn Nam", "Bản Ka Tiêng", "hướng dẫn cài VNeID; đóng học phí qua ví Viettel Money",
                AssistCategory.ElectronicId, AssistCategory.EPayment, AssistCategory.Education), "report semicolon inside description");
        yield return Case(Nfd("#hỗ trợ Nguyễn Văn An | Thôn Tân Lập | đăng ký học Bình dân học vụ số"),
            Report("Nguyễn Văn An", "Thôn Tân Lập", "đăng ký học Bình dân học vụ số", AssistCategory.DigitalSkills), "report NFD");
        yield return Case("/ht Nguyễn Văn An | Thôn Tân Lập | sửa điện thoại bị treo",
            Report("Nguyễn Văn An", "Thôn Tân Lập", "sửa điện thoại bị treo", AssistCategory.Other), "report slash, other category");
        yield return Case("#hotro Nguyễn Văn An | thôn: Tân Lập | cài VNeID",
            Report("Nguyễn Văn An", "Thôn Tân Lập", "cài VNeID", AssistCategory.ElectronicId), "report positional and labelled mixed");
        yield return Case("#ho tro nguyen van an | thon tan lap | cai vneid muc 2",
            Report("Nguyen Van An", "thon tan lap", "cai vneid muc 2", AssistCategory.ElectronicId), "report without diacritics");
        yield return Case(Mention + " #ht Nguyễn Văn An | Thôn Tân Lập | cài VNeID " + Mention,
            Report("Nguyễn Văn An", "Thôn Tân Lập", "cài VNeID", AssistCategory.ElectronicId), "report with mentions");
        yield return Case("#hotro Nguyễn Văn An | Thôn Tân Lập | mở gian hàng trên Voso, đóng gói đơn hàng, mở tài khoản ngân hàng",
            Report("Nguyễn Văn An", "Thôn Tân Lập", "mở gian hàng trên Voso, đóng gói đơn hàng, mở tài khoản ngân hàng",
                AssistCategory.ECommerce, AssistCategory.EPayment), "report shop and bank");
        yield return Case("#ht Bà Lê Thị Hoa | Thôn 3 | tạo tài khoản Shopee",
            Report("Lê Thị Hoa", "Thôn 3", "tạo tài khoản Shopee", AssistCategory.ECommerce), "report honorific dropped");
        yield return Case("#ht Hộ bà Hoa | Thôn 3 | cài VNeID",
            Report("Bà Hoa", "Thôn 3", "cài VNeID", AssistCategory.ElectronicId), "report short name keeps its title");
        yield return Case("#hotro  Nguyễn Văn An  |  Thôn Tân Lập  |  khám bệnh từ xa, sổ sức khỏe điện tử  ",
            Report("Nguyễn Văn An", "Thôn Tân Lập", "khám bệnh từ xa, sổ sức khỏe điện tử", AssistCategory.Health), "report extra spaces");
        yield return Case("#hotro Nguyễn Văn An | sđt: 0912345678 | Thôn 3 | cài VNeID",
            Report("Nguyễn Văn An", "Thôn 3", "sđt: 0912345678; cài VNeID", AssistCategory.ElectronicId),
            "report label without a field goes to the description");
        yield return Case("#hotro Nguyễn Văn An thôn: Tân Lập hỗ trợ: nộp học phí",
            Report("Nguyễn Văn An", "Thôn Tân Lập", "nộp học phí", AssistCategory.Education), "report labels inline on one line");

        // #sua, #huy
        yield return Case("#sua HT-0012 | thôn: Tân Lập",
            new CorrectReportCommand("HT-0012", null, "Thôn Tân Lập", null, null), "correct village by label");
        yield return Case("#sửa ht-12 | hỗ trợ: cài VNeID",
            new CorrectReportCommand("HT-0012", null, null, "cài VNeID", [AssistCategory.ElectronicId]), "correct description");
        yield return Case("#sua HT12 Nguyễn Văn Ân",
            new CorrectReportCommand("HT-0012", "Nguyễn Văn Ân", null, null, null), "correct head after code without separator");
        yield return Case("#sua ht 0012 | Nguyễn Văn An | Thôn Tân Lập | cài VNeID",
            new CorrectReportCommand("HT-0012", "Nguyễn Văn An", "Thôn Tân Lập", "cài VNeID", [AssistCategory.ElectronicId]),
            "correct every field positionally");
        yield return Case("/SỬA mã: HT-0012 | chủ hộ: Lê Thị Hoa",
            new CorrectReportCommand("HT-0012", "Lê Thị Hoa", null, null, null), "correct labelled code");
        yield return Case("#huy HT-0012", new CancelReportCommand("HT-0012"), "cancel canonical code");
        yield return Case("#hủy ht-12", new CancelReportCommand("HT-0012"), "cancel short code");
        yield return Case("#HUỶ HT12", new CancelReportCommand("HT-0012"), "cancel old-style accent, glued code");
        yield return Case("#huy ht 0012", new CancelReportCommand("HT-0012"), "cancel spaced code");
        yield return Case("#huy 12", new CancelReportCommand("HT-0012"), "cancel bare number");

        // #thongke
        yield return Case("#thongke", new StatsCommand(StatsPeriod.Month), "stats default month");
        yield return Case("#tk tuần", new StatsCommand(StatsPeriod.Week), "stats week");
        yield return Case("#thống kê tháng", new StatsCommand(StatsPeriod.Month), "stats month");
        yield return Case("#thong ke nam", new StatsCommand(StatsPeriod.Year), "stats year without diacritics");
        yield return Case("#TK tất cả", new StatsCommand(StatsPeriod.All), "stats all");
        yield return Case("/thongke tatca", new StatsCommand(StatsPeriod.All), "stats all folded");
        yield return Case(Nfd("#thống kê năm nay"), new StatsCommand(StatsPeriod.Year), "stats NFD this year");
        yield return Case("#tk tuan nay", new StatsCommand(StatsPeriod.Week), "stats this week");

        // members and roles
        yield return Case("#thanhvien", new ListMembersCommand(), "members");
        yield return Case("#thành viên", new ListMembersCommand(), "members with diacritics");
        yield return Case("#TV", new ListMembersCommand(), "members alias in capitals");
        yield return Case("#xoa Trần Thị Bình", new RemoveMemberCommand(MemberRef.ByName("Trần Thị Bình")), "remove by name");
        yield return Case("#xóa 0912 345 678", new RemoveMemberCommand(MemberRef.ByPhone("0912345678")), "remove by phone");
        yield return Case("#xoá @Trần Thị Bình", new RemoveMemberCommand(MemberRef.ByName("Trần Thị Bình")), "remove old-style accent, at sign");
        yield return Case("#vaitro Trần Thị Bình | tổ phó",
            new SetRoleCommand(MemberRef.ByName("Trần Thị Bình"), MemberRole.Deputy), "role deputy");
        yield return Case("#vai trò Trần Thị Bình | to truong",
            new SetRoleCommand(MemberRef.ByName("Trần Thị Bình"), MemberRole.Leader), "role folded leader");
        yield return Case("#vaitro Trần Thị Bình tp",
            new SetRoleCommand(MemberRef.ByName("Trần Thị Bình"), MemberRole.Deputy), "role abbreviation without separator");
        yield return Case("#vaitro tên: Trần Thị Bình | vai trò: thành viên",
            new SetRoleCommand(MemberRef.ByName("Trần Thị Bình"), MemberRole.Member), "role labelled");
        yield return Case("#vaitro Nguyễn Văn Trường | tt",
            new SetRoleCommand(MemberRef.ByName("Nguyễn Văn Trường"), MemberRole.Leader), "role name ending in Trường");
        yield return Case("#vaitro 0912345678 | tổ trưởng",
            new SetRoleCommand(MemberRef.ByPhone("0912345678"), MemberRole.Leader), "role by phone");
        yield return Case("#vaitro tv | Trần Thị Bình",
            new SetRoleCommand(MemberRef.ByName("Trần Thị Bình"), MemberRole.Member), "role given first");

        // help
        yield return Case("#huongdan", new HelpCommand(null), "help");
        yield return Case("#help", new HelpCommand(null), "help in English");
        yield return Case("#?", new HelpCommand(null), "help question mark");
        yield return Case("#hd", new HelpCommand(null), "help alias");
        yield return Case("#Hướng dẫn hotro", new HelpCommand(CommandKind.ReportAssist), "help topic");
        yield return Case("/huongdan #dk", new HelpCommand(CommandKind.Register), "help topic by alias");

        // binding
        yield return Case("#ketnoi QT7K2M", new BindCommand("QT7K2M"), "bind");
        yield return Case("#kết nối qt-7k2m", new BindCommand("QT7K2M"), "bind lower case with hyphen");
        yield return Case("#kn QT7K2M cảm ơn ạ", new BindCommand("QT7K2M"), "bind alias with thanks");

        // help requests
        yield return Case("#nhan YC-0007", new ClaimRequestCommand("YC-0007"), "claim");
        yield return Case("#nhận yc7", new ClaimRequestCommand("YC-0007"), "claim glued code");
        yield return Case("#xong YC-0007 đã hướng dẫn cài VNeID", new CompleteRequestCommand("YC-0007", "đã hướng dẫn cài VNeID"), "complete with note");
        yield return Case("#xong yc 7 | ghi chú: đã xong tại nhà", new CompleteRequestCommand("YC-0007", "đã xong tại nhà"), "complete labelled note");
        yield return Case("#xong YC-0007", new CompleteRequestCommand("YC-0007", null), "complete without note");

        // linking a second channel
        yield return Case("#xacnhan 482913", new ConfirmLinkCommand("482913"), "confirm link");
        yield return Case("#XÁC NHẬN 482 913", new ConfirmLinkCommand("482913"), "confirm link upper case with diacritics and a grouped code");
        yield return Case("#xac nhan mã: 004913", new ConfirmLinkCommand("004913"), "confirm link labelled code with leading zeros");

        // chatter and unknown words
        yield return Case("Chào cả nhóm, chiều nay họp lúc 14:00", NotACommand.Instance, "chatter");
        yield return Case("dangky Nguyễn Văn An | 0912345678", NotACommand.Instance, "no prefix");
        yield return Case("Hôm nay tổ đi #hotro thôn Tân Lập", NotACommand.Instance, "hash inside a sentence");
        yield return Case("", NotACommand.Instance, "empty");
        yield return Case("#", NotACommand.Instance, "hash alone");
        yield return Case(Mention, NotACommand.Instance, "mention alone");
        yield return Case("#1 Nguyễn Văn An đã xong", NotACommand.Instance, "numbered list item");
        yield return Case("/ 2 người vắng", NotACommand.Instance, "slash before a number");
        yield return Case("#dangki Nguyễn Văn An | 0912345678", new UnknownCommand("dangki", CommandKind.Register), "typo dangki");
        yield return Case("#thongkee", new UnknownCommand("thongkee", CommandKind.Stats), "typo thongkee");
        yield return Case("#dang ki Nguyễn Văn An", new UnknownCommand("dang ki", CommandKind.Register), "typo with a space");
        yield return Case("#hotor Nguyễn Văn An", new UnknownCommand("hotor", CommandKind.ReportAssist), "typo swapped letters");
        yield return Case("#chuyendoiso", new UnknownCommand("chuyendoiso", null), "hashtag with no near command");
    }

    /// <summary>Each line as the parser gets it from the OA's adapter, which takes Zalo's mentions out first.</summary>
    [TestCaseSource(nameof(Cases))]
    public void Parse_gives_the_expected_result(string input, ParseResult expected)
    {
        Assert.That(CommandParser.Parse(ZaloText.StripMentions(input)), Is.EqualTo(expected));
    }

    [Test]
    public void The_table_covers_at_least_seventy_variants()
    {
        Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(70));
    }
}
