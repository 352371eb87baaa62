using ZaloBot.Guides;

namespace ZaloBot.Tests.Guides;

/// <summary>How residents really type: with and without diacritics, in capitals, with small typos.</summary>
public sealed class GuideRouterTests
{
    private const string NotUnderstood = "(not understood)";
    private const string NoGuide = "(no guide)";

    private static readonly GuideRouter Router = new(GuideHarness.ShippedLibrary);

    [TestCase("vneid", "vneid")]
    [TestCase("VNeID", "vneid")]
    [TestCase("cài vneid thế nào", "vneid")]
    [TestCase("vneiid", "vneid")]
    [TestCase("dinh danh muc 2", "vneid")]
    [TestCase("Định danh mức 2 làm ở đâu", "vneid")]
    [TestCase("dinh dnah dien tu", "vneid")]
    [TestCase("kich hoat tai khoan", "vneid")]
    [TestCase("dich vu cong", "dich-vu-cong")]
    [TestCase("Đăng nhập Cổng dịch vụ công", "dich-vu-cong")]
    [TestCase("dichvucong.gov.vn", "dich-vu-cong")]
    [TestCase("nop ho so truc tuyen", "dich-vu-cong")]
    [TestCase("khai sinh", "khai-sinh")]
    [TestCase("làm giấy khai sinh cho con", "khai-sinh")]
    [TestCase("KHAI SINH CHO CHÁU", "khai-sinh")]
    [TestCase("khai snh", "khai-sinh")]
    [TestCase("the bhyt cho be moi sinh", "khai-sinh")]
    [TestCase("tam tru", "cu-tru")]
    [TestCase("đăng ký tạm trú", "cu-tru")]
    [TestCase("tamtru", "cu-tru")]
    [TestCase("dang ky thuong tru", "cu-tru")]
    [TestCase("tạm chú", "cu-tru")]
    [TestCase("dang ki tam tru o dau", "cu-tru")]
    [TestCase("ly lich tu phap", "ly-lich-tu-phap")]
    [TestCase("Xin phiếu lý lịch tư pháp", "ly-lich-tu-phap")]
    [TestCase("ly lich tu phap so 2", "ly-lich-tu-phap")]
    [TestCase("ly lịch tư phap", "ly-lich-tu-phap")]
    [TestCase("ban hang online", "ban-hang-online")]
    [TestCase("mo shop", "ban-hang-online")]
    [TestCase("Mở shop bán nông sản", "ban-hang-online")]
    [TestCase("ban hang onlien", "ban-hang-online")]
    [TestCase("tiktok shop", "ban-hang-online")]
    [TestCase("postmart", "ban-hang-online")]
    [TestCase("lam sao de ban hang tren mang", "ban-hang-online")]
    [TestCase("mobile money", "thanh-toan-dien-tu")]
    [TestCase("Mobile Money là gì", "thanh-toan-dien-tu")]
    [TestCase("mobil money", "thanh-toan-dien-tu")]
    [TestCase("viettel money", "thanh-toan-dien-tu")]
    [TestCase("vi dien tu", "thanh-toan-dien-tu")]
    [TestCase("bhyt", "suc-khoe")]
    [TestCase("thẻ bảo hiểm y tế", "suc-khoe")]
    [TestCase("so suc khoe dien tu", "suc-khoe")]
    [TestCase("bao hiem y te tren vneid", "suc-khoe")]
    [TestCase("hoc phi", "hoc-phi")]
    [TestCase("đóng học phí cho con", "hoc-phi")]
    [TestCase("nop tien hoc", "hoc-phi")]
    [TestCase("hoc phí", "hoc-phi")]
    [TestCase("binh dan hoc vu so", "binh-dan-hoc-vu-so")]
    [TestCase("Bình dân học vụ số", "binh-dan-hoc-vu-so")]
    [TestCase("hoc ky nang so", "binh-dan-hoc-vu-so")]
    [TestCase("binh dan hoc vu s0", "binh-dan-hoc-vu-so")]
    [TestCase("quên mật khẩu vneid", "vneid-su-co")]
    [TestCase("quen mat khau vneid", "vneid-su-co")]
    [TestCase("VNeID bị khóa rồi", "vneid-su-co")]
    [TestCase("đổi điện thoại mới không vào được vneid", "vneid-su-co")]
    [TestCase("dang ky muc 2 lau roi ma chua duoc duyet", "vneid-su-co")]
    [TestCase("lam can cuoc cho con tren vneid", "vneid-su-co")]
    [TestCase("có người gọi xưng công an bảo cài vneid", "canh-giac-lua-dao")]
    [TestCase("co nguoi goi xung cong an", "canh-giac-lua-dao")]
    [TestCase("nó đòi mã otp", "canh-giac-lua-dao")]
    [TestCase("bi lua mat tien roi", "canh-giac-lua-dao")]
    [TestCase("dien luc goi doa cat dien", "canh-giac-lua-dao")]
    [TestCase("vssid là gì", "bao-hiem-an-sinh")]
    [TestCase("gia han bhyt ho gia dinh", "bao-hiem-an-sinh")]
    [TestCase("đi khám bằng căn cước được không", "bao-hiem-an-sinh")]
    [TestCase("nhan luong huu qua tai khoan", "bao-hiem-an-sinh")]
    [TestCase("đóng tiền điện", "hoa-don-qr")]
    [TestCase("dong tien nuoc tren dien thoai", "hoa-don-qr")]
    [TestCase("quét mã qr trả tiền", "hoa-don-qr")]
    [TestCase("chuyen khoan bat quet khuon mat", "hoa-don-qr")]
    [TestCase("tiền ăn bán trú", "hoc-phi")]
    [TestCase("mobifone money", "thanh-toan-dien-tu")]
    [TestCase("alo alo có ai không", NotUnderstood)]
    [TestCase("???", NotUnderstood)]
    [TestCase("hôm nay trời đẹp quá", NoGuide)]
    [TestCase("giá lúa bao nhiêu", NoGuide)]
    [TestCase("giấy tờ", "menu/thu-tuc")]
    [TestCase("bán hàng, thanh toán", "menu/lam-an")]
    [TestCase("hỏi về sức khỏe với học hành", "menu/suc-khoe-hoc-tap")]
    public void Free_text_goes_to_the_right_guide_or_menu_area(string typed, string expected)
    {
        Assert.That(Describe(Router.Understand(typed)), Is.EqualTo(expected));
    }

