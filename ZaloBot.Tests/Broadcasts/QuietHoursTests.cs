using ZaloBot.Broadcasts;

namespace ZaloBot.Tests.Broadcasts;

public sealed class QuietHoursTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [TestCase(21, 59, null)]
    [TestCase(22, 0, "2026-11-29T06:00:00+07:00")]
    [TestCase(23, 59, "2026-11-29T06:00:00+07:00")]
    [TestCase(0, 0, "2026-11-28T06:00:00+07:00")]
    [TestCase(5, 59, "2026-11-28T06:00:00+07:00")]
    [TestCase(6, 0, null)]
    [TestCase(12, 0, null)]
    public void Residents_wait_from_22_00_until_06_00_Vietnam_time(int hour, int minute, string? until)
    {
        var now = new DateTimeOffset(2026, 11, 28, hour, minute, 0, Vietnam).ToUniversalTime();

        Assert.That(QuietHours.HeldUntil(BroadcastAudience.Residents, urgent: false, now), Is.EqualTo(until is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(QuietHours.HeldUntil(BroadcastAudience.Residents, urgent: true, now), Is.Null, "urgent is never held");
        Assert.That(QuietHours.HeldUntil(BroadcastAudience.Groups, urgent: false, now), Is.Null, "team groups are never held");
        Assert.That(QuietHours.HeldUntil(BroadcastAudience.Members, urgent: false, now), Is.Null, "team members are never held");
    }
}
