using ZaloBot.Guides;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Guides;

public sealed class GuideContentTests
{
    [Test]
    public void Shipped_content_loads_without_problems_or_warnings()
    {
        var library = GuideHarness.ShippedLibrary;

        Assert.That(library.Warnings, Is.Empty, "every step stays under the ~600-character aim");
        Assert.That(library.Topics.Select(g => g.Id), Is.SupersetOf(new[]
        {
            "vneid", "dich-vu-cong", "khai-sinh", "cu-tru", "ly-lich-tu-phap",
            "ban-hang-online", "thanh-toan-dien-tu", "suc-khoe", "hoc-phi", "binh-dan-hoc-vu-so",
        }));
    }
}
