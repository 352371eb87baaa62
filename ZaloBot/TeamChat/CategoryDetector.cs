using System.Text.RegularExpressions;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.TeamChat;

/// <summary>
/// Reads the categories of a report from what the member wrote ("cài VNeID, mở ví VNPT Money" → VNeID and
/// e-payment), in the words teams use every day ("căn cước", "hộ khẩu", "tiền học", "bán hàng trên mạng").
/// Matching is on folded text and whole words, so diacritics, case and NFD do not matter.
/// Words that fold onto common words are only taken in context: "ví" folds to "vi" like "vì" (because), "sàn"
/// to "san" like "sẵn" (ready), and "tài khoản" may be a VNeID account, so those need a neighbouring word.
/// </summary>
public static partial class CategoryDetector
{
    private static readonly (AssistCategory Category, Regex Pattern)[] Rules =
    [
        (AssistCategory.ElectronicId, ElectronicId()),
        (AssistCategory.OnlinePublicServices, OnlinePublicServices()),
        (AssistCategory.ECommerce, ECommerce()),
        (AssistCategory.EPayment, EPayment()),
        (AssistCategory.Health, Health()),
        (AssistCategory.Education, Education()),
        (AssistCategory.DigitalSkills, DigitalSkills()),
    ];

    /// <summary>Every category the text mentions, in enum order; <see cref="AssistCategory.Other"/> alone when none.</summary>
    public static IReadOnlyList<AssistCategory> Detect(string? text)
    {
        var folded = VietnameseText.Fold(text);
        var found = new List<AssistCategory>();
        foreach (var (category, pattern) in Rules)
        {
            if (pattern.IsMatch(folded))
            {
                found.Add(category);
            }
        }

        if (found.Count == 0)
        {
            found.Add(AssistCategory.Other);
        }

        return found;
    }

    [GeneratedRegex(
        @"\b(?:vneid|vne id|dinh danh|dddt|muc (?:do )?2|muc2|can cuoc|cccd|cmnd|chung minh (?:nhan dan|thu))\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex ElectronicId();

    [GeneratedRegex(
        @"\b(?:dich vu cong|dvc|dvctt|dvcqg|nop ho so|ho so (?:truc tuyen|online)|thu tuc hanh chinh|tthc|khai sinh|khai tu"
        + @"|ket hon|thuong tru|tam tru|tam vang|cu tru|ho khau|nhap khau|ho tich|ly lich tu phap|lltp|chung thuc"
        + @"|giay phep lai xe|bang lai xe|doi bang lai|ho chieu|mot cua so|cong dich vu)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex OnlinePublicServices();

    [GeneratedRegex(
        @"\b(?:thuong mai dien tu|tmdt|gian hang|dang anh|chup anh san pham|dang (?:ban )?san pham|don hang|nhan don|len don|dong goi"
        + @"|(?:len|tren) san|san (?:tmdt|thuong mai|ban hang|postmart|voso|shopee|tiktok|lazada)|shop|postmart|voso|shopee"
        + @"|tiktok|lazada|tiki|ocop|ban (?:hang )?(?:online|onl|truc tuyen|(?:qua|tren|len) (?:mang|zalo|facebook|fb))"
        + @"|livestream|live stream|chot don|giao hang|van chuyen)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex ECommerce();

    [GeneratedRegex(
        @"\b(?:mobile ?money|viettel ?money|vnpt ?money|vnpt ?pay|momo|zalo ?pay|vnpay|shopee ?pay|vi dien tu"
        + @"|vi (?:momo|viettel|vnpt|zalo|mobile)|(?:mo|tao|cai|kich hoat|dang k[iy]) vi"
        + @"|tai khoan (?:ngan hang|thanh toan)|tk ngan hang"
        + @"|(?:mo|tao) tai khoan(?! (?:vneid|dinh danh|dich vu cong|dvc|zalo|shopee|postmart|voso|tiktok|lazada|gmail|email))"
        + @"|ngan hang|chuyen khoan|chuyen tien|rut tien|nap tien|thanh toan|hoa don|tien dien|tien nuoc|sinh trac hoc"
        + @"|ma qr|quet (?:ma )?qr|the atm|atm|(?:smart|mobile|internet) ?banking)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex EPayment();

    [GeneratedRegex(
        @"\b(?:y te|bhyt|bao hiem y te|so suc khoe|suc khoe dien tu|ho so suc khoe|kham (?:chua )?benh|dat lich kham"
        + @"|benh vien|bac si|vssid|bhxh|bao hiem xa hoi|the bao hiem|luong huu)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex Health();

    [GeneratedRegex(
        @"\b(?:giao duc|hoc phi|tien hoc|tien truong|ban tru|vnedu|smas|k12online|tuyen sinh|hoc ba|so lien lac(?: dien tu)?"
        + @"|hoc sinh|sinh vien)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex Education();

    [GeneratedRegex(
        @"\b(?:binh dan hoc vu so|hoc vu so|bdhvs|k[iy] nang so|onetouch|one touch|dien thoai thong minh|smartphone"
        + @"|(?:dung|su dung|xai) (?:dien thoai|zalo|may tinh|internet|mang xa hoi|email|gmail)|tao (?:email|gmail)"
        + @"|lua dao|an toan (?:tren mang|thong tin))\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex DigitalSkills();
}
