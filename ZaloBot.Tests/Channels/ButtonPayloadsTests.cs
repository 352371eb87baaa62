using ZaloBot.Channels;

namespace ZaloBot.Tests.Channels;

public sealed class ButtonPayloadsTests
{
    private static readonly ButtonPayloads Payloads = new(ButtonPayloads.NewKey());

    [Test]
    public void A_signed_payload_verifies_for_its_user_and_gives_back_the_action()
    {
        var payload = Payloads.Sign("user-1", "s/vneid/otp");

        Assert.That(payload, Does.StartWith("~g|s/vneid/otp|"));
        Assert.That(Payloads.TryVerify("user-1", payload, out var action), Is.True);
        Assert.That(action, Is.EqualTo("s/vneid/otp"));
    }

    [Test]
    public void A_payload_does_not_work_for_another_user_or_another_install()
    {
        var payload = Payloads.Sign("user-1", "m");

        Assert.That(Payloads.TryVerify("user-2", payload, out _), Is.False);
        Assert.That(new ButtonPayloads(ButtonPayloads.NewKey()).TryVerify("user-1", payload, out _), Is.False);
    }

    [TestCase("~g|s/vneid/xong|AAAAAAAAAAAA")]
    [TestCase("~g|s/vneid/xong|")]
    [TestCase("~g|s/vneid/xong")]
    [TestCase("~g|")]
    [TestCase("~g|m|not base64!")]
    [TestCase("menu")]
    [TestCase("#menu")]
    public void Typed_text_never_passes_for_a_button(string typed)
    {
        Assert.That(Payloads.TryVerify("user-1", typed, out _), Is.False);
    }

    [Test]
    public void Changing_the_action_of_a_real_payload_breaks_it()
    {
        var payload = Payloads.Sign("user-1", "s/vneid/cai-app");

        Assert.That(Payloads.TryVerify("user-1", payload.Replace("cai-app", "xong", StringComparison.Ordinal), out _), Is.False);
    }
}
