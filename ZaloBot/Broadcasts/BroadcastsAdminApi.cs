using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using ZaloBot.Admin;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Text;
using ZaloBot.Zalo;

namespace ZaloBot.Broadcasts;

// Wire shapes of the announcements admin API. Counts a person reads come with Vietnamese text beside the codes.

/// <summary>Who to address: <c>groups</c>, <c>members</c> or <c>residents</c>, narrowed by unit codes.</summary>
public sealed record BroadcastAudienceRequest(string? Audience, IReadOnlyList<string>? UnitCodes, bool? Urgent);

public sealed record CreateBroadcastRequest(
    string? Title, string? Text, string? ImageUrl, string? Audience, IReadOnlyList<string>? UnitCodes, bool? Urgent);

/// <summary><c>sendAt</c>: ISO 8601; without an offset it is Vietnam time.</summary>
public sealed record ScheduleBroadcastRequest(string? SendAt);

public sealed record BroadcastUnitItem(string Code, string Level, string Name);

public sealed record PreviewItem(long Recipients, long WillSend, long OutOfWindow, long NoGroup, DateTimeOffset? HeldUntil, string Summary);

/// <summary>
/// Recipient counts. <c>Sent</c> counts every message Zalo accepted, <c>Delivered</c> those of them the phone
/// confirmed, <c>Seen</c> those read; <c>Recipients = Queued + Sent + Skipped + Failed + Cancelled</c>.
/// </summary>
public sealed record BroadcastTotals(long Recipients, long Queued, long Sent, long Delivered, long Seen, long Skipped, long OutOfWindow, long Failed, long Cancelled);

public sealed record ReasonCount(string Reason, string Text, long Count);

public sealed record FailureCount(int? Code, string Reason, long Count);

public sealed record AuditItem(string Action, string ActionText, string Actor, DateTimeOffset At, string? Detail);

public sealed record BroadcastItem(
    long Id, string Title, string Text, string? ImageUrl, string Audience, string AudienceText, IReadOnlyList<BroadcastUnitItem> Units, bool Urgent,
    string Status, string StatusText, DateTimeOffset? ScheduledAt, DateTimeOffset? StartedAt, DateTimeOffset? HeldUntil, DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt, string CreatedBy, DateTimeOffset CreatedAt, BroadcastTotals Totals, IReadOnlyList<ReasonCount> SkippedBy,
    IReadOnlyList<FailureCount> FailedBy, string Summary, PreviewItem? Preview, IReadOnlyList<AuditItem> Audit);

