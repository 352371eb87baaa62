using System.Text;
using ZaloBot.Text;

namespace ZaloBot.Tests.Text;

public class VietnameseTextTests
{
    [TestCase("Đăng ký", "dang ky")]
    [TestCase("ĐĂNG KÝ", "dang ky")]
    [TestCase("Nguyễn Văn Ân", "nguyen van an")]
    [TestCase("Bình dân học vụ số", "binh dan hoc vu so")]
    [TestCase("thương mại điện tử", "thuong mai dien tu")]
    [TestCase("  Thôn \t Tân\u00A0Lập \n", "thon tan lap")]
    [TestCase("Hồ Thị Thu Hà", "ho thi thu ha")]
    [TestCase("ỬƯỨỪỰ", "uuuuu")]
    [TestCase("Ðinh Văn Đức", "dinh van duc")]
    [TestCase("đăng\u200Bký", "dangky")]
    [TestCase("VNeID 👍", "vneid 👍")]
    [TestCase("", "")]
    public void Fold_lowercases_removes_diacritics_and_collapses_whitespace(string input, string expected)
    {
        Assert.That(VietnameseText.Fold(input), Is.EqualTo(expected));
    }

    [TestCase("Nguyễn Văn Ân")]
    [TestCase("Tổ công nghệ số cộng đồng")]
    [TestCase("Đăng ký định danh mức 2")]
    public void Fold_gives_the_same_key_for_NFC_and_NFD(string text)
    {
        var nfc = text.Normalize(NormalizationForm.FormC);
        var nfd = text.Normalize(NormalizationForm.FormD);

        Assert.That(nfd, Is.Not.EqualTo(nfc), "the test needs a decomposed input");
        Assert.That(VietnameseText.Fold(nfd), Is.EqualTo(VietnameseText.Fold(nfc)));
    }

    [Test]
    public void Fold_of_null_is_empty()
    {
        Assert.That(VietnameseText.Fold(null), Is.Empty);
    }

    [Test]
    public void FoldCompact_removes_every_space()
    {
        Assert.That(VietnameseText.FoldCompact(" Đăng  Ký "), Is.EqualTo("dangky"));
    }

    [Test]
    public void Nfc_composes_a_decomposed_text()
    {
        var nfd = "Nguyễn".Normalize(NormalizationForm.FormD);

        Assert.That(VietnameseText.Nfc(nfd), Is.EqualTo("Nguyễn".Normalize(NormalizationForm.FormC)));
    }

    [Test]
    public void Nfc_does_not_throw_on_a_lone_surrogate()
    {
        Assert.That(VietnameseText.Nfc("a\uD83Db"), Is.EqualTo("a\uFFFDb"));
    }

    [Test]
    public void FoldAligned_keeps_every_index_in_place()
    {
        const string text = "Sđt: 0912 | Thôn Tân Lập";

        var folded = VietnameseText.FoldAligned(text);

        Assert.That(folded, Is.EqualTo("sdt: 0912 | thon tan lap"));
        Assert.That(folded, Has.Length.EqualTo(text.Length));
    }

    [TestCase("Tân Lập", "tan  lap", true)]
    [TestCase("Thôn Tân Lập", "THÔN TÂN LẬP", true)]
    [TestCase("Tân Lập", "Tân Lộc", false)]
    public void FoldedEquals_ignores_case_diacritics_and_spacing(string a, string b, bool expected)
    {
        Assert.That(VietnameseText.FoldedEquals(a, b), Is.EqualTo(expected));
    }

    [Test]
    public void FoldedEquals_treats_NFD_and_NFC_as_equal()
    {
        Assert.That(VietnameseText.FoldedEquals("Lê Thị Hoa".Normalize(NormalizationForm.FormD), "Lê Thị Hoa"), Is.True);
    }

    [TestCase("Nguyễn Văn  An", "nguyen van an")]
    [TestCase("nguyen van an.", "nguyen van an")]
    [TestCase(" NGUYỄN-VĂN AN ", "nguyen van an")]
    [TestCase("H'Hen Niê", "h hen nie")]
    public void NormalizeName_gives_one_key_per_person(string name, string expected)
    {
        Assert.That(VietnameseText.NormalizeName(name), Is.EqualTo(expected));
    }

    [TestCase("nguyễn văn an", "Nguyễn Văn An")]
    [TestCase("NGUYỄN VĂN AN", "Nguyễn Văn An")]
    [TestCase("H'Hen Niê", "H'Hen Niê")]
    [TestCase("Nguyễn văn An", "Nguyễn văn An")]
    public void NameCase_fixes_all_lower_or_all_upper_names_only(string name, string expected)
    {
        Assert.That(VietnameseText.NameCase(name), Is.EqualTo(expected));
    }

    [TestCase("dangky", "dangky", 0)]
    [TestCase("dangki", "dangky", 1)]
    [TestCase("thongkee", "thongke", 1)]
    [TestCase("hotor", "hotro", 1)]
    [TestCase("", "xoa", 3)]
    [TestCase("kitten", "sitting", 3)]
    [TestCase("ca", "abc", 3)]
    public void EditDistance_counts_insertions_deletions_substitutions_and_adjacent_swaps(string a, string b, int expected)
    {
        Assert.That(VietnameseText.EditDistance(a, b), Is.EqualTo(expected));
        Assert.That(VietnameseText.EditDistance(b, a), Is.EqualTo(expected));
    }

    [Test]
    public void Tidy_composes_removes_invisible_characters_and_collapses_spaces()
    {
        var input = "  Thôn\u200B  Tân Lập\r\n".Normalize(NormalizationForm.FormD);

        Assert.That(VietnameseText.Tidy(input), Is.EqualTo("Thôn Tân Lập"));
    }
}
