using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.Storage;

namespace ZaloBot.Tests.Support;

/// <summary>A fresh SQLite file in a folder of its own, with every migration applied.</summary>
public static class MigratedDb
{
    public static async Task<Db> CreateAsync()
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" }));
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        return db;
    }
}
