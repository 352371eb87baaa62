using System.Globalization;
using Microsoft.Extensions.Options;

namespace ZaloBot.Storage;

/// <summary>
/// Takes a backup into <see cref="StorageOptions.BackupFolder"/> whenever the newest one there is older than
/// <see cref="StorageOptions.BackupEvery"/> (so a restart does not take an extra one), and keeps the newest
/// <see cref="StorageOptions.BackupKeep"/>. Off when no folder is configured. Files are named by their UTC time,
/// <c>zalobot-20261128T031500.000Z.db</c>, which is what "newest" is read from.
/// </summary>
public sealed partial class BackupScheduler(
    DatabaseBackup backup, TimeProvider clock, IOptions<StorageOptions> options, ILogger<BackupScheduler> logger)
    : PeriodicService(CheckInterval(options.Value), clock)
{
    private const string Prefix = "zalobot-";
    private const string Extension = ".db";
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'.'fff'Z'";

    private readonly StorageOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        string.IsNullOrWhiteSpace(_options.BackupFolder) ? Task.CompletedTask : base.ExecuteAsync(stoppingToken);

    protected override async Task RunRoundAsync(CancellationToken stoppingToken)
    {
        var folder = Path.GetFullPath(_options.BackupFolder!);
        var now = Clock.GetUtcNow();
        var existing = Backups(folder);
        if (existing.Count > 0 && now - existing[0].Time < _options.BackupEvery)
        {
            return;
        }

        await backup.BackupAsync(Path.Combine(folder, Prefix + now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + Extension), stoppingToken);
        foreach (var old in Backups(folder).Skip(_options.BackupKeep))
        {
            File.Delete(old.Path);
        }
    }

    /// <summary>The scheduled backups in the folder, newest first.</summary>
    private static List<(string Path, DateTimeOffset Time)> Backups(string folder) =>
        !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder, Prefix + "*" + Extension)
                .Select(path => (Path: path, Name: System.IO.Path.GetFileNameWithoutExtension(path)[Prefix.Length..]))
                .Select(f => (f.Path, Parsed: DateTimeOffset.TryParseExact(f.Name, TimeFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var time), Time: time))
                .Where(f => f.Parsed)
                .OrderByDescending(f => f.Time)
                .Select(f => (f.Path, f.Time))
                .ToList();

    /// <summary>Looks once a minute whether a backup is due, or more often when backups are more frequent than that.</summary>
    private static TimeSpan CheckInterval(StorageOptions options) =>
        options.BackupEvery < TimeSpan.FromMinutes(1) ? options.BackupEvery : TimeSpan.FromMinutes(1);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled backup failed; the next check tries again")]
    protected override partial void LogRoundFailed(Exception exception);
}
