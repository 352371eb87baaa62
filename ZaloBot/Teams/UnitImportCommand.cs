using ZaloBot.Storage;

namespace ZaloBot.Teams;

/// <summary>
/// <c>ZaloBot import-units FILE</c>: imports administrative units from a CSV file into the configured database
/// (migrating it first), prints what was added and every refused row, and exits 0 when all rows were taken,
/// 2 when some were refused, 1 when the file could not be read. <c>ZaloBot import-units --default</c> imports the
/// province's list shipped in the app (<see cref="DefaultUnits"/>). Configuration is the app's own, so
/// <c>ConnectionStrings__ZaloBot</c> or <c>--ConnectionStrings:ZaloBot=…</c> choose the database.
/// </summary>
public static class UnitImportCommand
{
    public const string Command = "import-units";

    /// <summary>In place of a file: the province's list shipped in the app.</summary>
    public const string DefaultOption = "--default";

    /// <summary>Imports <paramref name="file"/>, or the shipped list when it is null; <paramref name="settings"/> configure the host.</summary>
    public static async Task<int> RunAsync(FileInfo? file, string[] settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var shipped = file is null;

        // Under `dotnet run --project ZaloBot` the working folder is ZaloBot/, so say where a relative path was looked for.
        var path = file?.FullName ?? DefaultUnits.FileName + " (shipped)";
        if (file is { Exists: false })
        {
            await output.WriteLineAsync($"File not found: {path} (relative paths start from {Environment.CurrentDirectory})");
            return 1;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddStorage();
        using var host = builder.Build();
        await host.MigrateDatabaseAsync();

        var csv = shipped ? DefaultUnits.Csv : await File.ReadAllTextAsync(path);
        var db = host.Services.GetRequiredService<Db>();
        await using var connection = await db.OpenAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await UnitImporter.ImportCsvAsync(connection, transaction, csv, DateTimeOffset.UtcNow);
        await transaction.CommitAsync();

        await output.WriteLineAsync($"{path}: {result.Added} added, {result.Updated} updated, {result.Unchanged} unchanged, {result.Errors.Count} refused.");
        foreach (var error in result.Errors)
        {
            await output.WriteLineAsync($"  line {error.Line}{(error.Code is null ? "" : $" ({error.Code})")}: {error.Message}");
        }

        return result.HasErrors ? 2 : 0;
    }
}
