using ZaloBot.Handoff;

namespace ZaloBot.Tests.Handoff;

/// <summary>The short answers residents type, the handoff's button actions, and how waiting times read.</summary>
public sealed class HandoffWordsTests
{
    [TestCase("Đúng rồi", true, false)]
    [TestCase("dạ đúng rồi ạ", true, false)]
    [TestCase("ok", true, false)]
    [TestCase("Vâng", true, false)]
    [TestCase("có", true, false)]
    [TestCase("không", false, true)]
    [TestCase("dạ không phải", false, true)]
    [TestCase("ko", false, true)]
    [TestCase("Tân Lập", false, false)]
    [TestCase("không biết", false, false)]
    public void Yes_and_no_are_whole_answers(string typed, bool yes, bool no)
    {
        Assert.That((ResidentWords.IsYes(typed), ResidentWords.IsNo(typed)), Is.EqualTo((yes, no)));
    }

    [TestCase("hủy", true)]
    [TestCase("Huỷ yêu cầu", true)]
    [TestCase("thôi không cần nữa", true)]
    [TestCase("hủy đăng ký tạm trú", false)]
    public void Cancel_is_the_whole_message(string typed, bool cancel)
    {
        Assert.That(ResidentWords.IsCancel(typed), Is.EqualTo(cancel));
    }

    [TestCase("không biết", true)]
    [TestCase("tôi không nhớ tên thôn", true)]
    [TestCase("quên rồi", true)]
    [TestCase("Tân Lập", false)]
    public void I_dont_know_is_found_inside_a_sentence(string typed, bool dontKnow)
    {
        Assert.That(ResidentWords.IsDontKnow(typed), Is.EqualTo(dontKnow));
    }

    [Test]
    public void Every_action_survives_its_payload()
    {
        HandoffAction[] actions =
        [
            new HandoffAction.ChooseVillage(12), new HandoffAction.OtherVillage(), new HandoffAction.VillageUnknown(),
            new HandoffAction.ChooseCommune(3), new HandoffAction.OtherCommune(), new HandoffAction.CommuneUnknown(),
            new HandoffAction.SkipContact(), new HandoffAction.Send(), new HandoffAction.Quit(), new HandoffAction.AskCancel(7),
            new HandoffAction.Cancel(7), new HandoffAction.Keep(7), new HandoffAction.AddNote(7),
        ];

        Assert.That(actions.Select(a => HandoffAction.Decode(a.Encode())), Is.EqualTo(actions));
        Assert.That(actions.Select(a => a.Encode()), Has.All.StartWith(HandoffAction.Prefix));
    }

    [TestCase("m")]
    [TestCase("h/vneid/_intro")]
    [TestCase("ho/v/abc")]
    [TestCase("ho/zz")]
    [TestCase(null)]
    public void Guide_actions_and_unknown_ones_are_not_handoff_actions(string? action)
    {
        Assert.That(HandoffAction.Decode(action), Is.Null);
    }

    [TestCase(20, "vừa xong", "chưa tới 1 phút")]
    [TestCase(5 * 60, "5 phút trước", "5 phút")]
    [TestCase(3 * 3600 + 59 * 60, "3 giờ trước", "3 giờ")]
    [TestCase(2 * 86400 + 3600, "2 ngày trước", "2 ngày")]
    public void Waiting_times_read_in_whole_units(int seconds, string ago, string duration)
    {
        var span = TimeSpan.FromSeconds(seconds);
        Assert.That((HandoffTexts.Ago(span), HandoffTexts.Duration(span)), Is.EqualTo((ago, duration)));
    }
}
