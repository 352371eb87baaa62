using System.Data;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Exports;

/// <summary>
/// <c>/admin/exports/…</c>: the console's lists as .xlsx or CSV, with the page's own query string, so a file
/// holds exactly the rows on screen (every page of them): households assisted (by household or by report),
/// team rosters, and the per-unit summary.
/// </summary>
public static class ExportEndpoints
{
    public const string Prefix = "/admin/exports";

    public static IEndpointRouteBuilder MapConsoleExports(this IEndpointRouteBuilder endpoints)
    {
        var exports = endpoints.MapGroup(Prefix).RequireAuthorization(ConsoleSignIn.Policy).ExcludeFromDescription()
            .OpenToOfficers(units: ["unit"], teams: ["team"], members: ["member"]);
        exports.MapGet("/households.{format}", HouseholdsAsync);
        exports.MapGet("/rosters.{format}", RostersAsync);
        exports.MapGet("/summary.{format}", SummaryAsync);
        return endpoints;
    }

    private static async Task<IResult> HouseholdsAsync(string format, HttpContext context, Db db, TimeProvider clock)
    {
        if (Read(format, context, clock, out var request) is { } refused)
        {
            return refused;
        }

        await using var connection = await db.OpenAsync(context.RequestAborted);
        var export = await HouseholdsExportAsync(connection, request, clock);
        TableExport.Start(context, request.Format, export.FileName);
        await export.WriteAsync(context.Response.Body, () => { }, context.RequestAborted);
        return Results.Empty;
    }

    /// <summary>
    /// The full households export of a request (by household, or by report with <c>view=assists</c>): the file's name
    /// (without its extension), how many rows it holds, and how to write it, calling back once a row, through
    /// <paramref name="connection"/>, which stays open until it is written.
    /// </summary>
    internal static async Task<HouseholdsExport> HouseholdsExportAsync(IDbConnection connection, ExportRequest request, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (filter, scope) = (request.Filter, request.Scope);
        var names = await NamesAsync(connection, scope, filter);
        var teams = names.Teams;
        var members = await HouseholdReport.MemberNamesAsync(connection, scope, filter.ForNames);
        var figures = await HouseholdReport.CountAsync(connection, scope, filter);
        var byHousehold = filter.View == HouseholdView.Households;
        var about = About(clock, byHousehold ? "Hộ đã hỗ trợ (mỗi hộ một dòng)" : "Lượt hỗ trợ (mỗi phiếu một dòng)",
            filter.Describe(names.Unit, names.Team, names.Member), filter.Counting, figures);
        if (byHousehold)
        {
            return new HouseholdsExport(request.FileName("ho-da-ho-tro"), figures.Households, async (body, row, cancellationToken) =>
                await TableExport.WriteAsync(body, request.Format, new ExportSheet<HouseholdRow>(
                    "Hộ đã hỗ trợ",
                    [
                        new("Chủ hộ", h => h.HeadOfHousehold, 26),
                        new("Thôn/địa chỉ", h => h.Village, 22),
                        new("Xã/phường", h => h.CommuneName, 22),
                        new("Tổ hỗ trợ", h => string.Join("; ", h.TeamIds.Select(id => teams.GetValueOrDefault(id, "")))),
                        new("Thành viên hỗ trợ", h => string.Join("; ", h.MemberIds.Select(id => members.GetValueOrDefault(id, ""))), 26),
                        new("Số lượt hỗ trợ", h => h.Assists, 14),
                        new("Lần đầu", h => h.FirstAssistedOn, 13, IsDate: true),
                        new("Lần gần nhất", h => h.LastAssistedOn, 13, IsDate: true),
                        new("Nội dung hỗ trợ", h => ConsoleText.Categories(h.Categories), 40),
                    ],
                    Counting(await HouseholdReport.StreamHouseholdsAsync(connection, scope, filter), row)), about, null, cancellationToken));
        }

        return new HouseholdsExport(request.FileName("luot-ho-tro"), figures.Assists, async (body, row, cancellationToken) =>
            await TableExport.WriteAsync(body, request.Format, new ExportSheet<AssistRow>(
                "Lượt hỗ trợ",
                [
                    new("Mã phiếu", a => a.Code, 10),
                    new("Ngày hỗ trợ", a => a.AssistedOn, 13, IsDate: true),
                    new("Tổ", a => teams.GetValueOrDefault(a.TeamId, ""), 28),
                    new("Thành viên", a => a.MemberName ?? ConsoleText.Imported, 22),
                    new("Chủ hộ", a => a.HeadOfHousehold, 24),
                    new("Thôn/địa chỉ", a => a.Village, 20),
                    new("Nội dung hỗ trợ", a => ConsoleText.Categories(a.Categories), 36),
                    new("Ghi chú", a => a.Note, 40),
                    new("Trạng thái", a => ConsoleText.Status(a.Status), 10),
                ],
                Counting(await HouseholdReport.StreamAssistsAsync(connection, scope, filter), row)), about, null, cancellationToken));
    }

