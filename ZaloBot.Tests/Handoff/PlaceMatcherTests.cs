using ZaloBot.Handoff;

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
    public void Names_lose_their_kind_brackets_and_filler_but_keep_words_that_may_be_names()
    {
        Assert.That(PlaceMatcher.Words("Xã Lìa (trước 2025)"), Is.EqualTo(new[] { "lia" }));
        Assert.That(PlaceMatcher.Words("Thôn số 3"), Is.EqualTo(new[] { "3" }));
        Assert.That(PlaceMatcher.Words("Đặc khu Cồn Cỏ"), Is.EqualTo(new[] { "con", "co" }));
        Assert.That(PlaceMatcher.Words("em ở tổ dân phố 4 ạ"), Is.EqualTo(new[] { "4" }));
        Assert.That(PlaceMatcher.Words("Thôn"), Is.EqualTo(new[] { "thon" }));
    }
}
