using ZaloBot.Teams;

namespace ZaloBot.Tests.Teams;

public sealed class HouseholdKeyTests
{
    [TestCase("Thôn Tân Lập", "tân lập")]
    [TestCase("THON TAN LAP", "Tân Lập")]
    [TestCase("thôn  Tân Lập.", "tan lap")]
    [TestCase("Tổ dân phố 3", "TDP 3")]
    [TestCase("Tổ dân phố số 3", "tổ 3")]
    [TestCase("Bản Cù Bai", "cu bai")]
    [TestCase("Khu phố 2", "KP 2")]
    public void Villages_written_differently_are_one_village(string a, string b)
    {
        Assert.That(HouseholdKey.For("Nguyễn Văn An", a), Is.EqualTo(HouseholdKey.For("nguyen van an", b)));
    }

    [TestCase("Thôn Tân Lập", "Thôn Tân Hòa")]
    [TestCase("Tổ dân phố 3", "Tổ dân phố 4")]
    [TestCase("Thôn", "Bản")]
    public void Different_villages_stay_apart(string a, string b)
    {
        Assert.That(HouseholdKey.For("Nguyễn Văn An", a), Is.Not.EqualTo(HouseholdKey.For("Nguyễn Văn An", b)));
    }

    [Test]
    public void The_same_head_in_the_same_village_is_one_household_and_another_head_is_another()
    {
        Assert.That(HouseholdKey.For("Lê Thị Hoa", "Thôn 1"), Is.EqualTo(HouseholdKey.For("LÊ THỊ HOA", "thon 1")));
        Assert.That(HouseholdKey.For("Lê Thị Hoa", "Thôn 1"), Is.Not.EqualTo(HouseholdKey.For("Lê Thị Hòa", "Thôn 2")));
    }
}
