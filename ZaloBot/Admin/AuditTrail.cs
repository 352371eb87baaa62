using System.Data;
using Dapper;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;

namespace ZaloBot.Admin;

/// <summary>What the console showed in full that it otherwise masks.</summary>
public enum AuditAction
{
    /// <summary>A help request's page showed the resident's phone number; the subject is the request's code.</summary>
    RequestPhoneViewed,

    /// <summary>A team's page showed its members' phone numbers; the subject is the team's id.</summary>
    TeamPhonesViewed,

    /// <summary>A roster export carried the members' phone numbers; the subject is the export's filter.</summary>
    RosterPhonesExported,
}

/// <summary>One line of the audit trail: who was shown what, and when.</summary>
public sealed record AuditEvent(AuditAction Action, string Actor, string? ActorUnit, string Subject, DateTimeOffset At);

/// <summary>
/// The <c>audit_events</c> table: every time an official is shown a full phone number, so a province can answer
/// "who looked at this person's number, and when". The record is written before the number is sent, so a view that
/// could not be recorded is not shown.
/// </summary>
public static class AuditTrail
{
    public static async Task RecordAsync(Db db, Officer officer, AuditAction action, string subject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(officer);
        await using var connection = await db.OpenAsync(cancellationToken);
        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_events (action, actor, actor_unit, subject, at) VALUES (@Action, @Actor, @ActorUnit, @Subject, @At)",
            new
            {
                Action = Code(action),
                Actor = officer.DisplayName,
                ActorUnit = officer.Scope.CommuneCode,
                Subject = subject,
                At = now.ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken));
    }

    /// <summary>The latest views of one subject, newest first.</summary>
    public static async Task<IReadOnlyList<AuditEvent>> ForSubjectAsync(IDbConnection connection, AuditAction action, string subject, int limit) =>
        (await connection.QueryAsync<(string Actor, string? ActorUnit, long At)>("""
            SELECT actor, actor_unit, at FROM audit_events WHERE action = @Action AND subject = @Subject ORDER BY at DESC, id DESC LIMIT @Limit
            """, new { Action = Code(action), Subject = subject, Limit = limit }))
        .Select(r => new AuditEvent(action, r.Actor, r.ActorUnit, subject, DateTimeOffset.FromUnixTimeMilliseconds(r.At))).ToList();

    private static string Code(AuditAction action) => action switch
    {
        AuditAction.RequestPhoneViewed => "request_phone_viewed",
        AuditAction.TeamPhonesViewed => "team_phones_viewed",
        _ => "roster_phones_exported",
    };
}
