using ZaloBot.Handoff;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.Tests.Handoff;

/// <summary>What residents type for their village, and the places the matcher offers for it.</summary>
public sealed class PlaceMatcherTests
{
    private static readonly Place[] Villages =
    [
        new(1, "Thôn Tân Lập", 100, "Xã Tân Lập"),
        new(2, "Thôn Tân Hòa", 100, "Xã Tân Lập"),
        new(3, "Bản Bù", 100, "Xã Tân Lập"),
        new(4, "Bản Cù Bai", 200, "Xã Hướng Lập"),
        new(5, "Bản Tà Rùng", 200, "Xã Hướng Lập"),
        new(6, "Tổ dân phố 1", 300, "Phường Đông Hà"),
        new(7, "Tổ dân phố 2", 300, "Phường Đông Hà"),
        new(8, "Thôn 1", 100, "Xã Tân Lập"),
        new(9, "Thôn 1", 200, "Xã Hướng Lập"),
        new(10, "Thôn 1", 400, "Xã Lìa (trước 2025)"),
        new(11, "Thôn 1", 500, "Đặc khu Cồn Cỏ"),
    ];

    private static readonly Place[] Communes =
    [
        new(100, "Xã Tân Lập", null, null),
        new(200, "Xã Hướng Lập", null, null),
        new(300, "Phường Đông Hà", null, null),
        new(500, "Đặc khu Cồn Cỏ", null, null),
    ];

    [TestCase("Tân Lập", 1)]
    [TestCase("tan lap", 1)]
    [TestCase("THÔN TÂN LẬP", 1)]
    [TestCase("thon tan lap", 1)]
    [TestCase("tôi ở thôn Tân Lập ạ", 1)]
    [TestCase("Thôn Tân Lập, xã Tân Lập", 1)]
    [TestCase("tan lapp", 1)]
    [TestCase("tân lậo", 1)]
    [TestCase("Tân Hoà", 2)]
    [TestCase("tan hoa xa tan lap", 2)]
    [TestCase("bản bù", 3)]
    [TestCase("Bu", 3)]
    [TestCase("cu bay", 4)]
    [TestCase("bản cù bai nha", 4)]
    [TestCase("ta rung", 5)]
    [TestCase("TDP 1", 6)]
    [TestCase("tổ dân phố số 2", 7)]
    [TestCase("to 2", 7)]
    [TestCase("thôn 1 xã Hướng Lập", 9)]
    [TestCase("Thon 1, Con Co", 11)]
    public void One_place_is_found_however_it_is_typed(string typed, long expected)
    {
        var match = PlaceMatcher.Match(typed, Villages);

        Assert.That(match.Places.Select(p => p.UnitId), Is.EqualTo(new[] { expected }), string.Join(", ", match.Places.Select(p => p.Display)));
        Assert.That(match.TooMany, Is.False);
    }

    [Test]
    public void Words_that_start_several_names_offer_each_of_them()
    {
        var match = PlaceMatcher.Match("Tân", Villages);

        Assert.That(match.Places.Select(p => p.Display), Is.EqualTo(new[] { "Thôn Tân Hòa, Xã Tân Lập", "Thôn Tân Lập, Xã Tân Lập" }));
    }

    [Test]
    public void A_name_many_communes_share_asks_for_the_commune()
    {
        var match = PlaceMatcher.Match("thôn 1", Villages);

        Assert.That(match.TooMany, Is.True);
        Assert.That(match.Places, Has.Count.EqualTo(3));
    }

    [TestCase("bản ba")]
    [TestCase("Hà Nội")]
    [TestCase("không biết")]
    [TestCase("")]
    [TestCase("ạ")]
    public void Short_names_forgive_no_typo_and_unknown_words_find_nothing(string typed)
    {
        Assert.That(PlaceMatcher.Match(typed, Villages).Places, Is.Empty);
    }

