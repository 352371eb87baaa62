using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.Admin;

// Wire shapes of the teams admin API. Phones leave the server masked, like everywhere else.

public sealed record UnitItem(long Id, string Code, string Level, string Name, string? ParentCode);

public sealed record CreateUnitRequest(string? Code, string? Level, string? Name, string? ParentCode);

public sealed record UnitImportReport(int Added, int Updated, int Unchanged, IReadOnlyList<UnitImportError> Errors);

public sealed record TeamItem(
    long Id, string UnitCode, string UnitName, string Level, string Name, string LeaderPhone, string BindCode, string? GroupId,
    DateTimeOffset? BoundAt, int Members, int PlanMin, int PlanMax, DateTimeOffset CreatedAt, string? GroupChannel);

public sealed record CreateTeamRequest(string? UnitCode, string? LeaderPhone, string? Name, string? BindCode);

public sealed record MemberItem(
    long Id, long TeamId, string ZaloUserId, string FullName, string Phone, string Role, string RoleName, DateTimeOffset JoinedAt,
    DateTimeOffset? LeftAt);

public sealed record AssistItem(
    long Id, long TeamId, string Code, string HeadOfHousehold, string Village, string Note, IReadOnlyList<string> Categories,
    DateOnly AssistedOn, long? MemberId, string? MemberName, string Status, bool Imported, string? SourceMessageId, DateTimeOffset CreatedAt);

public sealed record HouseholdItem(
    long Id, string CommuneName, IReadOnlyList<long> TeamIds, string HeadOfHousehold, string Village, int Assists, DateOnly FirstAssistedOn,
    DateOnly LastAssistedOn, IReadOnlyList<string> Categories);

