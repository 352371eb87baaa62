namespace ZaloBot.Storage;

/// <summary>
/// Keeps the database readable by the app's user only. SQLite creates a new database file with mode 0644 (less the
/// umask), and its <c>-wal</c> and <c>-shm</c> files with the database file's own mode: so the folder (when the app
/// creates it) is made 0700 and the file 0600 before SQLite first opens it, and the files of an existing database are
/// narrowed to 0600 at every start.
/// </summary>
public static partial class DatabaseFiles
{
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly string[] Companions = ["", "-wal", "-shm", "-journal"];

    /// <summary>Creates or narrows the database's files; says so once when their folder is open to other users.</summary>
    public static void MakePrivate(StorageOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsWindows() || options.DatabaseFile() is not { } file)
        {
            return;
        }

        var folder = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(folder))
        {
            CreatePrivateFolder(folder);
        }
        else if ((File.GetUnixFileMode(folder) & (UnixFileMode.OtherRead | UnixFileMode.OtherExecute)) != 0)
        {
            // A folder the app did not create is not the app's to change (under dotnet run it is the project's).
            LogOpenFolder(logger, folder);
        }

        CreatePrivate(file);
        foreach (var companion in Companions)
        {
            if (File.Exists(file + companion))
            {
                File.SetUnixFileMode(file + companion, PrivateFile);
            }
        }
    }

    /// <summary>Creates an empty file with mode 0600 (on Unix) unless it exists; SQLite takes an empty file as a new database.</summary>
    public static void CreatePrivate(string path)
    {
        var create = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = PrivateFile;
        }

        using var _ = new FileStream(path, create);
    }

    /// <summary>Creates a folder with mode 0700 (on Unix) unless it exists.</summary>
    public static void CreatePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, PrivateFolder);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database folder {Folder} can be listed by other users of this machine; chmod 700 it")]
    private static partial void LogOpenFolder(ILogger logger, string folder);
}
