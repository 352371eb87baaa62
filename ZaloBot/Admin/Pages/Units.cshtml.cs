using System.Text;
using Microsoft.AspNetCore.Mvc;
using ZaloBot.Admin.Reports;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.Admin.Pages;

/// <summary>Đơn vị &amp; tổ: the unit tree with each unit's team, the CSV import (province admins), and creating a team.</summary>
[OpenToOfficers(Units = ["unit"], ProvinceHandlers = ["Import"])]
public sealed partial class UnitsModel(Db db, TimeProvider clock, ILogger<UnitsModel> logger) : ConsolePageModel
{
    private const long MaxImportBytes = 5 * 1024 * 1024;

    public ReportFilter Filter { get; private set; } = ReportFilter.None;

    public IReadOnlyList<UnitOption> Units { get; private set; } = [];

    public IReadOnlyList<UnitOption> CommuneChoices { get; private set; } = [];

    public IReadOnlyList<UnitOption> TeamlessUnits { get; private set; } = [];

    public ProgrammeOverview Overview { get; private set; } = null!;

    /// <summary>Households living in each village unit (first helped in the period), whichever team helped them.</summary>
    public IReadOnlyDictionary<long, int> LivingInVillages { get; private set; } = new Dictionary<long, int>();

    public UnitImportResult? Import { get; private set; }

    public string? ImportProblem { get; private set; }

    public IReadOnlyDictionary<string, string[]> TeamErrors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public CreateTeamForm NewTeam { get; set; } = new();

    /// <summary>True when a "Lập tổ" link of the table chose the unit: the form waits for the leader's phone.</summary>
    public bool UnitChosenFromList { get; private set; }

    /// <summary>This page, with the same filter, and the team form opened on the unit.</summary>
    public string CreateTeamUrl(string unitCode) =>
        "/admin/units" + QueryString.Create(new Dictionary<string, string?> { ["unit"] = Filter.UnitCode, ["newTeam"] = unitCode }
            .Where(p => p.Value is not null)).ToUriComponent() + "#create-team";

    public sealed class CreateTeamForm
    {
        public string? UnitCode { get; set; }

        public string? LeaderPhone { get; set; }

        public string? Name { get; set; }
    }

    public Task OnGetAsync(string? newTeam)
    {
        NewTeam.UnitCode = UnitCode.Normalize(newTeam);
        UnitChosenFromList = NewTeam.UnitCode is not null;
        return LoadAsync();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            ImportProblem = "Bạn chọn tệp CSV danh sách đơn vị rồi bấm «Nhập» nhé.";
        }
        else if (file.Length > MaxImportBytes)
        {
            ImportProblem = $"Tệp lớn quá (tối đa {MaxImportBytes / 1024 / 1024} MB).";
        }
        else
        {
            string csv;
            using (var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8))
            {
                csv = await reader.ReadToEndAsync(HttpContext.RequestAborted);
            }

            await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
            using var turn = await db.TakeWriteTurnAsync(HttpContext.RequestAborted);
            await using var transaction = connection.BeginTransaction(deferred: false);
            Import = await UnitImporter.ImportCsvAsync(connection, transaction, csv, clock.GetUtcNow());
            await transaction.CommitAsync(HttpContext.RequestAborted);
            LogImported(logger, Import.Added, Import.Updated, Import.Unchanged, Import.Errors.Count, Officer.Holder.Name);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateTeamAsync()
    {
        var result = await TeamCreation.CreateAsync(
            db, new CreateTeamRequest(NewTeam.UnitCode, NewTeam.LeaderPhone, NewTeam.Name, null), Scope, clock.GetUtcNow());
        if (result.Team is { } team)
        {
            LogTeamCreated(logger, team.Id, team.UnitCode, Officer.Holder.Name);
            return Redirect($"/admin/teams/{team.Id}?created=1");
        }

        TeamErrors = (result.Conflict ?? result.Forbidden) is { } refusal
            ? new Dictionary<string, string[]> { ["unitCode"] = [refusal] }
            : result.Errors;
        await LoadAsync();
        // Outside the officer's commune is a refusal (403), said beside the field like any other.
        var page = Page();
        page.StatusCode = result.Forbidden is null ? null : StatusCodes.Status403Forbidden;
        return page;
    }

    private async Task LoadAsync()
    {
        ViewData["Section"] = "units";
        Filter = ReportFilter.Read(Request.Query, out _) with { TeamId = null, MemberId = null, Category = null };
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        Units = await UnitTree.ListAsync(connection, Scope, includeVillages: true);
        CommuneChoices = Units.Where(u => u.Level != UnitLevel.Village).ToList();
        Overview = await ProgrammeReport.BuildAsync(connection, Scope, Filter, VietnamTime.Today(clock.GetUtcNow()));
        LivingInVillages = await HouseholdReport.LivingInVillagesAsync(connection, Scope, Filter);
        var withTeam = (await ProgrammeReport.TeamsAsync(connection, ReportSql.Parameters(Scope, ReportFilter.None))).Select(t => t.UnitId).ToHashSet();
        TeamlessUnits = Units.Where(u => u.Level is UnitLevel.Commune or UnitLevel.Village && !withTeam.Contains(u.Id)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Console: units imported ({Added} added, {Updated} updated, {Unchanged} unchanged, {Refused} refused) by {Holder}")]
    private static partial void LogImported(ILogger logger, int added, int updated, int unchanged, int refused, string holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: team {TeamId} created for unit {UnitCode} by {Holder}")]
    private static partial void LogTeamCreated(ILogger logger, long teamId, string unitCode, string holder);
}
