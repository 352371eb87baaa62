namespace ZaloBot.Storage;

/// <summary>Where the SQLite database lives; bound from <c>ConnectionStrings:ZaloBot</c>.</summary>
public sealed class StorageOptions
{
    public const string DefaultConnectionString = "Data Source=zalobot.db";

    public string ConnectionString { get; set; } = DefaultConnectionString;
}
