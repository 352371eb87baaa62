using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ZaloBot.Guides;

/// <summary>One of the last buttons shown: its title (a resident may type it) and what it does.</summary>
public sealed record GuideOption(string Title, string Action);

/// <summary>Where a resident is, how they got there, and what the last buttons meant.</summary>
public sealed record GuideSession(
    string UserId,
    GuidePosition Position,
    IReadOnlyList<GuidePosition> History,
    IReadOnlyList<GuideOption> Options,
    DateTimeOffset LastSeenAt);

/// <summary>
/// The guide_sessions and guide_button_key tables. Every call runs inside the dispatcher's transaction, so a
/// session moves only when its replies are queued too.
/// </summary>
public static class GuideSessionStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<GuideSession?> FindAsync(SqliteConnection connection, SqliteTransaction transaction, string userId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>("""
            SELECT user_id AS UserId, guide_id AS GuideId, step_id AS StepId, history AS History, options AS Options, last_seen_at AS LastSeenAt
            FROM guide_sessions WHERE user_id = @UserId
            """, new { UserId = userId }, transaction);
        if (row is null)
        {
            return null;
        }

        var history = (JsonSerializer.Deserialize<List<string>>(row.History, Json) ?? [])
            .Select(ParsePosition).OfType<GuidePosition>().ToList();
        var options = JsonSerializer.Deserialize<List<GuideOption>>(row.Options, Json) ?? [];
        return new GuideSession(row.UserId, new GuidePosition(row.GuideId, row.StepId), history, options,
            DateTimeOffset.FromUnixTimeMilliseconds(row.LastSeenAt));
    }

    public static Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, GuideSession session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return connection.ExecuteAsync("""
            INSERT INTO guide_sessions (user_id, guide_id, step_id, history, options, last_seen_at, updated_at)
            VALUES (@UserId, @GuideId, @StepId, @History, @Options, @LastSeenAt, @Now)
            ON CONFLICT (user_id) DO UPDATE SET
                guide_id = excluded.guide_id, step_id = excluded.step_id, history = excluded.history,
                options = excluded.options, last_seen_at = excluded.last_seen_at, updated_at = excluded.updated_at
            """, new
        {
            session.UserId,
            session.Position.GuideId,
            session.Position.StepId,
            History = JsonSerializer.Serialize(session.History.Select(p => p.ToString()), Json),
            Options = JsonSerializer.Serialize(session.Options, Json),
            LastSeenAt = session.LastSeenAt.ToUnixTimeMilliseconds(),
            Now = now.ToUnixTimeMilliseconds(),
        }, transaction);
    }

    /// <summary>The install's button key, and whether it was already stored; the first call makes it.</summary>
    public static async Task<(byte[] Key, bool Existed)> GetOrCreateButtonKeyAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        var created = await connection.ExecuteAsync(
            "INSERT OR IGNORE INTO guide_button_key (id, secret, created_at) VALUES (1, @Secret, @Now)",
            new { Secret = ButtonPayloads.NewKey(), Now = now.ToUnixTimeMilliseconds() }, transaction);
        var key = await connection.ExecuteScalarAsync<byte[]>("SELECT secret FROM guide_button_key WHERE id = 1", transaction: transaction)
            ?? throw new InvalidOperationException("guide_button_key has no key after insert.");
        return (key, created == 0);
    }

    private static GuidePosition? ParsePosition(string text) =>
        text.Split('/') is [var guide, var step] ? new GuidePosition(guide, step) : null;

    private sealed record SessionRow(string UserId, string GuideId, string StepId, string History, string Options, long LastSeenAt);
}
