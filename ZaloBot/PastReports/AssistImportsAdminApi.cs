using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;

namespace ZaloBot.PastReports;

/// <summary>An import as the admin API shows it; <c>statusUrl</c> is where to follow it.</summary>
public sealed record AssistImportItem(
    long Id, string FileName, string Format, string Status, int Percent, int RowsRead, int Added, int Duplicates, int Refused, double RowsPerSecond,
    string? Failure, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string StatusUrl, IReadOnlyList<AssistImportError> Errors);

/// <summary>
/// <c>POST /admin/api/assists/import</c> (202 with the import's id and status URL) and <c>GET /admin/api/assists/imports/{id}</c>.
/// A province admin imports into every unit; an officer only into their commune and its villages (rows for other
/// units are refused, line by line), and follows only the imports made for their commune.
/// </summary>
public static class AssistImportsAdminApi
{
    public const string ImportsPath = AdminExtensions.Prefix + "/assists/imports";

    public static IEndpointRouteBuilder MapAssistImports(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapAdminGroup().WithTags("Households");
        // Officers import and follow only what is made for their commune: rows for other units are refused line by line,
        // and another commune's import answers 404 (its handler checks).
        admin.MapPost("/assists/import", ImportAsync).OpenToOfficers()
            .WithSummary("Import past household-assisted reports from CSV or xlsx")
            .WithDescription($"Body: the file itself (CSV or .xlsx) or a multipart form with one file. Header: {AssistImportRows.Header}. "
                + "Answers 202 with the import's id and its status URL; rows are checked one by one (bad rows are listed there by line, in "
                + "Vietnamese) and importing the same rows again adds nothing.");
        admin.MapGet("/assists/imports/{id:long}", GetAsync).OpenToOfficers().WithSummary("One import: progress, counts and refused rows");
        return endpoints;
    }

    private static async Task<Results<Accepted<AssistImportItem>, ProblemHttpResult>> ImportAsync(
        HttpContext context, AssistImportRunner runner, Db db, TimeProvider clock)
    {
        // The file is streamed to disk, so the server's default body limit gives way to the import's own.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = runner.MaxFileBytes + 1024 * 1024;
        }

        var officer = context.Officer();
        var (upload, fileName) = await UploadAsync(context.Request);
        if (upload is null)
        {
            return TypedResults.Problem("Không có tệp trong biểu mẫu: gửi tệp CSV hoặc .xlsx.", statusCode: StatusCodes.Status400BadRequest);
        }

        var (id, refusal) = await runner.EnqueueAsync(upload, fileName, officer, context.RequestAborted);
        if (refusal is not null)
        {
            return TypedResults.Problem(refusal.Message, statusCode: refusal.StatusCode);
        }

        await using var connection = await db.OpenAsync(context.RequestAborted);
        var import = (await AssistImportStore.FindAsync(connection, id!.Value))!;
        return TypedResults.Accepted($"{ImportsPath}/{import.Id}", AsItem(import, [], clock));
    }

    private static async Task<Results<Ok<AssistImportItem>, NotFound>> GetAsync(long id, HttpContext context, Db db, TimeProvider clock)
    {
        await using var connection = await db.OpenAsync(context.RequestAborted);
        // An import made for another commune does not exist for this officer.
        if (await AssistImportStore.FindAsync(connection, id) is not { } import || !import.VisibleTo(context.Officer()))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(AsItem(import, await AssistImportStore.ErrorsAsync(connection, id), clock));
    }

    /// <summary>The body itself, or the first file of a multipart form, as a stream read as it arrives.</summary>
    private static async Task<(Stream? Upload, string? FileName)> UploadAsync(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (request.Body, null);
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, null);
        }

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(request.HttpContext.RequestAborted) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
            {
                return (section.Body, HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
            }
        }

        return (null, null);
    }

    private static AssistImportItem AsItem(AssistImport import, IReadOnlyList<AssistImportError> errors, TimeProvider clock) => new(
        import.Id, import.FileName, import.Format.ToString().ToLowerInvariant(), import.Status.ToString().ToLowerInvariant(), import.Percent,
        import.RowsRead, import.Added, import.Duplicates, import.Refused, Math.Round(import.RowsPerSecond(clock.GetUtcNow())), import.Failure,
        import.CreatedAt, import.FinishedAt, $"{ImportsPath}/{import.Id}", errors);
}
