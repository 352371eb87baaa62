namespace ZaloBot.Tests.Support;

/// <summary>Waits for the background workers to reach a state, with a generous deadline.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"Timed out after {timeoutSeconds} s waiting until {what}");
    }

    public static Task UntilAsync(Func<bool> condition, string what, int timeoutSeconds = 15) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeoutSeconds);
}
