using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ZaloBot.BotPlatform;
using ZaloBot.Health;
using ZaloBot.PastReports;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.Commands;

/// <summary>
/// The app's command line, one table of the operator's commands with their arguments and exit codes (see
/// docs/commands.md). The first argument decides: a command's name runs that command and exits; nothing, or only
/// host arguments such as <c>--urls http://…</c>, starts the server; any other word is refused with the list of
/// commands, so a mistyped command never starts a second server on a production database.
/// </summary>
public static class AppCommands
{
    /// <summary>
    /// Parses <paramref name="args"/> into the command to run, or null when they are the server's. A configuration
    /// override written <c>--Section:Key=value</c> (the host's own form) may follow any command: it is handed to the
    /// command's host, as it is to the server's, and is not one of the command's options.
    /// </summary>
    public static ParseResult? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string[] settings = [.. args.Where(IsSetting)];
        string[] tokens = [.. args.Where(arg => !IsSetting(arg))];
        var root = Create(settings);
        if (tokens is [] || (IsHostArgument(tokens[0]) && !root.Options.Any(option => option.Name == tokens[0] || option.Aliases.Contains(tokens[0]))))
        {
            return null;
        }

        return root.Parse(tokens);
    }

    private static RootCommand Create(string[] settings)
    {
        var root = new RootCommand(
            "ZaloBot: the Zalo OA backend of the community digital technology teams. Without a command it starts the server "
            + "(host arguments such as --urls http://0.0.0.0:8080 go to it). A command's configuration comes from appsettings.json, "
            + "the environment (ConnectionStrings__ZaloBot=…) or arguments written --Section:Key=value.");

        var url = new Argument<Uri>("url")
        {
            Description = "The liveness address to ask.",
            DefaultValueFactory = _ => HealthProbe.DefaultUrl,
            CustomParser = result => Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Refuse<Uri>(result, $"Not an http(s) address: {result.Tokens[0].Value}"),
        };
        var healthcheck = new Command(HealthProbe.Command, "Asks the running app's liveness endpoint. Exit 0 when it answers 2xx, 1 otherwise (the Dockerfile's HEALTHCHECK).")
        {
            url,
        };
        healthcheck.SetAction((parse, cancellationToken) => HealthProbe.RunAsync(parse.GetRequiredValue(url), cancellationToken));

        var unitsFile = new Argument<FileInfo?>("file")
        {
            Description = "A CSV file with the columns code,level,name,parent_code[,former_names].",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var shipped = new Option<bool>(UnitImportCommand.DefaultOption)
        {
            Description = $"Import the province's list shipped in the app ({DefaultUnits.FileName}) instead of a file.",
        };
        var importUnits = new Command(UnitImportCommand.Command,
            "Imports administrative units into the configured database (migrating it first) and lists every refused row. "
            + "Exit 0 when all rows were taken, 2 when some were refused, 1 when the file could not be read.")
        {
            unitsFile,
            shipped,
        };
        importUnits.Validators.Add(result =>
        {
            if ((result.GetValue(unitsFile) is null) == !result.GetValue(shipped))
            {
                result.AddError($"Give either a CSV file or {UnitImportCommand.DefaultOption}.");
            }
        });
        importUnits.SetAction(parse => UnitImportCommand.RunAsync(parse.GetValue(unitsFile), settings, parse.InvocationConfiguration.Output));

        var backupFile = new Argument<FileInfo>("file") { Description = "Where to write the copy (readable by its owner only)." };
        var backup = new Command(BackupCommand.Command,
            "Writes a consistent copy of the configured database, safe while the app runs. Exit 0 when written, 1 otherwise.")
        {
            backupFile,
        };
        backup.SetAction((parse, cancellationToken) => BackupCommand.RunAsync(parse.GetRequiredValue(backupFile), settings, parse.InvocationConfiguration.Output, cancellationToken));

        var rebuildFigures = new Command(FiguresRebuildCommand.Command,
            "Recomputes the unique households and the daily and monthly figures from the reports themselves. Run it with the app stopped. Exit 0 when done.");
        rebuildFigures.SetAction((parse, cancellationToken) => FiguresRebuildCommand.RunAsync(settings, parse.InvocationConfiguration.Output, cancellationToken));

        var assists = new Option<int>("--assists")
        {
            Description = "How many reports to make, e.g. 1000000. The same number gives the same rows.",
            HelpName = "N",
            Required = true,
            CustomParser = result => int.TryParse(result.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
                ? count
                : Refuse<int>(result, $"--assists takes a whole number of at least 1, not {result.Tokens[0].Value}."),
        };
        var seedDemo = new Command(DemoDataCommand.Command,
            "Fills Sandbox or a fresh database with the province's 78 communes, demo villages, teams and N made-up reports. "
            + "Exit 0 when all were imported, 2 when the database holds real teams or rows were refused.")
        {
            assists,
        };
        seedDemo.SetAction(parse => DemoDataCommand.RunAsync(parse.GetValue(assists), settings, parse.InvocationConfiguration.Output));

        var webhookUrl = new Argument<Uri>("url")
        {
            Description = "The app's bot webhook, e.g. https://bot.example.vn/webhooks/zalo-bot.",
            CustomParser = result => Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                ? uri
                : Refuse<Uri>(result, $"The Bot Platform needs an https:// address, not {result.Tokens[0].Value}"),
        };
        var setWebhook = new Command("set", "Registers the webhook with the configured ZaloBotPlatform__WebhookSecret, then shows it.") { webhookUrl };
        setWebhook.SetAction((parse, cancellationToken) => BotWebhookCommand.RunAsync(
            BotWebhookCommand.Action.Set, parse.GetRequiredValue(webhookUrl), settings, parse.InvocationConfiguration.Output, cancellationToken));
        var webhookInfo = new Command("info", "Shows the registered webhook (none: polling mode can run).");
        webhookInfo.SetAction((parse, cancellationToken) => BotWebhookCommand.RunAsync(
            BotWebhookCommand.Action.Info, null, settings, parse.InvocationConfiguration.Output, cancellationToken));
        var deleteWebhook = new Command("delete", "Removes the webhook, which polling mode needs.");
        deleteWebhook.SetAction((parse, cancellationToken) => BotWebhookCommand.RunAsync(
            BotWebhookCommand.Action.Delete, null, settings, parse.InvocationConfiguration.Output, cancellationToken));
        var botWebhook = new Command(BotWebhookCommand.Command,
            "The Zalo Bot Platform's webhook for the configured bot: set <url>, info or delete. Prints the bot's id, never its token or secret. "
            + "Exit 0 when done, 1 when the platform refused, 2 when no bot is configured (Live mode).")
        {
            setWebhook,
            webhookInfo,
            deleteWebhook,
        };

        root.Subcommands.Add(healthcheck);
        root.Subcommands.Add(importUnits);
        root.Subcommands.Add(backup);
        root.Subcommands.Add(rebuildFigures);
        root.Subcommands.Add(seedDemo);
        root.Subcommands.Add(botWebhook);
        return root;
    }

    /// <summary>An argument the web host reads (<c>--urls …</c>, <c>/key=value</c>, <c>key=value</c>), not a command's name.</summary>
    private static bool IsHostArgument(string token) => token.StartsWith('-') || token.StartsWith('/') || token.Contains('=', StringComparison.Ordinal);

    /// <summary>A configuration override such as <c>--ConnectionStrings:ZaloBot=Data Source=…</c>: a section, a key and a value.</summary>
    private static bool IsSetting(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=', StringComparison.Ordinal) is var equals and > 2
        && token.AsSpan(2, equals - 2).Contains(':');

    /// <summary>A value the command cannot take: the parse fails with <paramref name="error"/>, shown with the command's help.</summary>
    private static T Refuse<T>(ArgumentResult result, string error)
    {
        result.AddError(error);
        return default!;
    }
}
