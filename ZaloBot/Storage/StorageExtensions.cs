namespace ZaloBot.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().Configure(options =>
            options.ConnectionString = builder.Configuration.GetConnectionString("ZaloBot") ?? StorageOptions.DefaultConnectionString);
        builder.Services.AddSingleton<Db>();
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddHostedService<WalCheckpointer>();
        return builder;
    }

    /// <summary>Brings the database schema up to date before the app takes traffic.</summary>
    public static async Task MigrateDatabaseAsync(this IHost app)
    {
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
    }
}
