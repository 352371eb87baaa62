using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;

namespace ZaloBot.AdminAuth;

/// <summary>
/// Keeps ASP.NET Core's data-protection keys, which protect the console's cookie and its forms' antiforgery tokens, in
/// a folder beside the database. Left to its default, the key ring lives in the app user's home folder, which in the
/// container is not on the /data volume: a replaced container signed every official out and failed forms in flight.
/// </summary>
public static class ConsoleKeyRing
{
    /// <summary>Fixed, so every run reads the keys earlier runs wrote (the default is the app's folder, which may move).</summary>
    public const string ApplicationName = "ZaloBot";

    public const string KeysPathSetting = "DataProtection:KeysPath";

    /// <summary>The key ring's folder beside the database when <see cref="KeysPathSetting"/> does not name one.</summary>
    public const string DefaultFolderName = "data-protection-keys";

    public static IHostApplicationBuilder AddConsoleKeyRing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        // Resolved when the key ring is first needed, from the same configuration the database's path comes from.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((keys, storage, loggers) =>
        {
            if (KeysFolder(builder.Configuration[KeysPathSetting], storage.Value) is { } folder)
            {
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder), loggers);
            }
        });
        return builder;
    }

    /// <summary>
    /// The configured folder, else the one beside the database file; null for a database in memory, which keeps
    /// nothing across runs anyway, so the keys stay where ASP.NET Core puts them by default.
    /// </summary>
    private static string? KeysFolder(string? configured, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        return storage.DatabaseFolder() is { } databaseFolder ? Path.Combine(databaseFolder, DefaultFolderName) : null;
    }
}
