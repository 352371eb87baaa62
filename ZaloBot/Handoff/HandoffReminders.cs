using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ZaloBot.Messaging;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.Handoff;

/// <summary>
/// Requests nobody takes: after <see cref="HandoffOptions.RemindAfter"/> the team's group is reminded, after
/// <see cref="HandoffOptions.EscalateAfter"/> the request is raised to the commune team's group (or, when it is already
/// there, reminded once more) and the resident is told. Each step is marked on the request in the same transaction as
/// its outbox rows, whose keys are fixed per request and step, so a crash or restart never sends one twice.
/// </summary>
public sealed partial class HandoffReminders(
    Db db, OutboxWriter outbox, OutboxSignal outboxSignal, TimeProvider clock, IOptions<HandoffOptions> options, IOptions<MessagingOptions> messaging,
    ILogger<HandoffReminders> logger) : BackgroundService
{
    private readonly HandoffOptions _options = options.Value;
    private readonly int _maxParts = messaging.Value.MaxReplyParts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) > 0)
                {
                    outboxSignal.Notify(OutboxLane.Replies);
                }

                await Task.Delay(_options.CheckInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database was busy or failed: try again next round rather than stop reminding.
                LogRoundFailed(ex);
                await Task.Delay(_options.CheckInterval, clock, CancellationToken.None);
            }
        }
    }

    /// <summary>Sends what is due now; returns how many requests were reminded or raised.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(cancellationToken);

        // Look first without the write lock: most rounds find nothing.
        if (!await HelpRequestStore.AnyWaitingAsync(connection, now - _options.RemindAfter, now - _options.EscalateAfter))
        {
            return 0;
        }

        using var turn = await db.TakeWriteTurnAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var done = 0;
        foreach (var request in await HelpRequestStore.DueForEscalationAsync(connection, transaction, now - _options.EscalateAfter))
        {
            done += await EscalateAsync(connection, transaction, request, now) ? 1 : 0;
        }

        foreach (var request in await HelpRequestStore.DueForReminderAsync(connection, transaction, now - _options.RemindAfter))
        {
            done += await RemindAsync(connection, transaction, request, now) ? 1 : 0;
        }

        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    private async Task<bool> RemindAsync(SqliteConnection connection, SqliteTransaction transaction, HelpRequest request, DateTimeOffset now)
    {
        if (!await HelpRequestStore.MarkRemindedAsync(connection, transaction, request.Id, now))
        {
            return false;
        }

        if (await GroupOfAsync(connection, transaction, request.TeamId) is { } group)
        {
            await EnqueueAsync(connection, transaction, request, "remind", group, HandoffTexts.Reminder(request, now), now);
        }

        LogReminded(request.Code, request.TeamId);
        return true;
    }

    private async Task<bool> EscalateAsync(SqliteConnection connection, SqliteTransaction transaction, HelpRequest request, DateTimeOffset now)
    {
        var communeTeam = await HandoffRouting.EscalationTeamAsync(connection, transaction, request);
        if (!await HelpRequestStore.MarkEscalatedAsync(connection, transaction, request.Id, communeTeam?.Id, now))
        {
            return false;
        }

        var group = await GroupOfAsync(connection, transaction, request.TeamId);
        if (communeTeam is null)
        {
            // Already at the commune team, or none above it: remind once more where it is.
            if (group is not null)
            {
                await EnqueueAsync(connection, transaction, request, "remind-again", group, HandoffTexts.SecondReminder(request, now), now);
            }

            LogNoEscalation(request.Code, request.TeamId);
            return true;
        }

        var notes = await HelpRequestStore.NotesAsync(connection, transaction, request.Id);
        await EnqueueAsync(connection, transaction, request, "escalate", communeTeam.Group!, HandoffTexts.Escalated(request, notes, now), now);
        if (group is not null)
        {
            await EnqueueAsync(connection, transaction, request, "escalate-notice", group, HandoffTexts.EscalatedNotice(request, communeTeam, now), now);
        }

        await EnqueueAsync(connection, transaction, request, "escalate-resident", request.Resident, HandoffTexts.ToResidentEscalated(request, communeTeam), now);
        LogEscalated(request.Code, request.TeamId, communeTeam.Id);
        return true;
    }

    private static async Task<Conversation?> GroupOfAsync(SqliteConnection connection, SqliteTransaction transaction, long teamId) =>
        (await TeamStore.FindAsync(connection, transaction, teamId))?.Group;

    /// <summary>Queues a text under keys fixed by the request and the step, so the same step never queues twice.</summary>
    private async Task EnqueueAsync(
        SqliteConnection connection, SqliteTransaction transaction, HelpRequest request, string step, Conversation to, string text, DateTimeOffset now)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"handoff:{request.Id}:{step}");
        var queued = await outbox.EnqueueAsync(connection, transaction, key, 1, to, BotMessage.Say(VietnameseText.Nfc(text)), OutboxPriority.Reply, now);
        if (queued.Cut)
        {
            LogCut(request.Code, step, _maxParts);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Step} message of help request {Code} was longer than {MaxParts} messages and was cut")]
    private partial void LogCut(string code, string step, int maxParts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} waits: reminded team {TeamId}")]
    private partial void LogReminded(string code, long teamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} waits: raised from team {TeamId} to commune team {CommuneTeamId}")]
    private partial void LogEscalated(string code, long teamId, long communeTeamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Help request {Code} waits: no team above team {TeamId}, reminded again")]
    private partial void LogNoEscalation(string code, long teamId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handoff reminders could not run; retrying next round")]
    private partial void LogRoundFailed(Exception exception);
}
