namespace ZaloBot.Bench;

/// <summary>
/// <c>ZaloBot.Bench [--quick] [--out FILE] [--app ZaloBot.dll] [--only ingest,e2e,burst,broadcast,crash] [--keep]</c> runs the harness;
/// <c>ZaloBot.Bench noop-server</c> is the no-op endpoint the harness starts as a child process.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [NoopServer.Command, ..])
        {
            return await NoopServer.RunAsync(args[1..]);
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }

        return await Harness.RunAsync(options);
    }
}
