using ZaloBot.Commands;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Commands;

public sealed class AppCommandsTests
{
    private static readonly string[] CommandNames = ["healthcheck", "import-units", "backup", "rebuild-figures", "seed-demo", "bot-webhook"];

    [Test]
    public async Task Help_lists_every_command()
    {
        var run = await CommandRun.RunAsync("--help");

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Output, Does.Contain("Commands:"));
        foreach (var name in CommandNames)
        {
            Assert.That(run.Output, Does.Contain("  " + name), name);
        }
    }

    [TestCase("healthcheck", "<url>")]
    [TestCase("import-units", "--default")]
    [TestCase("backup", "<file>")]
    [TestCase("rebuild-figures", "rebuild-figures [options]")]
    [TestCase("seed-demo", "--assists <N> (REQUIRED)")]
    [TestCase("bot-webhook", "set <url>")]
    public async Task Each_command_explains_itself_with_help(string name, string shown)
    {
        var run = await CommandRun.RunAsync(name, "--help");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("Usage:").And.Contain(shown).And.Contain("Exit 0"));
    }

    [TestCase("import-unit")]
    [TestCase("serve")]
    [TestCase("bakup", "/tmp/copy.db")]
    public async Task An_unknown_command_is_refused_with_the_list_of_commands_instead_of_starting_the_server(params string[] args)
    {
        var run = await CommandRun.RunAsync(args);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Errors, Does.Contain($"Unrecognized command or argument '{args[0]}'"));
        Assert.That(run.Output, Does.Contain("Commands:").And.Contain("import-units").And.Contain("seed-demo"));
    }

    [Test]
    public void No_arguments_or_only_host_arguments_start_the_server()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AppCommands.Parse([]), Is.Null);
            Assert.That(AppCommands.Parse(["--urls", "http://0.0.0.0:8080"]), Is.Null);
            Assert.That(AppCommands.Parse(["--ConnectionStrings:ZaloBot=Data Source=/data/zalobot.db"]), Is.Null);
            Assert.That(AppCommands.Parse(["--environment=Development", "--contentRoot=/app", "--applicationName=ZaloBot"]), Is.Null, "as WebApplicationFactory starts it");
            Assert.That(AppCommands.Parse(["urls=http://0.0.0.0:8080"]), Is.Null);
        });
    }

    [TestCase(new[] { "seed-demo", "--assists", "nhiều" }, "--assists takes a whole number of at least 1, not nhiều.")]
    [TestCase(new[] { "seed-demo", "--assists", "0" }, "--assists takes a whole number of at least 1, not 0.")]
    [TestCase(new[] { "seed-demo" }, "Option '--assists' is required.")]
    [TestCase(new[] { "healthcheck", "127.0.0.1:8080" }, "Not an http(s) address: 127.0.0.1:8080")]
    [TestCase(new[] { "import-units" }, "Give either a CSV file or --default.")]
    [TestCase(new[] { "import-units", "units.csv", "--default" }, "Give either a CSV file or --default.")]
    [TestCase(new[] { "backup" }, "Required argument missing for command: 'backup'.")]
    [TestCase(new[] { "backup", "copy.db", "--conectionstrings=x" }, "Unrecognized command or argument '--conectionstrings=x'.")]
    public async Task A_wrong_argument_is_named_with_the_commands_help_and_exit_code_1(string[] args, string error)
    {
        var run = await CommandRun.RunAsync(args);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Errors, Does.Contain(error));
        Assert.That(run.Output, Does.Contain($" {args[0]} "), "the command's own help follows");
    }

    [Test]
    public async Task Healthcheck_exits_0_when_the_app_is_live_and_1_when_nothing_answers()
    {
        await using var app = new TestApp(TestApp.NewDatabasePath());
        using var client = app.CreateClient();

        var live = await CommandRun.RunAsync("healthcheck", new Uri(client.BaseAddress!, "/health/live").AbsoluteUri);
        var missing = await CommandRun.RunAsync("healthcheck", new Uri(client.BaseAddress!, "/health/nothing-here").AbsoluteUri);
        var closed = await CommandRun.RunAsync("healthcheck", "http://127.0.0.1:1/health/live");

        Assert.That((live.ExitCode, missing.ExitCode, closed.ExitCode), Is.EqualTo((0, 1, 1)));
    }
}