/// <summary>
/// <c>/admin/api</c> for the teams registry: units (create, list, CSV import), teams (create, list; the answer
/// carries the bind code), members and households assisted (lists with filters). JSON; the key goes in
/// <c>X-Api-Key</c>.
/// </summary>
public static class TeamsAdminApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;
    private const long MaxImportBytes = 5 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTeamsAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapAdminGroup();

        var units = admin.MapGroup("/units").WithTags("Units");
        units.MapGet("/", ListUnitsAsync).OpenToOfficers(units: ["parentCode"])
            .WithSummary("List administrative units")
            .WithDescription("Filters: level (province, district, commune, village), parentCode. Paged with limit (≤ 1000) and offset. "
                + "An officer sees their commune and its villages.");
        // Creating, moving and importing units stay with province admins: a unit's parent decides whose scope it is in.
        units.MapPost("/", CreateUnitAsync)
            .WithSummary("Create or update one administrative unit")
            .WithDescription("Province admins only. An existing code is updated (name, parent); its level cannot change. Errors are in Vietnamese, for the official.");
        // The body is described for OpenAPI only: an Accepts() content-type constraint would answer 415 during
        // routing, before the key is checked.
        units.MapPost("/import", ImportUnitsAsync)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                                },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .WithSummary("Import administrative units from CSV")
            .WithDescription("Province admins only. Body: the CSV itself (text/csv) or a multipart form with one file. Columns: code,level,name,parent_code. "
                + "Bad rows are reported with their line and the other rows are imported.");

        var teams = admin.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("/", ListTeamsAsync).OpenToOfficers(units: ["unitCode"])
            .WithSummary("List teams with their bind codes")
            .WithDescription("Filters: unitCode (that unit and every unit under it), level (commune, village).");
        teams.MapPost("/", CreateTeamAsync).OpenToOfficers()
            .WithSummary("Create a team for a commune or village unit")
            .WithDescription("Returns the team with its bind code: someone in the team's Zalo group types #ketnoi <bindCode>. "
                + "Whoever registers with the leader's phone becomes tổ trưởng. bindCode is optional (drawn when absent). "
                + "An officer creates teams inside their commune only (else 403).");
        teams.MapGet("/{id:long}", GetTeamAsync).OpenToOfficers(teams: ["id"]).WithSummary("One team");

        admin.MapGet("/members", ListMembersAsync).OpenToOfficers(teams: ["teamId"]).WithTags("Members")
            .WithSummary("List team members")
            .WithDescription("Filters: teamId, role (leader, deputy, member), name (any part, without diacritics is fine), includeLeft.");
        admin.MapGet("/households", ListHouseholdsAsync).OpenToOfficers(units: ["unitCode"], teams: ["teamId"]).WithTags("Households")
            .WithSummary("List unique households assisted")
            .WithDescription("One row per household (head + village within a commune-level unit) with all its reports, newest first helped "
                + "first. Filters: unitCode, teamId, memberId, from, to (yyyy-MM-dd, Vietnam time: households first helped then), category, "
                + "village, head; byVillage=true with a village's unitCode lists the households living in that village, whichever team "
                + "helped them (otherwise a village's unitCode lists those its team helped). Paged by key: limit (≤ 1000), then after= the cursor in the Link header (rel=\"next\"); before= goes back.");
        admin.MapGet("/assists", ListAssistsAsync).OpenToOfficers(units: ["unitCode"], teams: ["teamId"], members: ["memberId"]).WithTags("Households")
            .WithSummary("List household-assisted reports")
            .WithDescription("Every report (HT-0001 codes are per team), newest day first; imported ones are marked. Filters as for "
                + "households (from, to: the report's day; byVillage), plus includeCancelled. Paged as households.");
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<UnitItem>>, ValidationProblem>> ListUnitsAsync(
        HttpContext context, Db db, string? level, string? parentCode, int? limit, int? offset)
    {
        UnitLevel? parsed = null;
        if (!string.IsNullOrWhiteSpace(level) && (parsed = UnitLevels.Parse(level)) is null)
        {
            return Invalid("level", "Cấp không rõ: province, district, commune hoặc village.");
        }

        await using var connection = await db.OpenAsync();
        var within = await context.Officer().Scope.UnitIdsAsync(connection);
        var units = await UnitStore.ListAsync(connection, parsed, UnitCode.Normalize(parentCode), within, Limit(limit), offset ?? 0);
        return TypedResults.Ok<IReadOnlyList<UnitItem>>(units.Select(AsItem).ToList());
    }

    private static async Task<Results<Created<UnitItem>, Ok<UnitItem>, ValidationProblem>> CreateUnitAsync(
        CreateUnitRequest request, Db db, TimeProvider clock)
    {
        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var (problem, unit, outcome) = await UnitImporter.SaveAsync(
            connection, transaction, new UnitInput(request.Code, request.Level, request.Name, request.ParentCode), clock.GetUtcNow());
        if (problem is not null)
        {
            return Invalid("unit", problem);
        }

        await transaction.CommitAsync();
        var item = AsItem(unit!);
        return outcome == UpsertOutcome.Added ? TypedResults.Created($"{AdminExtensions.Prefix}/units?code={item.Code}", item) : TypedResults.Ok(item);
    }

    private static async Task<Results<Ok<UnitImportReport>, ValidationProblem>> ImportUnitsAsync(HttpRequest request, Db db, TimeProvider clock)
    {
        if (request.ContentLength > MaxImportBytes)
        {
            return Invalid("file", $"Tệp lớn quá (tối đa {MaxImportBytes / 1024 / 1024} MB).");
        }

        string csv;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            if (form.Files.Count == 0)
            {
                return Invalid("file", "Không có tệp CSV trong biểu mẫu.");
            }

            using var reader = new StreamReader(form.Files[0].OpenReadStream(), Encoding.UTF8);
            csv = await reader.ReadToEndAsync();
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            csv = await reader.ReadToEndAsync();
        }

        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await UnitImporter.ImportCsvAsync(connection, transaction, csv, clock.GetUtcNow());
        await transaction.CommitAsync();
        return TypedResults.Ok(new UnitImportReport(result.Added, result.Updated, result.Unchanged, result.Errors));
    }

    private static async Task<Results<Ok<IReadOnlyList<TeamItem>>, ValidationProblem>> ListTeamsAsync(
        HttpContext context, Db db, string? unitCode, string? level)
    {
        TeamLevel? parsedLevel = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            parsedLevel = UnitLevels.Parse(level) is { } unitLevel ? TeamLevels.ForUnit(unitLevel) : null;
            if (parsedLevel is null)
            {
                return Invalid("level", "Cấp tổ không rõ: commune hoặc village.");
            }
        }

        await using var connection = await db.OpenAsync();
        long? unitId = null;
        if (!string.IsNullOrWhiteSpace(unitCode))
        {
            var unit = await UnitStore.FindByCodeAsync(connection, null, UnitCode.Normalize(unitCode)!);
            if (unit is null)
            {
                return Invalid("unitCode", $"Không có đơn vị mã “{unitCode}”.");
            }

            unitId = unit.Id;
        }

        var teams = await TeamStore.ListAsync(connection, unitId, parsedLevel);
        if (await context.Officer().Scope.TeamIdsAsync(connection) is { } inScope)
        {
            teams = teams.Where(t => inScope.Contains(t.Id)).ToList();
        }

        var counts = await MemberCountsAsync(connection);
        return TypedResults.Ok<IReadOnlyList<TeamItem>>(teams.Select(t => AsItem(t, counts.GetValueOrDefault(t.Id))).ToList());
    }

    private static async Task<Results<Ok<TeamItem>, NotFound>> GetTeamAsync(long id, Db db)
    {
        await using var connection = await db.OpenAsync();
        var team = await TeamStore.FindAsync(connection, null, id);
        return team is null ? TypedResults.NotFound() : TypedResults.Ok(AsItem(team, await MemberStore.CountActiveAsync(connection, null, id)));
    }

    private static async Task<Results<Created<TeamItem>, ValidationProblem, Conflict<ProblemDetails>, ProblemHttpResult>> CreateTeamAsync(
        CreateTeamRequest request, HttpContext context, Db db, TimeProvider clock)
    {
        var result = await TeamCreation.CreateAsync(db, request, context.Officer().Scope, clock.GetUtcNow());
        if (result.Forbidden is { } forbidden)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: forbidden);
        }

        if (result.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(result.Errors);
        }

        if (result.Conflict is not null)
        {
            return Conflict(result.Conflict);
        }

        return TypedResults.Created($"{AdminExtensions.Prefix}/teams/{result.Team!.Id}", AsItem(result.Team, 0));
    }

    private static async Task<Results<Ok<IReadOnlyList<MemberItem>>, ValidationProblem>> ListMembersAsync(
        HttpContext context, Db db, long? teamId, string? role, string? name, bool? includeLeft, int? limit, int? offset)
    {
        MemberRole? parsedRole = null;
        if (!string.IsNullOrWhiteSpace(role))
        {
            parsedRole = VietnameseText.FoldCompact(role) switch
            {
                "leader" or "totruong" => MemberRole.Leader,
                "deputy" or "topho" => MemberRole.Deputy,
                "member" or "thanhvien" => MemberRole.Member,
                _ => null,
            };
            if (parsedRole is null)
            {
                return Invalid("role", "Vai trò không rõ: leader, deputy hoặc member.");
            }
        }

        await using var connection = await db.OpenAsync();
        IReadOnlyList<long>? teamIds = teamId is { } id ? [id] : await context.Officer().Scope.TeamIdsAsync(connection);
        var members = await MemberStore.SearchAsync(connection, teamIds, parsedRole, includeLeft ?? false, name, Limit(limit), offset ?? 0);
        return TypedResults.Ok<IReadOnlyList<MemberItem>>(members.Select(m => new MemberItem(
            m.Id, m.TeamId, m.ZaloUserId, m.FullName, PhoneNumber.Mask(m.Phone), m.Role.Code(), m.Role.DisplayName(), m.JoinedAt, m.LeftAt)).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<HouseholdItem>>, ValidationProblem>> ListHouseholdsAsync(
        HttpContext context, Db db, long? teamId, string? unitCode, long? memberId, string? from, string? to, string? category, string? village,
        string? head, bool? byVillage, int? limit, string? after, string? before)
    {
        await using var connection = await db.OpenAsync(context.RequestAborted);
        var (filter, page, problem) = await ReadListAsync(context, connection, unitCode, teamId, memberId, from, to, category, limit, after, before);
        if (problem is not null)
        {
            return problem;
        }

        var result = await HouseholdReport.HouseholdsAsync(
            connection, context.Officer().Scope, filter! with { ByResidence = byVillage ?? false }, page!, new ListExtras(village, head));
        LinkPages(context, result.Next, result.Previous);
        return TypedResults.Ok<IReadOnlyList<HouseholdItem>>(result.Rows.Select(h => new HouseholdItem(
            h.Id, h.CommuneName, h.TeamIds, h.HeadOfHousehold, h.Village, h.Assists, h.FirstAssistedOn, h.LastAssistedOn,
            h.Categories.Select(c => c.ToString()).ToList())).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<AssistItem>>, ValidationProblem>> ListAssistsAsync(
        HttpContext context, Db db, long? teamId, string? unitCode, long? memberId, string? from, string? to, string? category, string? village,
        string? head, bool? includeCancelled, bool? byVillage, int? limit, string? after, string? before)
    {
        await using var connection = await db.OpenAsync(context.RequestAborted);
        var (filter, page, problem) = await ReadListAsync(context, connection, unitCode, teamId, memberId, from, to, category, limit, after, before);
        if (problem is not null)
        {
            return problem;
        }

        var result = await HouseholdReport.AssistsAsync(
            connection, context.Officer().Scope, filter! with { ByResidence = byVillage ?? false }, page!, new ListExtras(village, head, includeCancelled ?? false));
        LinkPages(context, result.Next, result.Previous);
        return TypedResults.Ok<IReadOnlyList<AssistItem>>(result.Rows.Select(a => new AssistItem(
            a.Id, a.TeamId, a.Code, a.HeadOfHousehold, a.Village, a.Note, a.Categories.Select(c => c.ToString()).ToList(), a.AssistedOn,
            a.MemberId, a.MemberName, a.Status.ToString().ToLowerInvariant(), a.Imported, a.SourceMessageId, a.CreatedAt)).ToList());
    }

    /// <summary>The lists' filter and page, or the problem with them (in Vietnamese, by parameter).</summary>
    private static async Task<(ReportFilter? Filter, ListPage? Page, ValidationProblem? Problem)> ReadListAsync(
        HttpContext context, Microsoft.Data.Sqlite.SqliteConnection connection, string? unitCode, long? teamId, long? memberId, string? from,
        string? to, string? category, int? limit, string? after, string? before)
    {
        var errors = new Dictionary<string, string[]>();
        DateOnly? ReadDate(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            errors[field] = ["Ngày có dạng yyyy-MM-dd, ví dụ 2026-11-28."];
            return null;
        }

        ListCursor? ReadCursor(string? text, string field)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            var cursor = ListCursor.Parse(text);
            if (cursor is null)
            {
                errors[field] = ["Con trỏ trang không đúng: dùng đúng giá trị trong tiêu đề Link của trang trước."];
            }

            return cursor;
        }

        var fromDate = ReadDate(from, "from");
        var toDate = ReadDate(to, "to");
        AssistCategory? parsedCategory = null;
        if (!string.IsNullOrWhiteSpace(category))
        {
            if (Enum.TryParse<AssistCategory>(category, ignoreCase: true, out var value) && Enum.IsDefined(value))
            {
                parsedCategory = value;
            }
            else
            {
                errors["category"] = ["Nội dung không rõ: " + string.Join(", ", Enum.GetNames<AssistCategory>()) + "."];
            }
        }

        var code = UnitCode.Normalize(unitCode);
        if (code is not null && await UnitStore.FindByCodeAsync(connection, null, code) is null)
        {
            errors["unitCode"] = [$"Không có đơn vị mã “{unitCode}”."];
        }

        // Deep offsets read and throw away every row before them: these lists page by key only.
        if (context.Request.Query.ContainsKey("offset"))
        {
            errors["offset"] = ["Danh sách này không nhận offset: đi tiếp bằng after= (giá trị trong tiêu đề Link, rel=\"next\")."];
        }

        var page = new ListPage(Limit(limit), ReadCursor(after, "after"), ReadCursor(before, "before"));
        if (errors.Count > 0)
        {
            return (null, null, TypedResults.ValidationProblem(errors));
        }

        return (new ReportFilter(code, teamId, memberId, fromDate, toDate, parsedCategory), page, null);
    }

    /// <summary>The neighbouring pages, as a Link header (RFC 8288) carrying the request's own filters.</summary>
    private static void LinkPages(HttpContext context, ListCursor? next, ListCursor? previous)
    {
        string Link(string name, ListCursor cursor, string rel)
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(context.Request.QueryString.Value)
                .Where(p => p.Key is not ("after" or "before"))
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
                .Append(new KeyValuePair<string, string?>(name, cursor.ToString()));
            return $"<{context.Request.PathBase}{context.Request.Path}{QueryString.Create(query)}>; rel=\"{rel}\"";
        }

        var links = new List<string>();
        if (next is not null)
        {
            links.Add(Link("after", next, "next"));
        }

        if (previous is not null)
        {
            links.Add(Link("before", previous, "prev"));
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }
    }

    private static async Task<Dictionary<long, int>> MemberCountsAsync(Microsoft.Data.Sqlite.SqliteConnection connection) =>
        (await connection.QueryAsync<(long TeamId, long Count)>(
            "SELECT team_id, COUNT(*) FROM team_members WHERE left_at IS NULL GROUP BY team_id"))
        .ToDictionary(r => r.TeamId, r => (int)r.Count);

    private static UnitItem AsItem(AdminUnit unit) => new(unit.Id, unit.Code, unit.Level.Code(), unit.Name, unit.ParentCode);

    private static TeamItem AsItem(Team team, int members) => new(
        team.Id, team.UnitCode, team.UnitName, team.Level.Code(), team.Name, PhoneNumber.Mask(team.LeaderPhone), team.BindCode, team.GroupId,
        team.BoundAt, members, team.Plan.Min, team.Plan.Max, team.CreatedAt, team.GroupId is null ? null : Messaging.ChannelIdCodes.Code(team.GroupChannel));

    private static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static Conflict<ProblemDetails> Conflict(string detail) =>
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail });
}
