using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

public sealed class ZaloErrorCodesTests
{
    [TestCase(-32, ZaloErrorKind.Retryable)]
    [TestCase(-100, ZaloErrorKind.Retryable)]
    [TestCase(500, ZaloErrorKind.Retryable)]
    [TestCase(503, ZaloErrorKind.Retryable)]
    [TestCase(ZaloErrorCodes.Timeout, ZaloErrorKind.Retryable)]
    [TestCase(-216, ZaloErrorKind.Token)]
    [TestCase(-220, ZaloErrorKind.Token)]
    [TestCase(-14020, ZaloErrorKind.Token)]
    [TestCase(-201, ZaloErrorKind.PermanentPayload)]
    [TestCase(-210, ZaloErrorKind.PermanentPayload)]
    [TestCase(-213, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-217, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-227, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-230, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-232, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-234, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-244, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-204, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-205, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-209, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-211, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-212, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-221, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-223, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-224, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-237, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-248, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-403, ZaloErrorKind.PermanentRecipient)]
    [TestCase(-999, ZaloErrorKind.Unknown)]
    public void Codes_are_classified_for_the_sender(int code, ZaloErrorKind kind)
    {
        Assert.That(ZaloErrorCodes.Classify(code), Is.EqualTo(kind));
    }

    [Test]
    public void Every_known_code_has_a_reason()
    {
        Assert.That(ZaloErrorCodes.Known.Select(e => e.Reason), Has.All.Not.Empty);
        Assert.That(ZaloErrorCodes.Reason(-230), Is.EqualTo("Người nhận chưa tương tác với OA trong 7 ngày qua"));
    }
}