    /// <summary>A full households export: see <see cref="HouseholdsExportAsync"/>.</summary>
    internal sealed record HouseholdsExport(string FileName, long Rows, Func<Stream, Action, CancellationToken, Task> WriteAsync);

    private static IEnumerable<T> Counting<T>(IEnumerable<T> rows, Action row)
    {
        foreach (var item in rows)
        {
            row();
            yield return item;
        }
    }

    private static async Task<IResult> RostersAsync(string format, HttpContext context, Db db, TimeProvider clock)
    {
        if (Read(format, context, clock, out var request) is { } refused)
        {
            return refused;
        }

        var (filter, scope) = (request.Filter, request.Scope);
        await using var connection = await db.OpenAsync(context.RequestAborted);
        var names = await NamesAsync(connection, scope, filter);
        var includeLeft = context.Request.Query["left"] == "1";
        var described = filter.Describe(names.Unit, names.Team, null);
        var about = About(clock, "Danh sách thành viên các tổ", described, null, null, phonesWhole: true);
        await AuditTrail.RecordAsync(db, context.Officer(), AuditAction.RosterPhonesExported, described, clock.GetUtcNow(), context.RequestAborted);
        await TableExport.WriteAsync(context, request.Format, request.FileName("danh-sach-to"),
            new ExportSheet<RosterRow>("Thành viên", RosterColumns, RosterReport.Stream(connection, scope, filter with { MemberId = null }, includeLeft)), about);
        return Results.Empty;
    }

    public static IReadOnlyList<ExportColumn<RosterRow>> RosterColumns { get; } =
    [
        new("Đơn vị", r => r.UnitName, 24),
        new("Tổ", r => r.TeamName, 30),
        new("Cấp tổ", r => ConsoleText.TeamLevel(r.Level), 10),
        new("Họ và tên", r => r.FullName, 24),
        new("Số điện thoại", r => ConsoleText.FullPhone(r.Phone), 15),
        new("Vai trò", r => ConsoleText.Role(r.Role), 12),
        new("Ngày tham gia", r => VietnamTime.Today(r.JoinedAt), 13, IsDate: true),
        new("Trạng thái", r => r.LeftAt is { } left ? "Đã rời tổ ngày " + ConsoleText.Date(VietnamTime.Today(left)) : "Đang tham gia", 22),
    ];

    private static async Task<IResult> SummaryAsync(string format, HttpContext context, Db db, TimeProvider clock)
    {
        if (Read(format, context, clock, out var request) is { } refused)
        {
            return refused;
        }

        var (filter, scope) = (request.Filter, request.Scope);
        await using var connection = await db.OpenAsync(context.RequestAborted);
        var names = await NamesAsync(connection, scope, filter);
        var overview = await ProgrammeReport.BuildAsync(connection, scope, filter with { TeamId = null, MemberId = null, Category = null }, request.Today);
        var about = About(clock, "Tổng hợp theo đơn vị", filter.Describe(names.Unit, null, null), ReportFilter.TeamOutputName, overview.Totals);
        var communes = overview.Communes.Select(SummaryLine.For).Append(SummaryLine.Total(overview)).ToList();

        // The per-team sheet reuses the summary sheet's row type so both sheets share one writer.
        var teamLines = overview.Communes.SelectMany(c => c.Teams.Select(t => SummaryLine.ForTeam(c, t))).ToList();
        await TableExport.WriteAsync(context, request.Format, request.FileName("tong-hop-don-vi"),
            new ExportSheet<SummaryLine>("Theo xã", SummaryColumns, communes), about,
            new ExportSheet<SummaryLine>("Theo tổ", TeamColumns, teamLines));
        return Results.Empty;
    }

