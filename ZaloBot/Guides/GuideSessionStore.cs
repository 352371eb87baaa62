using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Messaging;

namespace ZaloBot.Guides;

/// <summary>Where a resident is, how they got there, and the last choices offered (a typed number or title picks one).</summary>
public sealed record GuideSession(
    Conversation Resident,
    GuidePosition Position,
    IReadOnlyList<GuidePosition> History,
    IReadOnlyList<Choice> Options,
    DateTimeOffset LastSeenAt);

/// <summary>
/// The <c>guide_sessions</c> table, one row per resident conversation. Every call runs inside the dispatcher's
/// transaction, so a session moves only when its replies are queued too.
/// </summary>
public static class GuideSessionStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<GuideSession?> FindAsync(SqliteConnection connection, SqliteTransaction transaction, Conversation resident)
    {
        ArgumentNullException.ThrowIfNull(resident);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>("""
            SELECT guide_id AS GuideId, step_id AS StepId, history AS History, options AS Options, last_seen_at AS LastSeenAt
            FROM guide_sessions WHERE via = @Via AND user_id = @UserId
            """, new { Via = resident.Channel.Code(), UserId = resident.Id }, transaction);
        if (row is null)
        {
            return null;
        }

        var history = (JsonSerializer.Deserialize<List<string>>(row.History, Json) ?? [])
            .Select(ParsePosition).OfType<GuidePosition>().ToList();
        var options = JsonSerializer.Deserialize<List<Choice>>(row.Options, Json) ?? [];
        return new GuideSession(resident, new GuidePosition(row.GuideId, row.StepId), history, options,
            DateTimeOffset.FromUnixTimeMilliseconds(row.LastSeenAt));
    }

    public static Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, GuideSession session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return connection.ExecuteAsync("""
            INSERT INTO guide_sessions (via, user_id, guide_id, step_id, history, options, last_seen_at, updated_at)
            VALUES (@Via, @UserId, @GuideId, @StepId, @History, @Options, @LastSeenAt, @Now)
            ON CONFLICT (via, user_id) DO UPDATE SET
                guide_id = excluded.guide_id, step_id = excluded.step_id, history = excluded.history,
                options = excluded.options, last_seen_at = excluded.last_seen_at, updated_at = excluded.updated_at
            """, new
        {
            Via = session.Resident.Channel.Code(),
            UserId = session.Resident.Id,
            session.Position.GuideId,
            session.Position.StepId,
            History = JsonSerializer.Serialize(session.History.Select(p => p.ToString()), Json),
            Options = JsonSerializer.Serialize(session.Options, Json),
            LastSeenAt = session.LastSeenAt.ToUnixTimeMilliseconds(),
            Now = now.ToUnixTimeMilliseconds(),
        }, transaction);
    }

    private static GuidePosition? ParsePosition(string text) =>
        text.Split('/') is [var guide, var step] ? new GuidePosition(guide, step) : null;

    private sealed record SessionRow(string GuideId, string StepId, string History, string Options, long LastSeenAt);
}
