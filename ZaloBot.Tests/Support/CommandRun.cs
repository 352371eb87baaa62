using System.CommandLine;
using ZaloBot.Commands;

namespace ZaloBot.Tests.Support;

/// <summary>One run of the app's command line as an operator types it, in this process: its exit code and what it printed.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Errors)
{
    /// <summary>Everything printed, for an assertion's message.</summary>
    public override string ToString() => Output + Errors;

    public static async Task<CommandRun> RunAsync(params string[] args)
    {
        var command = AppCommands.Parse(args) ?? throw new AssertionException($"'{string.Join(' ', args)}' would start the server, not run a command");
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await command.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
        return new CommandRun(exitCode, output.ToString(), errors.ToString());
    }
}
