using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.Guides;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Guides;

/// <summary>
/// The real guide handler over a migrated SQLite file, without Kestrel or the dispatcher: each message runs in its
/// own transaction like the dispatcher's, and the replies are read back from the outbox rows it queued. Fast enough
/// to walk every guide button by button.
/// </summary>
public sealed class GuideHarness : IAsyncDisposable
{
    private readonly Db _db;
    private long _inboxId;

    private GuideHarness(string databasePath, Db db, GuideHandler handler, GuideLibrary library)
    {
        DatabasePath = databasePath;
        _db = db;
        Handler = handler;
        Library = library;
    }

    public static GuideLibrary ShippedLibrary { get; } = GuideLoader.Load(new GuidesOptions().ResolvedContentPath);

    public string DatabasePath { get; }

    public GuideHandler Handler { get; }

    public GuideLibrary Library { get; }

    /// <summary>The clock the next message arrives at; tests move it forward.</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    public static async Task<GuideHarness> StartAsync(GuideLibrary? library = null)
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" }));
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        library ??= ShippedLibrary;
        var options = Options.Create(new GuidesOptions());
        var handler = new GuideHandler(new GuideEngine(library, new GuideRouter(library), options), new HandoffNotYetAvailable());
        return new GuideHarness(path, db, handler, library);
    }

    public Task<Reply> FollowAsync(string userId) => RunAsync(new FollowEvent("follow", "0", userId, "oa_profile"));

    public Task<Reply> SendAsync(string userId, string text) =>
        RunAsync(new UserMessageEvent("user_send_text", "0", userId, new MessageContent(MessageKind.Text, $"m{_inboxId + 1}", text, [], null)));

    /// <summary>Taps a button: its payload comes back as the user's text (zalo-oa-api.md §2.1).</summary>
    public Task<Reply> TapAsync(string userId, ZaloButton button) => SendAsync(userId, button.Payload);

    public async Task<Reply> RunAsync(ZaloEvent zaloEvent)
    {
        var inboxId = ++_inboxId;
        await using var connection = await _db.OpenAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var context = new EventContext(zaloEvent, inboxId, connection, transaction, Now, new MessagingOptions().MaxReplyParts);
        var handled = await Handler.TryHandleAsync(context, CancellationToken.None);
        await transaction.CommitAsync();
        var payloads = await connection.QueryAsync<string>(
            "SELECT payload FROM outbox_messages WHERE idempotency_key LIKE @Key ORDER BY id", new { Key = $"inbox:{inboxId}:%" });
        return new Reply(handled, payloads.Select(p => JsonSerializer.Deserialize<OutgoingMessage>(p, OutboxStore.Json)!).ToList());
    }

    public async Task<GuidePosition?> PositionAsync(string userId)
    {
        await using var connection = await _db.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(string Guide, string Step)?>(
            "SELECT guide_id, step_id FROM guide_sessions WHERE user_id = @UserId", new { UserId = userId });
        return row is { } r ? new GuidePosition(r.Guide, r.Step) : null;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
