using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.Channels;
using ZaloBot.Guides;
using ZaloBot.Handoff;
using ZaloBot.Messaging;
using ZaloBot.Residents;
using ZaloBot.Routing;
using ZaloBot.Storage;
using ZaloBot.TeamChat;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Guides;

/// <summary>
/// The real router, resident conversation and OA adapter over a migrated SQLite file, without Kestrel or the
/// dispatcher: each webhook body is read and routed in its own transaction like the dispatcher's, and the replies are
/// read back from the outbox rows it queued. Fast enough to walk every guide button by button.
/// </summary>
public sealed class GuideHarness : IAsyncDisposable
{
    private readonly Db _db;
    private readonly ZaloOaChannel _channel;
    private readonly OutboxWriter _outbox;
    private readonly EventRouter _router;
    private long _inboxId;

    private GuideHarness(string databasePath, Db db, GuideLibrary library)
    {
        DatabasePath = databasePath;
        _db = db;
        Library = library;
        _channel = new ZaloOaChannel(new NoZaloClient(), new ButtonKey(), NullLogger<ZaloOaChannel>.Instance);
        _outbox = new OutboxWriter(new ChannelAdapters([_channel]), Options.Create(new MessagingOptions()));
        var residents = new ResidentConversation(
            new GuideEngine(library, Options.Create(new GuidesOptions())), new GuideRouter(library),
            new HandoffQuestions(Options.Create(new HandoffOptions()), NullLogger<HandoffQuestions>.Instance));
        _router = new EventRouter(new TeamCommands(NullLogger<TeamCommands>.Instance), residents);
    }

    public static GuideLibrary ShippedLibrary { get; } = GuideLoader.Load(new GuidesOptions().ResolvedContentPath);

    public string DatabasePath { get; }

    public GuideLibrary Library { get; }

    /// <summary>The clock the next message arrives at; tests move it forward.</summary>
    public DateTimeOffset Now { get; set; } = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);

    public static async Task<GuideHarness> StartAsync(GuideLibrary? library = null)
    {
        var path = TestApp.NewDatabasePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var db = new Db(Options.Create(new StorageOptions { ConnectionString = $"Data Source={path}" }));
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync();
        return new GuideHarness(path, db, library ?? ShippedLibrary);
    }

    public Task<Reply> FollowAsync(string userId) => RunAsync(ZaloWebhooks.Follow(userId));

    public Task<Reply> SendAsync(string userId, string text) => RunAsync(ZaloWebhooks.UserText(userId, $"m{_inboxId + 1}", text));

    /// <summary>Taps a button: its payload comes back as the user's text (zalo-oa-api.md §2.1).</summary>
    public Task<Reply> TapAsync(string userId, ZaloButton button) => SendAsync(userId, button.Payload);

    /// <summary>Reads and routes one webhook body; returns what it queued for the resident.</summary>
    public async Task<Reply> RunAsync(string webhookBody)
    {
        var inboxId = ++_inboxId;
        await using var connection = await _db.OpenAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var channelEvent = await _channel.ReadAsync(webhookBody, connection, transaction, Now);
        await _router.RouteAsync(new EventContext(channelEvent, inboxId, connection, transaction, Now, _outbox), CancellationToken.None);
        await transaction.CommitAsync();
        var payloads = await connection.QueryAsync<string>(
            "SELECT payload FROM outbox_messages WHERE idempotency_key LIKE @Key ORDER BY id", new { Key = $"inbox:{inboxId}:%" });
        return new Reply(payloads.Select(p => JsonSerializer.Deserialize<OutgoingMessage>(p, OutboxStore.Json)!).ToList());
    }

    public async Task<GuidePosition?> PositionAsync(string userId)
    {
        await using var connection = await _db.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(string Guide, string Step)?>(
            "SELECT guide_id, step_id FROM guide_sessions WHERE user_id = @UserId", new { UserId = userId });
        return row is { } r ? new GuidePosition(r.Guide, r.Step) : null;
    }

    /// <summary>The guide a resident's open handoff questions came from, or null when none are open.</summary>
    public async Task<string?> HandoffGuideAsync(string userId)
    {
        await using var connection = await _db.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT guide_id FROM handoff_conversations WHERE user_id = @UserId", new { UserId = userId });
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
