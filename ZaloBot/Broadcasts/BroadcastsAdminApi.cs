using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ZaloBot.AdminAuth;

namespace ZaloBot.Broadcasts;

/// <summary>
/// <c>/admin/api/broadcasts</c>: preview an audience, create an announcement, edit it until it is sent, schedule or
/// send it now, cancel it,
/// read its status (totals, reasons, audit) and its recipients. Each endpoint hands the request to
/// <see cref="BroadcastOperations"/>, as the console's "Thông báo" pages do, and answers its outcome in HTTP: a
/// malformed request 400 with the fields, units outside an officer's commune 403, an unknown id 404, a change the
/// announcement's state does not allow 409.
/// </summary>
public static class BroadcastsAdminApi
{
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
        broadcasts.MapPut("/{id:long}", UpdateAsync)
            .WithSummary("Edit a draft or scheduled announcement")
            .WithDescription("Body as for create; replaces the title, text, image, audience, units and urgency. Allowed until the announcement is "
                + "sent: a scheduled one keeps its time; one that is sending, sent or cancelled answers 409 with the reason.");
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

    private static async Task<Results<Ok<PreviewItem>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        BroadcastAudienceRequest request, ClaimsPrincipal user, BroadcastOperations broadcasts)
    {
        var outcome = await broadcasts.PreviewAsync(Officer.FromPrincipal(user), request.Audience, request.UnitCodes, request.Urgent ?? false);
        return outcome.Refusal switch
        {
            null => TypedResults.Ok(outcome.Value!),
            { Kind: BroadcastRefusalKind.Invalid } invalid => Invalid(invalid),
            var refused => Forbidden(refused),
        };
    }

    private static async Task<Results<Created<BroadcastItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateBroadcastRequest request, ClaimsPrincipal user, BroadcastOperations broadcasts)
    {
        var outcome = await broadcasts.CreateAsync(Officer.FromPrincipal(user), request);
        return outcome.Refusal switch
        {
            null => TypedResults.Created($"{AdminExtensions.Prefix}/broadcasts/{outcome.Value!.Id}", outcome.Value),
            { Kind: BroadcastRefusalKind.Invalid } invalid => Invalid(invalid),
            var refused => Forbidden(refused),
        };
    }

    private static async Task<Results<Ok<BroadcastItem>, NotFound, ValidationProblem, ProblemHttpResult, Conflict<ProblemDetails>>> UpdateAsync(
        long id, CreateBroadcastRequest request, ClaimsPrincipal user, BroadcastOperations broadcasts)
    {
        var outcome = await broadcasts.UpdateAsync(Officer.FromPrincipal(user), id, request);
        return outcome.Refusal switch
        {
            null => TypedResults.Ok(outcome.Value!),
            { Kind: BroadcastRefusalKind.NotFound } => TypedResults.NotFound(),
            { Kind: BroadcastRefusalKind.Invalid } invalid => Invalid(invalid),
            { Kind: BroadcastRefusalKind.OutOfScope } refused => Forbidden(refused),
            var refused => Conflict(refused),
        };
    }

    private static async Task<Ok<IReadOnlyList<BroadcastListItem>>> ListAsync(ClaimsPrincipal user, BroadcastOperations broadcasts, int? limit, int? offset) =>
        TypedResults.Ok(await broadcasts.ListAsync(Officer.FromPrincipal(user), limit, offset));

    private static async Task<Results<Ok<BroadcastItem>, NotFound>> GetAsync(long id, BroadcastOperations broadcasts) =>
        await broadcasts.GetAsync(id) is { Value: { } item } ? TypedResults.Ok(item) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<RecipientItem>>, NotFound, ValidationProblem>> RecipientsAsync(
        long id, BroadcastOperations broadcasts, string? state, int? limit, int? offset)
    {
        var outcome = await broadcasts.RecipientsAsync(id, state, limit, offset);
        return outcome.Refusal switch
        {
            null => TypedResults.Ok(outcome.Value!),
            { Kind: BroadcastRefusalKind.Invalid } invalid => Invalid(invalid),
            _ => TypedResults.NotFound(),
        };
    }

    private static async Task<Results<Ok<BroadcastItem>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> ScheduleAsync(
        long id, ScheduleBroadcastRequest request, ClaimsPrincipal user, BroadcastOperations broadcasts) =>
        Changed(await broadcasts.ScheduleAsync(Officer.FromPrincipal(user), id, request.SendAt));

    private static async Task<Results<Ok<BroadcastItem>, NotFound, ValidationProblem, Conflict<ProblemDetails>>> SendNowAsync(
        long id, ClaimsPrincipal user, BroadcastOperations broadcasts) =>
        Changed(await broadcasts.SendNowAsync(Officer.FromPrincipal(user), id));

    private static async Task<Results<Ok<BroadcastItem>, NotFound, Conflict<ProblemDetails>>> CancelAsync(
        long id, ClaimsPrincipal user, BroadcastOperations broadcasts)
    {
        var outcome = await broadcasts.CancelAsync(Officer.FromPrincipal(user), id);
        return outcome.Refusal switch
        {
            null => TypedResults.Ok(outcome.Value!),
            { Kind: BroadcastRefusalKind.NotFound } => TypedResults.NotFound(),
            var refused => Conflict(refused),
        };
    }

    private static Results<Ok<BroadcastItem>, NotFound, ValidationProblem, Conflict<ProblemDetails>> Changed(BroadcastOutcome<BroadcastItem> outcome) =>
        outcome.Refusal switch
        {
            null => TypedResults.Ok(outcome.Value!),
            { Kind: BroadcastRefusalKind.NotFound } => TypedResults.NotFound(),
            { Kind: BroadcastRefusalKind.Invalid } invalid => Invalid(invalid),
            var refused => Conflict(refused),
        };

    private static ValidationProblem Invalid(BroadcastRefusal refusal) =>
        TypedResults.ValidationProblem(refusal.Errors.ToDictionary());

    private static ProblemHttpResult Forbidden(BroadcastRefusal refusal) =>
        TypedResults.Problem(refusal.Text, statusCode: StatusCodes.Status403Forbidden, title: "Ngoài phạm vi được phép");

    private static Conflict<ProblemDetails> Conflict(BroadcastRefusal refusal) =>
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = refusal.Text });
}