    /// <summary>One line of the summary: a commune-level unit rolled up, the total, or (second sheet) one team.</summary>
    public sealed record SummaryLine(
        string Code, string Name, string Parent, string CommuneTeam, int CommuneTeamMembers, int Villages, int VillageTeams,
        int VillageTeamsWithinPlan, int Members, int Households, int Assists, IReadOnlyDictionary<AssistCategory, int> ByCategory,
        string TeamName = "", string TeamLevel = "", string Group = "", string Plan = "", string Compliance = "")
    {
        public static SummaryLine For(CommuneSummary c) => new(
            c.Commune.Code, c.Commune.Name, c.Commune.ParentName ?? "", c.CommuneTeam is null ? "Chưa lập" : "Đã lập", c.CommuneTeam?.Members ?? 0,
            c.Villages.Count, c.VillageTeams, c.VillageTeamsWithinPlan, c.Members, c.Figures.Households, c.Figures.Assists, c.AssistsByCategory);

        public static SummaryLine Total(ProgrammeOverview o) => new(
            "", "Tổng cộng", "", $"{o.Communes.Count(c => c.CommuneTeam is not null)}/{o.Communes.Count}",
            o.Communes.Sum(c => c.CommuneTeam?.Members ?? 0), o.Communes.Sum(c => c.Villages.Count), o.Communes.Sum(c => c.VillageTeams),
            o.Communes.Sum(c => c.VillageTeamsWithinPlan), o.Communes.Sum(c => c.Members), o.Totals.Households, o.Totals.Assists,
            o.ByCategory.ToDictionary(c => c.Category, c => c.Assists));

        public static SummaryLine ForTeam(CommuneSummary c, TeamNode t)
        {
            var figures = t.Level == Teams.TeamLevel.Commune ? c.CommuneTeamFigures : c.Villages.First(v => v.Team?.Id == t.Id).Figures;
            return new SummaryLine(
                c.Commune.Code, t.UnitName, c.Commune.Name, "", 0, 0, 0, 0, t.Members, figures.Households, figures.Assists,
                new Dictionary<AssistCategory, int>(), t.Name, ConsoleText.TeamLevel(t.Level), t.GroupId is null ? "Chưa kết nối" : "Đã kết nối",
                t.Plan.Range, ConsoleText.Compliance(t.Compliance));
        }
    }

    public static IReadOnlyList<ExportColumn<SummaryLine>> SummaryColumns { get; } =
    [
        new("Mã đơn vị", s => s.Code, 16),
        new("Xã/phường/đặc khu", s => s.Name, 26),
        new("Thuộc", s => s.Parent, 22),
        new("Tổ cấp xã", s => s.CommuneTeam, 11),
        new("Thành viên tổ cấp xã", s => s.CommuneTeamMembers, 12),
        new("Số thôn/tổ dân phố", s => s.Villages, 12),
        new("Tổ cấp thôn đã lập", s => s.VillageTeams, 12),
        new("Tổ cấp thôn đủ 5–8 người", s => s.VillageTeamsWithinPlan, 14),
        new("Tổng thành viên", s => s.Members, 12),
        new("Hộ được hỗ trợ (không trùng)", s => s.Households, 14),
        new("Lượt hỗ trợ", s => s.Assists, 12),
        .. Enum.GetValues<AssistCategory>().Select(category =>
            new ExportColumn<SummaryLine>("Lượt: " + category.DisplayName(), s => s.ByCategory.GetValueOrDefault(category), 14)),
    ];

    public static IReadOnlyList<ExportColumn<SummaryLine>> TeamColumns { get; } =
    [
        new("Mã xã", s => s.Code, 16),
        new("Xã/phường/đặc khu", s => s.Parent, 24),
        new("Đơn vị của tổ", s => s.Name, 24),
        new("Tổ", s => s.TeamName, 32),
        new("Cấp tổ", s => s.TeamLevel, 10),
        new("Nhóm Zalo", s => s.Group, 13),
        new("Thành viên", s => s.Members, 11),
        new("Kế hoạch (người)", s => s.Plan, 11),
        new("Quy mô", s => s.Compliance, 16),
        new("Hộ được hỗ trợ (không trùng)", s => s.Households, 14),
        new("Lượt hỗ trợ", s => s.Assists, 12),
    ];

