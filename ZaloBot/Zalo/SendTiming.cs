using System.Diagnostics;
using System.Globalization;
using ZaloBot.Monitoring;

namespace ZaloBot.Zalo;

/// <summary>Times sends to Zalo, the OA's and the bot's alike, into the one send metric.</summary>
public static class SendTiming
{
    /// <summary>
    /// Times one send through <paramref name="via"/> to a <paramref name="channel"/> (user or group); the outcome is
    /// "ok" or the code of the <see cref="ZaloApiException"/> it threw.
    /// </summary>
    public static async Task<T> TimeSendAsync<T>(this ZaloBotMetrics metrics, string via, string channel, Func<Task<T>> send)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(send);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await send();
        }
        catch (ZaloApiException ex)
        {
            outcome = ex.Code.ToString(CultureInfo.InvariantCulture);
            throw;
        }
        finally
        {
            metrics.SendTook(via, channel, outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}
