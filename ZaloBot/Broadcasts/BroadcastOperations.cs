using System.Globalization;
using Microsoft.Data.Sqlite;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Text;
using ZaloBot.Zalo;

namespace ZaloBot.Broadcasts;

/// <summary>
/// What officials do with announcements, for the admin API and the console alike: preview an audience, create,
/// schedule, send now, cancel, and read status, lists and recipients. The rules live here: what a request must hold,
/// that an officer addresses only units within their commune (a code outside it, or one that names no unit, is
/// refused alike, so officers learn nothing of other communes' codes), which states allow which change, and the audit
/// trail. Routes and pages whose parameters name an announcement are checked against the officer's scope before
/// they get here (<see cref="OpenToOfficersAttribute"/>).
/// </summary>
public sealed class BroadcastOperations(Db db, TimeProvider clock, BroadcastSignal signal)
{
    public const int MaxTitleLength = 200;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public async Task<BroadcastOutcome<PreviewItem>> PreviewAsync(Officer officer, string? audienceText, IReadOnlyList<string>? unitCodes, bool urgent)
    {
        ArgumentNullException.ThrowIfNull(officer);
        await using var connection = await db.OpenAsync();
        var (audience, units, refusal) = await ReadAudienceAsync(connection, officer.Scope, audienceText, unitCodes);
        if (refusal is not null)
        {
            return new(null, refusal);
        }

        var preview = await Audience.PreviewAsync(connection, null, audience, units.Select(u => u.Id).ToList(), urgent, clock.GetUtcNow());
        return new(BroadcastSummary.Preview(preview), null);
    }

    public async Task<BroadcastOutcome<BroadcastItem>> CreateAsync(Officer officer, CreateBroadcastRequest request)
    {
        ArgumentNullException.ThrowIfNull(officer);
        await using var connection = await db.OpenAsync();
        var (draft, refusal) = await ReadDraftAsync(connection, officer.Scope, request);
        if (draft is null)
        {
            return new(null, refusal);
        }

        var now = clock.GetUtcNow();
        var actor = officer.Holder.Name;
        long id;
        // The write turn covers the transaction only; the status read after it does not hold up other writers.
        using (await db.TakeWriteTurnAsync())
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            id = await BroadcastStore.CreateAsync(
                connection, transaction, draft.Title, draft.Text, draft.ImageUrl, draft.Audience, draft.Urgent, draft.UnitIds, actor, now);
            await BroadcastStore.AddEventAsync(connection, transaction, id, "created", actor, now, draft.Description);
            await transaction.CommitAsync();
        }

