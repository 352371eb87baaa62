namespace ZaloBot.Tests.Support;

/// <summary>The repository the tests were built from: the folder holding ZaloBot.slnx above the test binaries.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ZaloBot.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No ZaloBot.slnx above {AppContext.BaseDirectory}.");
    }
}