    [TestCase("nộp học phí qua viettel money", "hoc-phi")]
    [TestCase("nop hoc phi bang vnpt money", "hoc-phi")]
    [TestCase("chuyển khoản tiền học cho cô giáo", "hoc-phi")]
    [TestCase("đăng ký tạm trú trên vneid", "cu-tru")]
    [TestCase("khai sinh cho bé trên vneid", "khai-sinh")]
    [TestCase("thẻ bhyt trên vneid", "suc-khoe")]
    [TestCase("bán hàng trên zalo", "ban-hang-online")]
    [TestCase("viettel money", "thanh-toan-dien-tu")]
    [TestCase("mở tài khoản mobile money cho mẹ", "thanh-toan-dien-tu")]
    [TestCase("đăng nhập dịch vụ công bằng vneid", "dich-vu-cong")]
    public void A_task_beats_the_channel_it_is_done_through(string typed, string expected)
    {
        Assert.That(Describe(Router.Understand(typed)), Is.EqualTo(expected));
    }

    [TestCase("kết hôn online", "binh-dan-hoc-vu-so", Description = "hôn is not a slip for học (học online)")]
    [TestCase("ket hon tren mang", "binh-dan-hoc-vu-so")]
    [TestCase("nhập khẩu cho vợ", "khai-sinh", Description = "vợ is not a slip for con (nhập khẩu cho con)")]
    [TestCase("tiền trong sim điện thoại", "hoc-phi", Description = "trong is not a slip for trường (tiền trường)")]
    [TestCase("xin giấy xác nhận độc thân", "ban-hang-online", Description = "độc is not a slip for đơn (nhận đơn)")]
    [TestCase("mua bảo hiểm xe máy", "suc-khoe", Description = "xe is not a slip for xã (bảo hiểm xã hội)")]
    [TestCase("sức khỏe", "suc-khoe", Description = "a missing word is not a slip (sổ sức khỏe)")]
    public void A_typo_is_never_read_into_a_word_people_really_write(string typed, string notThisGuide)
    {
        Assert.That(Describe(Router.Understand(typed)), Is.Not.EqualTo(notThisGuide));
    }

