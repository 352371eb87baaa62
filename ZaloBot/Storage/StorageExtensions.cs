namespace ZaloBot.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).Configure(options =>
                options.ConnectionString = builder.Configuration.GetConnectionString("ZaloBot") ?? StorageOptions.DefaultConnectionString)
            .Validate(o => o.BackupEvery > TimeSpan.Zero && o.BackupKeep > 0, "Storage: BackupEvery and BackupKeep must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Db>();
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddSingleton<DatabaseBackup>();
        builder.Services.AddHostedService<WalCheckpointer>();
        builder.Services.AddHostedService<BackupScheduler>();
        return builder;
    }

    /// <summary>Makes the database's files private, then brings its schema up to date, before the app takes traffic.</summary>
    public static async Task MigrateDatabaseAsync(this IHost app)
    {
        var services = app.Services;
        DatabaseFiles.MakePrivate(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseFiles).FullName!));
        await services.GetRequiredService<Migrator>().MigrateAsync();
    }
}