        return new(await StatusAsync(connection, id, now), null);
    }

    /// <summary>Rewrites an announcement until it is sent: a draft, or a scheduled one whose time has not come.</summary>
    public async Task<BroadcastOutcome<BroadcastItem>> UpdateAsync(Officer officer, long id, CreateBroadcastRequest request)
    {
        ArgumentNullException.ThrowIfNull(officer);
        await using var connection = await db.OpenAsync();
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return new(null, BroadcastRefusal.NotFound);
        }

        var (draft, refusal) = await ReadDraftAsync(connection, officer.Scope, request);
        if (draft is null)
        {
            return new(null, refusal);
        }

        var now = clock.GetUtcNow();
        using (await db.TakeWriteTurnAsync())
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var current = (await BroadcastStore.FindAsync(connection, transaction, id))!;
            if (BroadcastSummary.IsDue(current, now) || !await BroadcastStore.UpdateAsync(
                    connection, transaction, id, draft.Title, draft.Text, draft.ImageUrl, draft.Audience, draft.Urgent, draft.UnitIds))
            {
                return new(null, BroadcastRefusal.WrongState(
                    $"Thông báo {BroadcastSummary.StatusText(current, now).ToLowerInvariant()}; chỉ sửa được khi chưa gửi."));
            }

            await BroadcastStore.AddEventAsync(connection, transaction, id, "edited", officer.Holder.Name, now, draft.Description);
            await transaction.CommitAsync();
        }

        return new(await StatusAsync(connection, id, now), null);
    }

    /// <summary>An announcement as written, checked: what it says, who it goes to, and the audit line describing that.</summary>
    private sealed record Draft(
        string Title, string Text, string? ImageUrl, BroadcastAudience Audience, IReadOnlyList<long> UnitIds, bool Urgent, string Description);

    /// <summary>Checks what a request says and who it addresses; the draft, or every field's reason (or the scope refusal).</summary>
    private static async Task<(Draft? Draft, BroadcastRefusal? Refusal)> ReadDraftAsync(SqliteConnection connection, OfficerScope scope, CreateBroadcastRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var title = VietnameseText.Tidy(request.Title);
        var text = VietnameseText.RemoveInvisible(VietnameseText.Nfc(request.Text)).Trim();
        if (title.Length == 0)
        {
            errors["title"] = ["Cần tiêu đề thông báo."];
        }
        else if (title.Length > MaxTitleLength)
        {
            errors["title"] = [$"Tiêu đề dài quá (tối đa {MaxTitleLength} ký tự)."];
        }

        if (text.Length == 0)
        {
            errors["text"] = ["Cần nội dung thông báo."];
        }
        else if (BroadcastStore.Compose(title, text).Length > ZaloText.MaxLength)
        {
            errors["text"] = [$"Tiêu đề và nội dung dài quá: Zalo nhận tối đa {ZaloText.MaxLength} ký tự một tin (hiện {BroadcastStore.Compose(title, text).Length})."];
        }

        var imageUrl = string.IsNullOrWhiteSpace(request.ImageUrl) ? null : request.ImageUrl.Trim();
        if (imageUrl is not null && !(Uri.TryCreate(imageUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors["imageUrl"] = ["Địa chỉ ảnh phải là một liên kết http(s) đầy đủ."];
        }

        var (audience, units, refusal) = await ReadAudienceAsync(connection, scope, request.Audience, request.UnitCodes);
        if (refusal?.Kind == BroadcastRefusalKind.OutOfScope)
        {
            return (null, refusal);
        }

        foreach (var (field, messages) in refusal?.Errors ?? new Dictionary<string, string[]>())
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return (null, BroadcastRefusal.Invalid(errors));
        }

        var urgent = request.Urgent ?? false;
        return (new Draft(title, text, imageUrl, audience, units.Select(u => u.Id).ToList(), urgent,
            $"Gửi tới {audience.DisplayName()}{BroadcastSummary.Units(units)}{(urgent ? ", khẩn" : "")}."), null);
    }

    /// <summary>Newest first: every announcement for a province admin, an officer's those addressed within their commune.</summary>
    public async Task<IReadOnlyList<BroadcastListItem>> ListAsync(Officer officer, int? limit, int? offset)
    {
        ArgumentNullException.ThrowIfNull(officer);
        await using var connection = await db.OpenAsync();
        var within = await officer.Scope.UnitIdsAsync(connection);
        var list = await BroadcastStore.ListAsync(connection, within, Limit(limit), offset ?? 0);
        var now = clock.GetUtcNow();
        return list.Select(b => new BroadcastListItem(
            b.Id, b.Title, b.Audience.Code(), BroadcastSummary.Status(b, now).Code(), BroadcastSummary.StatusText(b, now), b.ScheduledAt, b.CreatedBy,
            b.CreatedAt)).ToList();
    }

    /// <summary>
    /// The last announcements the officer may see, each with its one-line status, read in one query. A draft or a
    /// scheduled one says its state only: counting its reach is one audience query each, on its own page.
    /// </summary>
    public async Task<IReadOnlyList<BroadcastLine>> LatestAsync(Officer officer, int count)
    {
        ArgumentNullException.ThrowIfNull(officer);
        await using var connection = await db.OpenAsync();
        var latest = await BroadcastStore.LatestWithTalliesAsync(connection, officer.Scope, count);
        var now = clock.GetUtcNow();
        return latest.Select(l => new BroadcastLine(l.Broadcast.Id, l.Broadcast.Title,
            l.Broadcast.Status is BroadcastStatus.Draft or BroadcastStatus.Scheduled
                ? BroadcastSummary.StatusText(l.Broadcast, now) + "."
                : Summarize(l.Broadcast, l.Tallies, now))).ToList();
    }

    public async Task<BroadcastOutcome<BroadcastItem>> GetAsync(long id)
    {
        await using var connection = await db.OpenAsync();
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return new(null, BroadcastRefusal.NotFound);
        }

        return new(await StatusAsync(connection, id, clock.GetUtcNow()), null);
    }

    /// <summary>Recipients in expansion order, optionally only those in one state (see <see cref="RecipientStates"/>).</summary>
    public async Task<BroadcastOutcome<IReadOnlyList<RecipientItem>>> RecipientsAsync(long id, string? state, int? limit, int? offset)
    {
        await using var connection = await db.OpenAsync();
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return new(null, BroadcastRefusal.NotFound);
        }

        var wanted = string.IsNullOrWhiteSpace(state) ? null : state.Trim().ToLowerInvariant();
        if (wanted is not null && !RecipientStates.All.Contains(wanted))
        {
            return new(null, BroadcastRefusal.Invalid("state", "Trạng thái không rõ: " + string.Join(", ", RecipientStates.All) + "."));
        }

        var recipients = await BroadcastStore.RecipientsAsync(connection, id, wanted, Limit(limit), offset ?? 0);
        return new(recipients.Select(r => new RecipientItem(
            r.Channel, r.RecipientId, r.TeamId, r.Label, r.State, RecipientStates.DisplayName(r.State),
            r.State == RecipientStates.Skipped ? SkipReasons.DisplayName(r.SkipReason) : r.ErrorReason, r.ErrorCode, r.SentAt, r.DeliveredAt,
            r.SeenAt)).ToList(), null);
    }

    /// <summary>Schedules a draft or moves a scheduled announcement's send time; <paramref name="sendAt"/> as <see cref="ScheduleBroadcastRequest"/> reads it.</summary>
    public async Task<BroadcastOutcome<BroadcastItem>> ScheduleAsync(Officer officer, long id, string? sendAt)
    {
        var now = clock.GetUtcNow();
        var at = ParseTime(sendAt);
        if (at is null)
        {
            return new(null, BroadcastRefusal.Invalid(
                "sendAt", "Thời điểm gửi có dạng 2026-11-28T08:00 (giờ Việt Nam) hoặc kèm múi giờ, ví dụ 2026-11-28T08:00+07:00."));
        }

        if (at <= now)
        {
            return new(null, BroadcastRefusal.Invalid("sendAt", "Thời điểm gửi đã qua; muốn gửi ngay thì bấm «Gửi ngay»."));
        }

        return await ChangeAsync(officer, id, now, at.Value, "scheduled", $"Hẹn gửi lúc {BroadcastSummary.Display(at.Value)}.", wake: false);
    }

    /// <summary>
    /// Sends a draft or scheduled announcement now; refused, with the reason, when nobody it addresses can be reached
    /// (every resident outside Zalo's 7-day window, no team group connected): sending would only skip them all.
    /// </summary>
    public async Task<BroadcastOutcome<BroadcastItem>> SendNowAsync(Officer officer, long id)
    {
        var now = clock.GetUtcNow();
        await using (var connection = await db.OpenAsync())
        {
            if (await BroadcastStore.FindAsync(connection, null, id) is { Status: BroadcastStatus.Draft or BroadcastStatus.Scheduled } broadcast
                && await PreviewAsync(connection, broadcast, now) is { WillSend: 0 } preview)
            {
                return new(null, BroadcastRefusal.NobodyReachable(BroadcastSummary.Unreachable(preview)));
            }
        }

        return await ChangeAsync(officer, id, now, now, "sent", "Gửi ngay.", wake: true);
    }

    private static async Task<PreviewItem> PreviewAsync(SqliteConnection connection, Broadcast broadcast, DateTimeOffset now)
    {
        var units = await BroadcastStore.UnitsAsync(connection, null, broadcast.Id);
        return BroadcastSummary.Preview(
            await Audience.PreviewAsync(connection, null, broadcast.Audience, units.Select(u => u.Id).ToList(), broadcast.Urgent, now));
    }

    /// <summary>Stops an announcement that has not finished; messages already on their way to Zalo finish.</summary>
    public async Task<BroadcastOutcome<BroadcastItem>> CancelAsync(Officer officer, long id)
    {
        ArgumentNullException.ThrowIfNull(officer);
        await using var connection = await db.OpenAsync();
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return new(null, BroadcastRefusal.NotFound);
        }

        var now = clock.GetUtcNow();
        using (await db.TakeWriteTurnAsync())
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var (cancelled, stopped) = await BroadcastStore.CancelAsync(connection, transaction, id, now);
            if (!cancelled)
            {
                var current = (await BroadcastStore.FindAsync(connection, transaction, id))!;
                return new(null, BroadcastRefusal.WrongState(
                    $"Thông báo {BroadcastSummary.StatusText(current, now).ToLowerInvariant()}, không hủy được nữa."));
            }

            await BroadcastStore.AddEventAsync(connection, transaction, id, "cancelled", officer.Holder.Name, now,
                stopped > 0 ? $"{stopped} tin chưa gửi sẽ không gửi nữa." : "Chưa gửi tới ai.");
            await transaction.CommitAsync();
        }

        return new(await StatusAsync(connection, id, now), null);
    }

    private async Task<BroadcastOutcome<BroadcastItem>> ChangeAsync(
        Officer officer, long id, DateTimeOffset now, DateTimeOffset sendAt, string action, string detail, bool wake)
    {
        ArgumentNullException.ThrowIfNull(officer);
        await using var connection = await db.OpenAsync();
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return new(null, BroadcastRefusal.NotFound);
        }

        using (await db.TakeWriteTurnAsync())
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (!await BroadcastStore.ScheduleAsync(connection, transaction, id, sendAt))
            {
                var current = (await BroadcastStore.FindAsync(connection, transaction, id))!;
                return new(null, BroadcastRefusal.WrongState(
                    $"Thông báo {BroadcastSummary.StatusText(current, now).ToLowerInvariant()}; chỉ hẹn giờ hoặc gửi được bản nháp hoặc thông báo đã hẹn giờ."));
            }

            await BroadcastStore.AddEventAsync(connection, transaction, id, action, officer.Holder.Name, now, detail);
            await transaction.CommitAsync();
        }

        if (wake)
        {
            signal.Notify();
        }

        return new(await StatusAsync(connection, id, now), null);
    }

    /// <summary>The full status of one announcement.</summary>
    private static async Task<BroadcastItem> StatusAsync(SqliteConnection connection, long id, DateTimeOffset now)
    {
        var broadcast = (await BroadcastStore.FindAsync(connection, null, id))!;
        var units = await BroadcastStore.UnitsAsync(connection, null, id);
        var tallies = await BroadcastStore.TallyAsync(connection, id);
        var (totals, skippedBy, failedBy) = Count(broadcast, tallies);
        var preview = broadcast.Status is BroadcastStatus.Draft or BroadcastStatus.Scheduled ? await PreviewAsync(connection, broadcast, now) : null;
        var audit = (await BroadcastStore.EventsAsync(connection, id))
            .Select(e => new AuditItem(e.Action, BroadcastSummary.ActionText(e.Action), e.Actor, e.At, e.Detail)).ToList();
        if (BroadcastSummary.IsDue(broadcast, now))
        {
            // Between "send now" (or the scheduled time) and the runner's first step, everyone it addresses waits to be sent.
            totals = totals with { Recipients = preview!.Recipients, Queued = preview.Recipients };
        }

        return new BroadcastItem(
            broadcast.Id, broadcast.Title, broadcast.Body, broadcast.ImageUrl, broadcast.Audience.Code(), broadcast.Audience.DisplayName(),
            units.Select(u => new BroadcastUnitItem(u.Code, u.Level.Code(), u.Name)).ToList(), broadcast.Urgent, BroadcastSummary.Status(broadcast, now).Code(),
            BroadcastSummary.StatusText(broadcast, now), broadcast.ScheduledAt, broadcast.StartedAt, broadcast.HeldUntil, broadcast.CompletedAt,
            broadcast.CancelledAt, broadcast.CreatedBy, broadcast.CreatedAt, totals, skippedBy, failedBy,
            BroadcastSummary.Of(broadcast, totals, skippedBy, preview, now), preview, audit);
    }

    private static string Summarize(Broadcast broadcast, IReadOnlyList<RecipientTally> tallies, DateTimeOffset now)
    {
        var (totals, skippedBy, _) = Count(broadcast, tallies);
        return BroadcastSummary.Of(broadcast, totals, skippedBy, null, now);
    }

    /// <summary>The totals, skip reasons and failure codes behind an announcement's status, from its recipients' tallies.</summary>
    private static (BroadcastTotals Totals, IReadOnlyList<ReasonCount> SkippedBy, IReadOnlyList<FailureCount> FailedBy) Count(
        Broadcast broadcast, IReadOnlyList<RecipientTally> tallies)
    {
        long Count(string state) => tallies.Where(t => t.State == state).Sum(t => t.Count);

        var expanded = tallies.Sum(t => t.Count);
        var started = broadcast.Status is BroadcastStatus.Sending or BroadcastStatus.Completed or BroadcastStatus.Cancelled && broadcast.StartedAt is not null;
        var recipients = started ? Math.Max(broadcast.RecipientsTotal ?? 0, expanded) : expanded;
        // Recipients the expansion had not reached yet: still to come while sending, not sent when cancelled.
        var notExpanded = recipients - expanded;
        var seen = Count(RecipientStates.Seen);
        var delivered = Count(RecipientStates.Delivered) + seen;
        var sent = Count(RecipientStates.Sent) + delivered;
        var skippedBy = tallies.Where(t => t.State == RecipientStates.Skipped)
            .GroupBy(t => t.SkipReason ?? "")
            .Select(g => new ReasonCount(g.Key, SkipReasons.DisplayName(g.Key), g.Sum(t => t.Count)))
            .OrderByDescending(r => r.Count).ToList();
        var failedBy = tallies.Where(t => t.State == RecipientStates.Failed)
            .GroupBy(t => t.ErrorCode)
            .Select(g => new FailureCount(g.Key, g.Key is { } code ? ZaloErrorCodes.Reason(code) : g.Max(t => t.ErrorReason) ?? "Không kết nối được tới Zalo", g.Sum(t => t.Count)))
            .OrderByDescending(f => f.Count).ToList();
        var totals = new BroadcastTotals(
            recipients,
            Count(RecipientStates.Queued) + (broadcast.Status == BroadcastStatus.Cancelled ? 0 : notExpanded),
            sent, delivered, seen,
            Count(RecipientStates.Skipped),
            skippedBy.Where(r => r.Reason == SkipReasons.OutOfWindow).Sum(r => r.Count),
            Count(RecipientStates.Failed),
            Count(RecipientStates.Cancelled) + (broadcast.Status == BroadcastStatus.Cancelled ? notExpanded : 0));
        return (totals, skippedBy, failedBy);
    }

    /// <summary>Reads and checks an audience: known units, members need units, an officer stays within their commune.</summary>
    private static async Task<(BroadcastAudience Audience, IReadOnlyList<AdminUnit> Units, BroadcastRefusal? Refusal)> ReadAudienceAsync(
        SqliteConnection connection, OfficerScope scope, string? audienceText, IReadOnlyList<string>? unitCodes)
    {
        var errors = new Dictionary<string, string[]>();
        var audience = BroadcastAudiences.Parse(audienceText);
        if (audience is null)
        {
            errors["audience"] = ["Đối tượng nhận không rõ: groups (nhóm Zalo của các tổ), members (thành viên các tổ) hoặc residents (người dân quan tâm OA)."];
        }

        var units = new List<AdminUnit>();
        var unknown = new List<string>();
        foreach (var code in (unitCodes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var unit = await UnitStore.FindByCodeAsync(connection, null, UnitCode.Normalize(code)!);
            if (!scope.IsEverything && (unit is null || !await scope.HoldsUnitAsync(connection, unit.Id)))
            {
                return (default, [], BroadcastRefusal.OutOfScope(
                    $"Đơn vị “{code}” nằm ngoài phạm vi của bạn; cán bộ xã chỉ gửi được tới xã mình và các thôn của xã."));
            }

            if (unit is null)
            {
                unknown.Add(code);
            }
            else
            {
                units.Add(unit);
            }
        }

        if (unknown.Count > 0)
        {
            errors["unitCodes"] = [$"Không có đơn vị mã {string.Join(", ", unknown.Select(c => $"“{c}”"))}."];
        }
        else if (audience == BroadcastAudience.Members && units.Count == 0)
        {
            errors["unitCodes"] = ["Gửi cho thành viên các tổ cần chọn ít nhất một đơn vị."];
        }

        if (errors.Count > 0)
        {
            return (default, [], BroadcastRefusal.Invalid(errors));
        }

        if (!scope.IsEverything && units.Count == 0)
        {
            return (default, [], BroadcastRefusal.OutOfScope(
                "Cán bộ xã chỉ gửi được tới xã mình và các thôn của xã: hãy chọn đơn vị (unitCodes)."));
        }

        return (audience!.Value, units, null);
    }

    private static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var styles = DateTimeStyles.AllowWhiteSpaces;
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, styles | DateTimeStyles.RoundtripKind, out var parsed) && parsed.Kind == DateTimeKind.Unspecified)
        {
            return new DateTimeOffset(parsed, VietnamTime.Offset);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var withOffset) ? withOffset : null;
    }

    private static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
}
