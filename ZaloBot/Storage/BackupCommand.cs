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

    /// <summary>Copies the database <paramref name="settings"/> configure to <paramref name="target"/>.</summary>
    public static async Task<int> RunAsync(FileInfo target, string[] settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
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

        var bytes = await host.Services.GetRequiredService<DatabaseBackup>().BackupAsync(target.FullName, cancellationToken);
        await output.WriteLineAsync($"Backed up {database} to {target.FullName} ({bytes:N0} bytes).");
        return 0;
    }
}