    [TestCase("Tân Lập", 100)]
    [TestCase("xa huong lap", 200)]
    [TestCase("phường Đông Hà", 300)]
    [TestCase("dong ha", 300)]
    [TestCase("Cồn Cỏ", 500)]
    [TestCase("huong lapp", 200)]
    public void Communes_match_the_same_way(string typed, long expected)
    {
        Assert.That(PlaceMatcher.Match(typed, Communes).Places.Select(p => p.UnitId), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void Names_lose_their_kind_and_brackets_but_keep_words_that_may_be_filler_elsewhere()
    {
        Assert.That(PlaceMatcher.Words("Xã Lìa (trước 2025)"), Is.EqualTo(new[] { "lia" }));
        Assert.That(PlaceMatcher.Words("Thôn số 3"), Is.EqualTo(new[] { "3" }));
        Assert.That(PlaceMatcher.Words("Đặc khu Cồn Cỏ"), Is.EqualTo(new[] { "con", "co" }));
        Assert.That(PlaceMatcher.Words("tổ dân phố 4"), Is.EqualTo(new[] { "4" }));
        Assert.That(PlaceMatcher.Words("Xã Minh Hóa"), Is.EqualTo(new[] { "minh", "hoa" }), "a word that is filler in a message is part of a name");
        Assert.That(PlaceMatcher.Words("Thôn"), Is.EqualTo(new[] { "thon" }));
    }

    /// <summary>The province's 78 real communes with their former names, read from the shipped list (in NFC, as imported).</summary>
    private static readonly Place[] Province = VietnameseText.Nfc(DefaultUnits.Csv).Split('\n')
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Skip(1)
        .Select(line => line.Split(','))
        .Where(fields => fields[1] == "commune")
        .Select(fields => new Place(long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), fields[2], null, null)
        {
            FormerNames = fields[4].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        })
        .ToArray();

    [TestCase("xã Hướng Tân", 19429, "Hướng Tân nay thuộc Xã Khe Sanh — đúng không ạ?")]
    [TestCase("xa huong tan", 19429, "Hướng Tân nay thuộc Xã Khe Sanh — đúng không ạ?")]
    [TestCase("Hướng Tân", 19429, "Hướng Tân nay thuộc Xã Khe Sanh — đúng không ạ?")]
    [TestCase("thị trấn Khe Sanh", 19429, "Thị trấn Khe Sanh nay thuộc Xã Khe Sanh — đúng không ạ?")]
    [TestCase("TT Khe Sanh", 19429, "Thị trấn Khe Sanh nay thuộc Xã Khe Sanh — đúng không ạ?")]
    [TestCase("khe sanh", 19429, "Bà con ở Xã Khe Sanh phải không ạ?")]
    [TestCase("xã Khe Sanh", 19429, "Bà con ở Xã Khe Sanh phải không ạ?")]
    [TestCase("xã Húc", 19429, "Húc nay thuộc Xã Khe Sanh — đúng không ạ?")]
    [TestCase("thi tran Krong Klang", 19555, "Krông Klang nay thuộc Xã Hướng Hiệp — đúng không ạ?")]
    [TestCase("huyện Cồn Cỏ", 19742, "Bà con ở Đặc khu Cồn Cỏ phải không ạ?")]
    [TestCase("dac khu con co", 19742, "Bà con ở Đặc khu Cồn Cỏ phải không ạ?")]
    [TestCase("tôi ở phường Đông Lương ạ", 19351, "Đông Lương nay thuộc Phường Nam Đông Hà — đúng không ạ?")]
    [TestCase("phường 1 Đông Hà", 19333, "Bà con ở Phường Đông Hà phải không ạ?")]
    [TestCase("Cam Thủy, huyện Lệ Thủy", 19255, "Cam Thủy (huyện Lệ Thủy) nay thuộc Xã Cam Hồng — đúng không ạ?")]
    [TestCase("cam thuy cam lo", 19603, "Cam Thủy (huyện Cam Lộ) nay thuộc Xã Hiếu Giang — đúng không ạ?")]
    [TestCase("thị trấn Lao Bảo", 19432, "Thị trấn Lao Bảo nay thuộc Xã Lao Bảo — đúng không ạ?")]
    [TestCase("xã Hải Lăng", 19702, "Bà con ở Xã Hải Lăng phải không ạ?", Description = "lăng is not a làng")]
    [TestCase("thị trấn Hồ Xá", 19363, "Hồ Xá nay thuộc Xã Vĩnh Linh — đúng không ạ?", Description = "xá is not a xã")]
    [TestCase("xa quang phuong", 19057, "Quảng Phương nay thuộc Xã Quảng Trạch — đúng không ạ?", Description = "phương is not a phường")]
    public void A_commune_is_found_by_its_name_today_or_before_2025_and_the_confirmation_says_which(string typed, long expected, string confirmation)
    {
        var match = PlaceMatcher.Match(typed, Province);

        Assert.That(match.Places.Select(p => p.UnitId), Is.EqualTo(new[] { expected }), string.Join(", ", match.Places.Select(p => p.Described)));
        Assert.That(HandoffTexts.ConfirmPlace(match.Places[0]), Is.EqualTo(confirmation));
    }

    [TestCase("xã Cam Thủy", new[] { "Xã Cam Hồng (có Cam Thủy cũ, huyện Lệ Thủy)", "Xã Hiếu Giang (có Cam Thủy cũ, huyện Cam Lộ)" })]
    [TestCase("xã Minh Hóa", new[] { "Xã Minh Hóa", "Xã Kim Phú (có Minh Hóa cũ)" })]
    [TestCase("xã Tân Thành", new[] { "Xã Tân Thành", "Xã Lao Bảo (có Tân Thành cũ, huyện Hướng Hóa)" })]
    [TestCase("phường 1", new[] { "Phường Quảng Trị (có Phường 1 cũ)", "Phường Đông Hà (có Phường 1 cũ, thành phố Đông Hà)" })]
    public void A_name_two_communes_have_or_had_offers_both_todays_name_first(string typed, string[] expected)
    {
        var match = PlaceMatcher.Match(typed, Province);

        Assert.That(match.Places.Select(p => p.Described), Is.EqualTo(expected));
        Assert.That(match.TooMany, Is.False);
    }

    [Test]
    public void A_village_is_narrowed_by_its_communes_former_name_and_the_confirmation_says_what_it_is_today()
    {
        Place[] villages =
        [
            new(1, "Thôn 1", 19462, "Xã Tân Lập") { CommuneFormerNames = ["Xã Tân Liên", "Xã Hướng Lộc", "Xã Tân Lập"] },
            new(2, "Thôn 1", 19429, "Xã Khe Sanh") { CommuneFormerNames = ["Thị trấn Khe Sanh", "Xã Tân Hợp", "Xã Húc", "Xã Hướng Tân"] },
        ];

        var match = PlaceMatcher.Match("thôn 1, xã Hướng Tân", villages);

        Assert.That(match.Places.Select(p => p.UnitId), Is.EqualTo(new[] { 2L }));
        Assert.That(HandoffTexts.ConfirmPlace(match.Places[0]), Is.EqualTo("Hướng Tân nay thuộc Xã Khe Sanh. Bà con ở Thôn 1, Xã Khe Sanh phải không ạ?"));
    }

    [TestCase("tân lập", false, 1)]
    [TestCase("thôn tân lập", false, 1)]
    [TestCase("xã Tân Lập", true, 100)]
    [TestCase("xa huong lap", true, 200)]
    [TestCase("Hà Nội", false, null)]
    public void At_the_village_question_a_commune_answer_is_taken_as_the_commune(string typed, bool commune, long? expected)
    {
        var (match, isCommune) = PlaceMatcher.MatchVillageOrCommune(typed, Villages, Communes);

        Assert.That(isCommune, Is.EqualTo(commune));
        Assert.That(match.Places.Select(p => (long?)p.UnitId).FirstOrDefault(), Is.EqualTo(expected));
    }
}