public sealed record BroadcastListItem(
    long Id, string Title, string Audience, string Status, string StatusText, DateTimeOffset? ScheduledAt, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record RecipientItem(
    string Channel, string? RecipientId, long? TeamId, string? Name, string State, string StateText, string? Reason, int? ErrorCode,
    DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? SeenAt);

/// <summary>
/// <c>/admin/api/broadcasts</c>: preview an audience, create an announcement, schedule or send it now, cancel it,
/// read its status (totals, reasons, audit) and its recipients. A province admin may address anything; an officer
/// only units within their commune-level unit (else 403). The console's "Thông báo" pages call the same handlers
/// (internal), so both go through one set of checks and one audit trail.
/// </summary>
public static class BroadcastsAdminApi
{
    public const int MaxTitleLength = 200;
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapBroadcastsAdmin(this IEndpointRouteBuilder endpoints)
    {
        var broadcasts = endpoints.MapAdminGroup().MapGroup("/broadcasts").WithTags("Broadcasts").OpenToOfficers(broadcasts: ["id"]);
        broadcasts.MapPost("/preview", PreviewAsync)
            .WithSummary("Count the recipients of an audience")
            .WithDescription("Body: audience (groups, members, residents), unitCodes (members need at least one), urgent. "
                + "Says how many a send would reach now, how many are outside Zalo's 7-day window and how many teams have no group.");
        broadcasts.MapPost("/", CreateAsync)
            .WithSummary("Create an announcement (a draft)")
            .WithDescription("Body: title, text (title and text together at most 2000 characters), imageUrl (optional), audience, unitCodes, urgent. "
                + "Residents get nothing between 22:00 and 06:00 Vietnam time unless urgent. Answers the announcement with a preview.");
        broadcasts.MapGet("/", ListAsync).WithSummary("List announcements, newest first");
        broadcasts.MapGet("/{id:long}", GetAsync)
            .WithSummary("An announcement's status")
            .WithDescription("Totals (recipients, queued, sent, delivered, seen, skipped, failed, cancelled), skip reasons, Zalo's failure codes, "
                + "a one-line summary in Vietnamese and the audit trail.");
        broadcasts.MapGet("/{id:long}/recipients", RecipientsAsync)
            .WithSummary("An announcement's recipients and their states")
            .WithDescription("Filter: state (queued, sent, delivered, seen, skipped, failed, cancelled). Paged with limit (≤ 1000) and offset.");
        broadcasts.MapPost("/{id:long}/schedule", ScheduleAsync)
            .WithSummary("Schedule a draft or move its send time")
            .WithDescription("Body: sendAt (ISO 8601; without an offset, Vietnam time), in the future.");
        broadcasts.MapPost("/{id:long}/send", SendNowAsync).WithSummary("Send a draft or scheduled announcement now");
        broadcasts.MapPost("/{id:long}/cancel", CancelAsync)
            .WithSummary("Cancel an announcement")
            .WithDescription("Nothing more is sent; messages already on their way to Zalo finish. The status counts the rest as cancelled.");
        return endpoints;
    }

    internal static async Task<Results<Ok<PreviewItem>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        BroadcastAudienceRequest request, ClaimsPrincipal user, Db db, TimeProvider clock)
    {
        await using var connection = await db.OpenAsync();
        var (audience, units, problem) = await ReadAudienceAsync(connection, Officer.FromPrincipal(user).Scope, request.Audience, request.UnitCodes);
        if (problem is not null)
        {
            return problem.Value.Validation is { } invalid ? invalid : problem.Value.Forbidden!;
        }

        var preview = await Audience.PreviewAsync(connection, null, audience, units.Select(u => u.Id).ToList(), request.Urgent ?? false, clock.GetUtcNow());
        return TypedResults.Ok(AsItem(preview));
    }

    internal static async Task<Results<Created<BroadcastItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateBroadcastRequest request, ClaimsPrincipal user, Db db, TimeProvider clock)
    {
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

        await using var connection = await db.OpenAsync();
        var caller = AdminCaller.From(user);
        var (audience, units, problem) = await ReadAudienceAsync(connection, Officer.FromPrincipal(user).Scope, request.Audience, request.UnitCodes);
        if (problem?.Forbidden is { } forbidden)
        {
            return forbidden;
        }

        foreach (var (field, messages) in problem?.Validation?.ProblemDetails.Errors ?? new Dictionary<string, string[]>())
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow();
        long id;
        // The write turn covers the transaction only; the status read after it does not hold up other writers.
        using (await db.TakeWriteTurnAsync())
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            id = await BroadcastStore.CreateAsync(
                connection, transaction, title, text, imageUrl, audience, request.Urgent ?? false, units.Select(u => u.Id).ToList(), caller.Name, now);
            await BroadcastStore.AddEventAsync(connection, transaction, id, "created", caller.Name, now,
                $"Gửi tới {audience.DisplayName()}{UnitsText(units)}{(request.Urgent == true ? ", khẩn" : "")}.");
            await transaction.CommitAsync();
        }

        return TypedResults.Created($"{AdminExtensions.Prefix}/broadcasts/{id}", await StatusAsync(connection, id, now));
    }

    internal static async Task<Ok<IReadOnlyList<BroadcastListItem>>> ListAsync(ClaimsPrincipal user, Db db, int? limit, int? offset)
    {
        await using var connection = await db.OpenAsync();
        var within = await Officer.FromPrincipal(user).Scope.UnitIdsAsync(connection);
        var list = await BroadcastStore.ListAsync(connection, within, Limit(limit), offset ?? 0);
        return TypedResults.Ok<IReadOnlyList<BroadcastListItem>>(list.Select(b => new BroadcastListItem(
            b.Id, b.Title, b.Audience.Code(), b.Status.Code(), StatusText(b), b.ScheduledAt, b.CreatedBy, b.CreatedAt)).ToList());
    }

    internal static async Task<Results<Ok<BroadcastItem>, NotFound>> GetAsync(long id, Db db, TimeProvider clock)
    {
        await using var connection = await db.OpenAsync();
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await StatusAsync(connection, id, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<IReadOnlyList<RecipientItem>>, NotFound, ValidationProblem>> RecipientsAsync(
        long id, Db db, string? state, int? limit, int? offset)
    {
        await using var connection = await db.OpenAsync();
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return TypedResults.NotFound();
        }

        var wanted = string.IsNullOrWhiteSpace(state) ? null : state.Trim().ToLowerInvariant();
        if (wanted is not null && !RecipientStates.All.Contains(wanted))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["state"] = ["Trạng thái không rõ: " + string.Join(", ", RecipientStates.All) + "."],
            });
        }

        var recipients = await BroadcastStore.RecipientsAsync(connection, id, wanted, Limit(limit), offset ?? 0);
        return TypedResults.Ok<IReadOnlyList<RecipientItem>>(recipients.Select(r => new RecipientItem(
            r.Channel, r.RecipientId, r.TeamId, r.Label, r.State, RecipientStates.DisplayName(r.State),
            r.State == RecipientStates.Skipped ? SkipReasons.DisplayName(r.SkipReason) : r.ErrorReason, r.ErrorCode, r.SentAt, r.DeliveredAt,
            r.SeenAt)).ToList());
    }

    internal static async Task<Results<Ok<BroadcastItem>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> ScheduleAsync(
        long id, ScheduleBroadcastRequest request, ClaimsPrincipal user, Db db, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var sendAt = ParseTime(request.SendAt);
        if (sendAt is null)
        {
            return Invalid("sendAt", "Thời điểm gửi có dạng 2026-11-28T08:00 (giờ Việt Nam) hoặc kèm múi giờ, ví dụ 2026-11-28T08:00+07:00.");
        }

        if (sendAt <= now)
        {
            return Invalid("sendAt", "Thời điểm gửi đã qua; muốn gửi ngay thì bấm «Gửi ngay».");
        }

        return await ChangeAsync(id, user, db, now, sendAt.Value, "scheduled",
            $"Hẹn gửi lúc {sendAt.Value.ToOffset(VietnamTime.Offset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture)}.", null);
    }

    internal static Task<Results<Ok<BroadcastItem>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> SendNowAsync(
        long id, ClaimsPrincipal user, Db db, TimeProvider clock, BroadcastSignal signal)
    {
        var now = clock.GetUtcNow();
        return ChangeAsync(id, user, db, now, now, "sent", "Gửi ngay.", signal);
    }

    private static async Task<Results<Ok<BroadcastItem>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> ChangeAsync(
        long id, ClaimsPrincipal user, Db db, DateTimeOffset now, DateTimeOffset sendAt, string action, string detail, BroadcastSignal? signal)
    {
        await using var connection = await db.OpenAsync();
        var caller = AdminCaller.From(user);
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return TypedResults.NotFound();
        }

        using (await db.TakeWriteTurnAsync())
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (!await BroadcastStore.ScheduleAsync(connection, transaction, id, sendAt))
            {
                var current = (await BroadcastStore.FindAsync(connection, transaction, id))!;
                return Conflict($"Thông báo {StatusText(current).ToLowerInvariant()}; chỉ hẹn giờ hoặc gửi được bản nháp hoặc thông báo đã hẹn giờ.");
            }

            await BroadcastStore.AddEventAsync(connection, transaction, id, action, caller.Name, now, detail);
            await transaction.CommitAsync();
        }

        signal?.Notify();
        return TypedResults.Ok(await StatusAsync(connection, id, now));
    }

    internal static async Task<Results<Ok<BroadcastItem>, NotFound, Conflict<ProblemDetails>>> CancelAsync(
        long id, ClaimsPrincipal user, Db db, TimeProvider clock)
    {
        await using var connection = await db.OpenAsync();
        var caller = AdminCaller.From(user);
        if (await BroadcastStore.FindAsync(connection, null, id) is null)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        using (await db.TakeWriteTurnAsync())
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var (cancelled, stopped) = await BroadcastStore.CancelAsync(connection, transaction, id, now);
            if (!cancelled)
            {
                var current = (await BroadcastStore.FindAsync(connection, transaction, id))!;
                return Conflict($"Thông báo {StatusText(current).ToLowerInvariant()}, không hủy được nữa.");
            }

            await BroadcastStore.AddEventAsync(connection, transaction, id, "cancelled", caller.Name, now,
                stopped > 0 ? $"{stopped} tin chưa gửi sẽ không gửi nữa." : "Chưa gửi tới ai.");
            await transaction.CommitAsync();
        }

        return TypedResults.Ok(await StatusAsync(connection, id, now));
    }

    /// <summary>The full status of one announcement, as GET answers it.</summary>
    private static async Task<BroadcastItem> StatusAsync(SqliteConnection connection, long id, DateTimeOffset now)
    {
        var broadcast = (await BroadcastStore.FindAsync(connection, null, id))!;
        var units = await BroadcastStore.UnitsAsync(connection, null, id);
        var tallies = await BroadcastStore.TallyAsync(connection, id);
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

        PreviewItem? preview = null;
        if (broadcast.Status is BroadcastStatus.Draft or BroadcastStatus.Scheduled)
        {
            preview = AsItem(await Audience.PreviewAsync(connection, null, broadcast.Audience, units.Select(u => u.Id).ToList(), broadcast.Urgent, now));
        }

        var audit = (await BroadcastStore.EventsAsync(connection, id))
            .Select(e => new AuditItem(e.Action, ActionText(e.Action), e.Actor, e.At, e.Detail)).ToList();
        return new BroadcastItem(
            broadcast.Id, broadcast.Title, broadcast.Body, broadcast.ImageUrl, broadcast.Audience.Code(), broadcast.Audience.DisplayName(),
            units.Select(u => new BroadcastUnitItem(u.Code, u.Level.Code(), u.Name)).ToList(), broadcast.Urgent, broadcast.Status.Code(),
            StatusText(broadcast), broadcast.ScheduledAt, broadcast.StartedAt, broadcast.HeldUntil, broadcast.CompletedAt, broadcast.CancelledAt,
            broadcast.CreatedBy, broadcast.CreatedAt, totals, skippedBy, failedBy, Summary(broadcast, totals, skippedBy, preview), preview, audit);
    }

    private static string Summary(Broadcast broadcast, BroadcastTotals totals, IReadOnlyList<ReasonCount> skippedBy, PreviewItem? preview)
    {
        if (preview is not null)
        {
            return broadcast.Status == BroadcastStatus.Scheduled
                ? $"Đã hẹn gửi lúc {Display(broadcast.ScheduledAt!.Value)}. {preview.Summary}"
                : $"Bản nháp, chưa gửi. {preview.Summary}";
        }

        if (broadcast.Status == BroadcastStatus.Cancelled && broadcast.StartedAt is null)
        {
            return $"{StatusText(broadcast)}, trước khi gửi: không ai nhận được.";
        }

        var parts = new List<string>();
        var reached = $"Đã gửi {totals.Sent}/{totals.Recipients} người nhận";
        if (totals.Delivered > 0)
        {
            reached += $" (đã nhận {totals.Delivered}, đã xem {totals.Seen})";
        }

        parts.Add(reached);
        if (totals.Queued > 0)
        {
            parts.Add($"{totals.Queued} đang chờ gửi");
        }

        parts.AddRange(skippedBy.Select(r => $"{r.Count} {r.Text}"));
        if (totals.Failed > 0)
        {
            parts.Add($"{totals.Failed} gửi lỗi");
        }

        if (totals.Cancelled > 0)
        {
            parts.Add($"{totals.Cancelled} đã hủy, không gửi");
        }

        return $"{StatusText(broadcast)}. {string.Join("; ", parts)}.";
    }

    private static string StatusText(Broadcast broadcast) => broadcast switch
    {
        { Status: BroadcastStatus.Sending, HeldUntil: { } until } => $"Tạm dừng ban đêm, gửi tiếp lúc {Display(until)}",
        { Status: BroadcastStatus.Scheduled, ScheduledAt: { } at } => $"Đã hẹn giờ gửi lúc {Display(at)}",
        { Status: BroadcastStatus.Cancelled, CancelledAt: { } at } => $"Đã hủy lúc {Display(at)}",
        { Status: BroadcastStatus.Completed, CompletedAt: { } at } => $"Đã gửi xong lúc {Display(at)}",
        _ => broadcast.Status.DisplayName(),
    };

    private static string ActionText(string action) => action switch
    {
        "created" => "Tạo thông báo",
        "scheduled" => "Hẹn giờ gửi",
        "sent" => "Gửi ngay",
        "cancelled" => "Hủy",
        "started" => "Bắt đầu gửi",
        "held" => "Tạm dừng ban đêm",
        "resumed" => "Gửi tiếp",
        "completed" => "Gửi xong",
        _ => action,
    };

    private static PreviewItem AsItem(AudiencePreview preview)
    {
        var parts = new List<string> { $"Sẽ gửi tới {preview.Reachable}/{preview.Recipients} người nhận" };
        if (preview.OutOfWindow > 0)
        {
            parts.Add($"{preview.OutOfWindow} ngoài thời hạn 7 ngày (quá 7 ngày chưa nhắn với OA nên Zalo không cho gửi)");
        }

        if (preview.NoGroup > 0)
        {
            parts.Add($"{preview.NoGroup} tổ chưa kết nối nhóm Zalo");
        }

        if (preview.HeldUntil is { } until)
        {
            parts.Add($"người dân không nhận tin từ 22:00 đến 06:00, nên nếu gửi bây giờ tin sẽ chờ đến {Display(until)}");
        }

        return new PreviewItem(preview.Recipients, preview.Reachable, preview.OutOfWindow, preview.NoGroup, preview.HeldUntil, string.Join("; ", parts) + ".");
    }

    private readonly record struct AudienceProblem(ValidationProblem? Validation, ProblemHttpResult? Forbidden);

    /// <summary>
    /// Reads and checks an audience: known units, members need units, an officer stays within their commune (a code
    /// outside it, or one that names no unit, is refused alike, so officers learn nothing of other communes' codes).
    /// </summary>
    private static async Task<(BroadcastAudience Audience, IReadOnlyList<AdminUnit> Units, AudienceProblem? Problem)> ReadAudienceAsync(
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
            var unit = await UnitStore.FindByCodeAsync(connection, null, UnitImporter.NormalizeCode(code)!);
            if (!scope.IsEverything && (unit is null || !await scope.HoldsUnitAsync(connection, unit.Id)))
            {
                return (default, [], new AudienceProblem(null, Forbidden(
                    $"Đơn vị “{code}” nằm ngoài phạm vi của bạn; cán bộ xã chỉ gửi được tới xã mình và các thôn của xã.")));
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
            return (default, [], new AudienceProblem(TypedResults.ValidationProblem(errors), null));
        }

        if (!scope.IsEverything && units.Count == 0)
        {
            return (default, [], new AudienceProblem(null, Forbidden(
                "Cán bộ xã chỉ gửi được tới xã mình và các thôn của xã: hãy chọn đơn vị (unitCodes).")));
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

    private static string UnitsText(IReadOnlyList<AdminUnit> units) =>
        units.Count == 0 ? " (toàn tỉnh)" : " thuộc " + string.Join(", ", units.Select(u => u.Name));

    private static string Display(DateTimeOffset at) => at.ToOffset(VietnamTime.Offset).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Ngoài phạm vi được phép");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static Conflict<ProblemDetails> Conflict(string detail) =>
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail });
}
