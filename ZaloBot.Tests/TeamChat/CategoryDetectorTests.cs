using System.Text;
using ZaloBot.TeamChat;
using ZaloBot.Teams;

namespace ZaloBot.Tests.TeamChat;

public class CategoryDetectorTests
{
    private static IEnumerable<TestCaseData> SingleCategoryCases()
    {
        yield return new TestCaseData("cài VNeID, kích hoạt định danh mức 2", AssistCategory.ElectronicId);
        yield return new TestCaseData("nâng tài khoản lên mức độ 2", AssistCategory.ElectronicId);
        yield return new TestCaseData("hướng dẫn nộp hồ sơ trên Cổng dịch vụ công", AssistCategory.OnlinePublicServices);
        yield return new TestCaseData("đăng ký khai sinh trực tuyến cho cháu", AssistCategory.OnlinePublicServices);
        yield return new TestCaseData("làm DVC cấp đổi giấy phép lái xe", AssistCategory.OnlinePublicServices);
        yield return new TestCaseData("tạo gian hàng trên Postmart", AssistCategory.ECommerce);
        yield return new TestCaseData("đăng ảnh sản phẩm, nhận đơn, đóng gói", AssistCategory.ECommerce);
        yield return new TestCaseData("đưa mật ong lên sàn Voso", AssistCategory.ECommerce);
        yield return new TestCaseData("mở shop trên TikTok", AssistCategory.ECommerce);
        yield return new TestCaseData("mở Mobile Money", AssistCategory.EPayment);
        yield return new TestCaseData("cài ví VNPT Money", AssistCategory.EPayment);
        yield return new TestCaseData("mở tài khoản ngân hàng, cài app", AssistCategory.EPayment);
        yield return new TestCaseData("kích hoạt Viettel Money", AssistCategory.EPayment);
        yield return new TestCaseData("thêm thẻ BHYT", AssistCategory.Health);
        yield return new TestCaseData("cài sổ sức khỏe điện tử", AssistCategory.Health);
        yield return new TestCaseData("nộp học phí cho con", AssistCategory.Education);
        yield return new TestCaseData("đăng ký học Bình dân học vụ số", AssistCategory.DigitalSkills);
        yield return new TestCaseData("dạy kĩ năng số cơ bản", AssistCategory.DigitalSkills);
        yield return new TestCaseData("sửa điện thoại bị treo", AssistCategory.Other);
        yield return new TestCaseData("", AssistCategory.Other);
    }

    [TestCaseSource(nameof(SingleCategoryCases))]
    public void Detect_finds_the_category_a_text_describes(string text, AssistCategory expected)
    {
        Assert.That(CategoryDetector.Detect(text), Is.EqualTo(new[] { expected }));
    }

    /// <summary>The words teams write every day, not the programme's terms.</summary>
    private static IEnumerable<TestCaseData> EverydayWordsCases()
    {
        yield return Case("xin lý lịch tư pháp cho con đi làm", AssistCategory.OnlinePublicServices);
        yield return Case("ly lich tu phap so 1", AssistCategory.OnlinePublicServices);
        yield return Case("nhập hộ khẩu cho vợ", AssistCategory.OnlinePublicServices);
        yield return Case("chuyển hộ khẩu về quê", AssistCategory.OnlinePublicServices);
        yield return Case("khai báo tạm vắng", AssistCategory.OnlinePublicServices);
        yield return Case("xác nhận thông tin cư trú", AssistCategory.OnlinePublicServices);
        yield return Case("đổi bằng lái xe trên DVC", AssistCategory.OnlinePublicServices);
        yield return Case("làm căn cước cho bà", AssistCategory.ElectronicId);
        yield return Case("làm lại CCCD gắn chip", AssistCategory.ElectronicId);
        yield return Case("đóng tiền học cho cháu", AssistCategory.Education);
        yield return Case("nộp tiền bán trú", AssistCategory.Education);
        yield return Case("cài sổ liên lạc cho phụ huynh học sinh", AssistCategory.Education);
        yield return Case("cài VssID, xem bảo hiểm xã hội", AssistCategory.Health);
        yield return Case("tra cứu BHXH, lương hưu", AssistCategory.Health);
        yield return Case("hướng dẫn bán hàng trên mạng", AssistCategory.ECommerce);
        yield return Case("bán online mật ong", AssistCategory.ECommerce);
        yield return Case("bán hàng qua Zalo, chốt đơn", AssistCategory.ECommerce);
        yield return Case("trả tiền điện, tiền nước", AssistCategory.EPayment);
        yield return Case("chuyển tiền cho con đi học xa", AssistCategory.EPayment);
        yield return Case("xác thực sinh trắc học để chuyển khoản", AssistCategory.EPayment);
        yield return Case("dạy mệ dùng Zalo gọi video", AssistCategory.DigitalSkills);
        yield return Case("chỉ cách nhận biết cuộc gọi lừa đảo", AssistCategory.DigitalSkills);
        yield return Case("khám bệnh bằng căn cước", AssistCategory.ElectronicId, AssistCategory.Health);
        yield return Case("không làm được vì máy yếu", AssistCategory.Other);

        static TestCaseData Case(string text, params AssistCategory[] expected) => new(text, expected) { TestName = $"Detect_reads_everyday_words({text})" };
    }