    /// <summary>What every export starts from: the format and filter the page asked for, the officer's scope, today in Vietnam.</summary>
    internal sealed record ExportRequest(ExportFormat Format, ReportFilter Filter, OfficerScope Scope, DateOnly Today)
    {
        public string FileName(string name) => name + "-" + VietnamTime.ToIso(Today);
    }

    /// <summary>Reads the request; returns the answer that refuses it (unknown format, unreadable filter), else null.</summary>
    internal static IResult? Read(string format, HttpContext context, TimeProvider clock, out ExportRequest request)
    {
        var filter = ReportFilter.Read(context.Request.Query, out var problems);
        var parsed = TableExport.ParseFormat(format);
        request = new ExportRequest(parsed ?? default, filter, context.Officer().Scope, VietnamTime.Today(clock.GetUtcNow()));
        if (parsed is null)
        {
            return Results.NotFound();
        }

        // A filter that could not be read would silently widen the file: refuse instead, with the way back to the list.
        return problems.Count > 0
            ? ConsoleProblems.Refuse(context, StatusCodes.Status400BadRequest, "Chưa tải được tệp: " + string.Join(" ", problems),
                new ConsoleLink(PageOf(context.Request.Path) + context.Request.QueryString, "Quay lại sửa bộ lọc"))
            : null;
    }

    /// <summary>The console page whose list an export writes out.</summary>
    private static string PageOf(PathString exportPath) =>
        exportPath.Value?.Contains("/households.", StringComparison.Ordinal) == true ? "/admin/households" : "/admin/units";

    /// <summary>
    /// The file's opening lines; <paramref name="counting"/> names which households a report counts, and
    /// <paramref name="phonesWhole"/> is for the rosters, whose numbers officials need to call.
    /// </summary>
    private static List<(string, string)> About(TimeProvider clock, string report, string filter, string? counting, Figures? figures, bool phonesWhole = false)
    {
        List<(string, string)> about =
        [
            ("Báo cáo", report),
            ("Bộ lọc", filter),
        ];
        if (counting is not null)
        {
            about.Add(("Cách tính", counting));
        }

        about.AddRange(
        [
            ("Thời điểm xuất", ConsoleText.DateTime(clock.GetUtcNow()) + " (giờ Việt Nam)"),
        ]);
        if (figures is not null)
        {
            about.Add(("Số hộ được hỗ trợ (không trùng)", ConsoleText.Number(figures.Households)));
            about.Add(("Số lượt hỗ trợ", ConsoleText.Number(figures.Assists)));
        }

        about.Add(("Ghi chú", phonesWhole
            ? "Số điện thoại để cán bộ liên hệ thành viên; lần tải này đã được ghi lại. Không gửi tệp ra ngoài."
            : "Số điện thoại đã được che. Một hộ được tính một lần trong mỗi xã dù được nhiều tổ hỗ trợ nhiều lần."));
        return about;
    }

    internal sealed record FilterNames(string? Unit, string? Team, string? Member, Dictionary<long, string> Teams);

    /// <summary>The names behind the filter's codes and ids (for the file's description), and the teams in scope.</summary>
    internal static async Task<FilterNames> NamesAsync(IDbConnection connection, OfficerScope scope, ReportFilter filter)
    {
        var teams = (await ProgrammeReport.TeamsAsync(connection, ReportSql.Parameters(scope, filter.ForNames)))
            .ToDictionary(t => t.Id, t => t.Name);
        var unit = filter.UnitCode is null ? null : await UnitStore.FindByCodeAsync(connection, null, filter.UnitCode);
        var member = filter.MemberId is { } memberId
            ? (await HouseholdReport.MemberNamesAsync(connection, scope, filter)).GetValueOrDefault(memberId, $"#{memberId}")
            : null;
        return new FilterNames(
            unit?.Name ?? filter.UnitCode, filter.TeamId is { } teamId ? teams.GetValueOrDefault(teamId, $"#{teamId}") : null, member, teams);
    }
}
