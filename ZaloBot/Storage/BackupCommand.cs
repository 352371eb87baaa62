namespace ZaloBot.Storage;

/// <summary>
/// <c>ZaloBot backup FILE</c>: a consistent copy of the configured database, taken while the app runs (see
/// <see cref="DatabaseBackup"/>), written readable by its owner only. Exits 0 when written, 1 otherwise.
/// Configuration is the app's own, so <c>ConnectionStrings__ZaloBot</c> or <c>--ConnectionStrings:ZaloBot=…</c>
/// choose the database.
/// </summary>
public static class BackupCommand
{
    public const string Command = "backup";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            await output.WriteLineAsync($"Usage: ZaloBot {Command} FILE.db");
            return 1;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args[2..],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.AddStorage();
        using var host = builder.Build();
        var database = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.DatabaseFile();
        if (database is null || !File.Exists(database))
        {
            await output.WriteLineAsync($"No database file at {database ?? "(in memory)"}: set ConnectionStrings__ZaloBot to the app's.");
            return 1;
        }

        var target = Path.GetFullPath(args[1]);
        var bytes = await host.Services.GetRequiredService<DatabaseBackup>().BackupAsync(target, CancellationToken.None);
        await output.WriteLineAsync($"Backed up {database} to {target} ({bytes:N0} bytes).");
        return 0;
    }
}