    [TestCaseSource(nameof(EverydayWordsCases))]
    public void Detect_reads_the_everyday_words_teams_write(string text, AssistCategory[] expected)
    {
        Assert.That(CategoryDetector.Detect(text), Is.EqualTo(expected));
    }

    [Test]
    public void Detect_finds_several_categories_in_one_text_in_enum_order()
    {
        var categories = CategoryDetector.Detect("nộp học phí qua ví Viettel Money; cài VNeID, thêm BHYT vào VNeID");

        Assert.That(categories, Is.EqualTo(new[]
        {
            AssistCategory.ElectronicId, AssistCategory.EPayment, AssistCategory.Health, AssistCategory.Education,
        }));
    }

    [Test]
    public void Detect_reads_shop_payment_and_public_service_together()
    {
        var categories = CategoryDetector.Detect("mở gian hàng Shopee, mở tài khoản ngân hàng, nộp hồ sơ trực tuyến");

        Assert.That(categories, Is.EqualTo(new[]
        {
            AssistCategory.OnlinePublicServices, AssistCategory.ECommerce, AssistCategory.EPayment,
        }));
    }

    [Test]
    public void Detect_ignores_diacritics_case_and_NFD()
    {
        var nfd = "CÀI VNEID VÀ MỞ VÍ ĐIỆN TỬ".Normalize(NormalizationForm.FormD);

        Assert.That(CategoryDetector.Detect(nfd), Is.EqualTo(new[] { AssistCategory.ElectronicId, AssistCategory.EPayment }));
        Assert.That(CategoryDetector.Detect("cai vneid va mo vi dien tu"), Is.EqualTo(new[] { AssistCategory.ElectronicId, AssistCategory.EPayment }));
    }

    [TestCase("không làm được vì máy yếu")]
    [TestCase("bà đã sẵn sàng học")]
    [TestCase("đăng nhập lại tài khoản")]
    public void Detect_does_not_take_common_words_that_fold_like_keywords(string text)
    {
        Assert.That(CategoryDetector.Detect(text), Is.EqualTo(new[] { AssistCategory.Other }));
    }

    [Test]
    public void Detect_does_not_count_a_VNeID_account_as_a_payment_account()
    {
        Assert.That(CategoryDetector.Detect("mở tài khoản VNeID"), Is.EqualTo(new[] { AssistCategory.ElectronicId }));
    }

    [Test]
    public void Every_category_has_a_Vietnamese_display_name()
    {
        var names = Enum.GetValues<AssistCategory>().Select(c => c.DisplayName()).ToList();

        Assert.That(names, Is.Unique);
        Assert.That(AssistCategory.ElectronicId.DisplayName(), Is.EqualTo("VNeID/định danh mức 2"));
        Assert.That(AssistCategory.Other.DisplayName(), Is.EqualTo("Khác"));
    }
}