    [TestCase("khai snh", "khai-sinh")]
    [TestCase("vneiid", "vneid")]
    [TestCase("hoc fi", "hoc-phi")]
    [TestCase("dich vụ côg", "dich-vu-cong")]
    [TestCase("tạm chú", "cu-tru")]
    public void A_slip_nobody_writes_on_purpose_is_forgiven(string typed, string expected)
    {
        Assert.That(Describe(Router.Understand(typed)), Is.EqualTo(expected));
    }

    [TestCase("mua bảo hiểm xe máy", "suc-khoe")]
    [TestCase("y tế xã có khám răng không", "suc-khoe")]
    public void What_no_guide_covers_is_recognised_with_the_guides_sharing_its_words(string typed, string close)
    {
        var intent = Router.Understand(typed);

        Assert.That(intent, Is.TypeOf<TextIntent.NoGuide>());
        Assert.That(((TextIntent.NoGuide)intent).Closest.Select(g => g.Id), Does.Contain(close));
    }

    [TestCase("đăng ký kết hôn")]
    [TestCase("làm sổ đỏ")]
    [TestCase("giá lúa bao nhiêu")]
    public void What_no_guide_covers_and_shares_no_words_with_one_has_no_closest_guide(string typed)
    {
        var intent = Router.Understand(typed);

        Assert.That(intent, Is.TypeOf<TextIntent.NoGuide>());
        Assert.That(((TextIntent.NoGuide)intent).Closest, Is.Empty);
    }

    [Test]
    public void A_typo_never_turns_everyday_words_into_a_command()
    {
        Assert.That(Router.Understand("làm bài"), Is.Not.EqualTo(new TextIntent.Command(GuideCommand.Restart)));
        Assert.That(Router.Understand("bắt đầu lạj"), Is.EqualTo(new TextIntent.Command(GuideCommand.Restart)));
    }

    [TestCase("Quay lại", GuideCommand.Back)]
    [TestCase("quay lai", GuideCommand.Back)]
    [TestCase("quay lại đi ạ", GuideCommand.Back)]
    [TestCase("Menu", GuideCommand.Menu)]
    [TestCase("về menu chính nhé", GuideCommand.Menu)]
    [TestCase("MENU", GuideCommand.Menu)]
    [TestCase("Bắt đầu lại", GuideCommand.Restart)]
    [TestCase("bat dau lai", GuideCommand.Restart)]
    [TestCase("bắt đầu lai từ đầu", GuideCommand.Restart)]
    [TestCase("Gặp Tổ công nghệ số", GuideCommand.Handoff)]
    [TestCase("cho tôi gặp người hướng dẫn", GuideCommand.Handoff)]
    [TestCase("xin chào", GuideCommand.Greeting)]
    [TestCase("chào ad", GuideCommand.Greeting)]
    [TestCase("cảm ơn nhiều nhé", GuideCommand.Thanks)]
    public void Commands_work_however_they_are_typed(string typed, GuideCommand expected)
    {
        Assert.That(Router.Understand(typed), Is.EqualTo(new TextIntent.Command(expected)));
    }

    [TestCase("2", 2)]
    [TestCase("số 3", 3)]
    [TestCase(" 1. ", 1)]
    [TestCase("chọn 4 ạ", 4)]
    public void A_number_picks_an_option(string typed, int expected)
    {
        Assert.That(Router.Understand(typed), Is.EqualTo(new TextIntent.Number(expected)));
    }

    [TestCase("bat dau", "Bắt đầu", true)]
    [TestCase("đã cài xong rồi", "Đã cài xong", true)]
    [TestCase("da cai xog", "Đã cài xong", true)]
    [TestCase("xong", "Đã cài xong", false)]
    public void Typing_a_button_title_matches_it(string typed, string title, bool expected)
    {
        Assert.That(GuideRouter.MatchesTitle(typed, title), Is.EqualTo(expected));
    }

    private static string Describe(TextIntent intent) => intent switch
    {
        TextIntent.Topic { Guides: [var only] } => only.Id,
        TextIntent.Topic { Guides: var several } => "tie: " + string.Join(", ", several.Select(g => g.Id)),
        TextIntent.Area { Menu: var menu } => menu.ToString(),
        TextIntent.NoGuide => NoGuide,
        TextIntent.Unknown => NotUnderstood,
        _ => intent.ToString(),
    };
}
