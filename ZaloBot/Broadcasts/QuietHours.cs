using ZaloBot.Teams;

namespace ZaloBot.Broadcasts;

/// <summary>
/// The night rule for residents: no announcement reaches them between 22:00 and 06:00 Vietnam time unless it is
/// urgent; it waits until 06:00. Team groups and team members are working channels and are not held.
/// </summary>
public static class QuietHours
{
    public static readonly TimeSpan Start = TimeSpan.FromHours(22);
    public static readonly TimeSpan End = TimeSpan.FromHours(6);

    /// <summary>The next 06:00 Vietnam time when <paramref name="now"/> falls in the quiet hours, else null.</summary>
    public static DateTimeOffset? HeldUntil(DateTimeOffset now)
    {
        var local = now.ToOffset(VietnamTime.Offset);
        var time = local.TimeOfDay;
        if (time >= End && time < Start)
        {
            return null;
        }

        var day = time >= Start ? local.Date.AddDays(1) : local.Date;
        return new DateTimeOffset(day + End, VietnamTime.Offset);
    }

    /// <summary>Whether this announcement must wait now: residents, not urgent, inside the quiet hours.</summary>
    public static DateTimeOffset? HeldUntil(BroadcastAudience audience, bool urgent, DateTimeOffset now) =>
        audience == BroadcastAudience.Residents && !urgent ? HeldUntil(now) : null;
}
