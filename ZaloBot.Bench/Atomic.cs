namespace ZaloBot.Bench;

internal static class Atomic
{
    /// <summary>Raises <paramref name="target"/> to <paramref name="value"/> if that is higher, safely against other threads.</summary>
    public static void Max(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
