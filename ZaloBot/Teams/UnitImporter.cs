using System.Data;
using ZaloBot.Text;

namespace ZaloBot.Teams;

/// <summary>A row that was not imported, with the reason in Vietnamese for the official who fixes the file.</summary>
public sealed record UnitImportError(int Line, string? Code, string Message);

public sealed record UnitImportResult(int Added, int Updated, int Unchanged, IReadOnlyList<UnitImportError> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>
/// A unit as an official gives it (CSV row or admin request), before validation. <see cref="FormerNames"/> is the
/// <c>;</c>-separated list of names it was known by before; null leaves the stored ones as they are.
/// </summary>
public sealed record UnitInput(string? Code, string? Level, string? Name, string? ParentCode, string? FormerNames = null);

/// <summary>
/// Validates and writes administrative units. A CSV has the columns <c>code,level,name,parent_code</c> and the
/// optional <c>former_names</c> (any order; Vietnamese headers <c>ma,cap,ten,ma_cha,ten_cu</c> also work). Rows are
/// checked one by one: a bad row is reported with its line and the rest are imported, in one transaction. An
/// existing code is updated, so importing the same file twice changes nothing.
/// </summary>
public static class UnitImporter
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 120;

    /// <summary>More than a commune formed from several units ever has; a longer list is a mistake in the file.</summary>
    public const int MaxFormerNames = 20;

    private static readonly Dictionary<string, string> HeaderAliases = new(StringComparer.Ordinal)
    {
        ["code"] = "code", ["ma"] = "code", ["madonvi"] = "code", ["unitcode"] = "code",
        ["level"] = "level", ["cap"] = "level", ["capdonvi"] = "level",
        ["name"] = "name", ["ten"] = "name", ["tendonvi"] = "name",
        ["parentcode"] = "parent_code", ["parent"] = "parent_code", ["macha"] = "parent_code", ["madonvicha"] = "parent_code",
        ["mathuoc"] = "parent_code", ["thuoc"] = "parent_code",
        ["formernames"] = "former_names", ["formername"] = "former_names", ["tencu"] = "former_names", ["tentruoc"] = "former_names",
        ["tentruocday"] = "former_names",
    };

    private static readonly string[] RequiredColumns = ["code", "level", "name", "parent_code"];

    /// <summary>Imports a CSV text. A header problem refuses the whole file (line 1) and imports nothing.</summary>
    public static async Task<UnitImportResult> ImportCsvAsync(IDbConnection connection, IDbTransaction transaction, string csv, DateTimeOffset now)
    {
        var records = TableFile.ReadCsv(csv).ToList();
        if (records.Count == 0)
        {
            return new UnitImportResult(0, 0, 0, [new UnitImportError(1, null, "Tệp trống: cần dòng tiêu đề code,level,name,parent_code và các dòng đơn vị.")]);
        }

        var header = records[0];
        var columns = TableFile.Columns(header, HeaderAliases);

        var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return new UnitImportResult(0, 0, 0,
                [new UnitImportError(header.Line, null, $"Thiếu cột {string.Join(", ", missing)} ở dòng tiêu đề (cần: code,level,name,parent_code).")]);
        }

        string? Field(CsvRecord record, string column) =>
            columns[column] < record.Fields.Count ? record.Fields[columns[column]] : null;

        // Without the optional column the stored former names stay; with it, an empty cell means none.
        var hasFormerNames = columns.ContainsKey("former_names");
        var rows = records.Skip(1)
            .Select(r => (r.Line, Input: new UnitInput(
                Field(r, "code"), Field(r, "level"), Field(r, "name"), Field(r, "parent_code"), hasFormerNames ? Field(r, "former_names") ?? "" : null)))
            .ToList();
        return await ImportAsync(connection, transaction, rows, now);
    }

    /// <summary>Validates and writes rows; parents may come later in the list than their children.</summary>
    public static async Task<UnitImportResult> ImportAsync(
        IDbConnection connection, IDbTransaction transaction, IReadOnlyList<(int Line, UnitInput Input)> rows, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new List<UnitImportError>();
        var valid = new List<(int Line, CheckedUnit Unit)>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, input) in rows)
        {
            var problem = Check(input, out var unit);
            if (problem is null && firstLine.TryGetValue(unit.Code, out var earlier))
            {
                problem = $"Mã “{unit.Code}” đã có ở dòng {earlier}.";
            }

            if (problem is not null)
            {
                errors.Add(new UnitImportError(line, UnitCode.Normalize(input.Code), problem));
                continue;
            }

            firstLine[unit.Code] = line;
            valid.Add((line, unit));
        }

        // Parents first, so a child finds the parent written a moment earlier whatever the file's order.
        var written = new Dictionary<string, (long Id, UnitLevel Level)>(StringComparer.Ordinal);
        var failed = errors.Where(e => e.Code is not null).Select(e => e.Code!).ToHashSet(StringComparer.Ordinal);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var (line, unit) in valid.OrderBy(r => r.Unit.Level).ThenBy(r => r.Line))
        {
            var result = await WriteAsync(connection, transaction, unit, written, failed, now);
            if (result.Problem is { } problem)
            {
                errors.Add(new UnitImportError(line, unit.Code, problem));
                failed.Add(unit.Code);
                continue;
            }

            written[unit.Code] = (result.Id, unit.Level);
            switch (result.Outcome)
            {
                case UpsertOutcome.Added:
                    added++;
                    break;
                case UpsertOutcome.Updated:
                    updated++;
                    break;
                default:
                    unchanged++;
                    break;
            }
        }

        return new UnitImportResult(added, updated, unchanged, errors.OrderBy(e => e.Line).ToList());
    }

    /// <summary>Creates or updates one unit (admin API). Returns the problem, or null with the stored unit.</summary>
    public static async Task<(string? Problem, AdminUnit? Unit, UpsertOutcome Outcome)> SaveAsync(
        IDbConnection connection, IDbTransaction transaction, UnitInput input, DateTimeOffset now)
    {
        if (Check(input, out var unit) is { } problem)
        {
            return (problem, null, default);
        }

        var result = await WriteAsync(connection, transaction, unit, [], [], now);
        return result.Problem is not null
            ? (result.Problem, null, default)
            : (null, await UnitStore.FindByCodeAsync(connection, transaction, unit.Code), result.Outcome);
    }

    /// <summary>A unit that passed the checks; <see cref="FormerNames"/> null leaves the stored ones as they are.</summary>
    private sealed record CheckedUnit(string Code, UnitLevel Level, string Name, string? ParentCode, IReadOnlyList<string>? FormerNames);

    private static string? Check(UnitInput input, out CheckedUnit unit)
    {
        unit = null!;
        var code = UnitCode.Normalize(input.Code);
        if (code is null)
        {
            return "Thiếu mã đơn vị (cột code).";
        }

        if (code.Length > MaxCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"Mã “{code}” chỉ được có chữ không dấu, số và dấu - _ . (tối đa {MaxCodeLength} ký tự).";
        }

        if (string.IsNullOrWhiteSpace(input.Level))
        {
            return "Thiếu cấp đơn vị (cột level): province, district, commune hoặc village.";
        }

        if (UnitLevels.Parse(input.Level) is not { } level)
        {
            return $"Cấp “{input.Level.Trim()}” không rõ: dùng province, district, commune hoặc village (tỉnh, huyện, xã, thôn).";
        }

        var name = VietnameseText.Tidy(input.Name);
        if (name.Length == 0)
        {
            return "Thiếu tên đơn vị (cột name).";
        }

        if (name.Length > MaxNameLength)
        {
            return $"Tên đơn vị dài quá (tối đa {MaxNameLength} ký tự).";
        }

        var parentCode = UnitCode.Normalize(input.ParentCode);
        if (level == UnitLevel.Province && parentCode is not null)
        {
            return "Đơn vị cấp tỉnh không có đơn vị cha; để trống cột parent_code.";
        }

        if (level != UnitLevel.Province && parentCode is null)
        {
            return $"Thiếu mã đơn vị cha (cột parent_code) cho đơn vị cấp {level.DisplayName()}.";
        }

        if (parentCode == code)
        {
            return "Đơn vị không thể là cha của chính nó.";
        }

        if (CheckFormerNames(input.FormerNames, out var formerNames) is { } formerProblem)
        {
            return formerProblem;
        }

        unit = new CheckedUnit(code, level, name, parentCode, formerNames);
        return null;
    }

    /// <summary>The former names of a cell ("Xã Húc; Xã Hướng Tân"): tidied, each once, in the given order.</summary>
    private static string? CheckFormerNames(string? cell, out IReadOnlyList<string>? names)
    {
        names = null;
        if (cell is null)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var name in cell.Split(';').Select(VietnameseText.Tidy).Where(n => n.Length > 0))
        {
            if (name.Length > MaxNameLength)
            {
                return $"Tên cũ “{name[..20]}…” dài quá (tối đa {MaxNameLength} ký tự).";
            }

            if (!list.Exists(n => VietnameseText.FoldedEquals(n, name)))
            {
                list.Add(name);
            }
        }

        if (list.Count > MaxFormerNames)
        {
            return $"Cột former_names có {list.Count} tên cũ; tối đa {MaxFormerNames}, cách nhau bằng dấu chấm phẩy.";
        }

        names = list;
        return null;
    }

    private sealed record WriteResult(string? Problem, long Id, UpsertOutcome Outcome);

    private static async Task<WriteResult> WriteAsync(
        IDbConnection connection, IDbTransaction transaction, CheckedUnit unit,
        Dictionary<string, (long Id, UnitLevel Level)> written, HashSet<string> failed, DateTimeOffset now)
    {
        var (code, level, name, parentCode, formerNames) = unit;
        long? parentId = null;
        if (parentCode is not null)
        {
            (long Id, UnitLevel Level) parent;
            if (written.TryGetValue(parentCode, out var fromFile))
            {
                parent = fromFile;
            }
            else if (failed.Contains(parentCode))
            {
                return new WriteResult($"Đơn vị cha “{parentCode}” bị lỗi ở dòng của nó nên dòng này chưa được nhập.", 0, default);
            }
            else if (await UnitStore.FindByCodeAsync(connection, transaction, parentCode) is { } stored)
            {
                parent = (stored.Id, stored.Level);
            }
            else
            {
                return new WriteResult($"Không tìm thấy đơn vị cha “{parentCode}”.", 0, default);
            }

            if (!level.ParentLevels().Contains(parent.Level))
            {
                return new WriteResult(
                    $"Đơn vị cha “{parentCode}” là cấp {parent.Level.DisplayName()}; đơn vị cấp {level.DisplayName()} phải thuộc cấp "
                    + string.Join(" hoặc ", level.ParentLevels().Select(l => l.DisplayName())) + ".", 0, default);
            }

            parentId = parent.Id;
        }

        var existing = await UnitStore.FindByCodeAsync(connection, transaction, code);
        if (existing is not null && existing.Level != level)
        {
            return new WriteResult($"Mã “{code}” đã có ở cấp {existing.Level.DisplayName()}; không đổi cấp của một đơn vị đã có.", 0, default);
        }

        var outcome = await UnitStore.UpsertAsync(connection, transaction, code, level, name, parentId, now);
        var id = existing?.Id ?? (await UnitStore.FindByCodeAsync(connection, transaction, code))!.Id;
        if (formerNames is not null && await UnitStore.SetFormerNamesAsync(connection, transaction, id, formerNames) && outcome == UpsertOutcome.Unchanged)
        {
            outcome = UpsertOutcome.Updated;
        }

        return new WriteResult(null, id, outcome);
    }
}
