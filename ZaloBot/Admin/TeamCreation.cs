using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.Admin;

/// <summary>
/// What creating a team came to: the team, or field errors, or a conflict (the unit has a team, the code is taken), or a
/// refusal (the unit is outside the officer's commune).
/// </summary>
public sealed record TeamCreationResult(Team? Team, IReadOnlyDictionary<string, string[]> Errors, string? Conflict, string? Forbidden = null);

/// <summary>
/// Creates a team for a commune or village unit, as the admin API and the console both do: checks the leader's
/// phone, the optional name and bind code, that the unit exists, sits at a team level and has no team yet; draws a
/// bind code when none is given, all in one transaction under the process's write turn. An officer may create teams
/// inside their commune only: a unit outside it, or one that does not exist, is refused alike, so the answer never
/// tells them which codes exist elsewhere (a team they made for another commune's village could be bound from their
/// own group with <c>#ketnoi</c> and take that village's help requests). Messages are Vietnamese, for the official.
/// </summary>
public static class TeamCreation
{
    public static async Task<TeamCreationResult> CreateAsync(
        Db db, CreateTeamRequest request, OfficerScope scope, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new Dictionary<string, string[]>();
        var phone = PhoneNumber.Normalize(request.LeaderPhone);
        if (phone is null)
        {
            errors["leaderPhone"] = ["Cần số di động của tổ trưởng: 10 chữ số, bắt đầu bằng 0."];
        }

        string? bindCode = null;
        if (!string.IsNullOrWhiteSpace(request.BindCode) && (bindCode = BindCode.Normalize(request.BindCode)) is null)
        {
            errors["bindCode"] = [$"Mã kết nối chỉ gồm chữ không dấu và số, {BindCode.MinLength}–{BindCode.MaxLength} ký tự, không có dấu cách."];
        }

        var name = VietnameseText.Tidy(request.Name);
        if (name.Length > UnitImporter.MaxNameLength)
        {
            errors["name"] = [$"Tên tổ dài quá (tối đa {UnitImporter.MaxNameLength} ký tự)."];
        }

        await using var connection = await db.OpenAsync();
        using var turn = await db.TakeWriteTurnAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var unit = string.IsNullOrWhiteSpace(request.UnitCode)
            ? null
            : await UnitStore.FindByCodeAsync(connection, transaction, UnitCode.Normalize(request.UnitCode)!);
        if (!scope.IsEverything && (unit is null || !await scope.HoldsUnitAsync(connection, unit.Id)))
        {
            return new TeamCreationResult(null, errors, null,
                $"Đơn vị “{request.UnitCode}” không thuộc phạm vi của bạn: cán bộ xã chỉ lập tổ cho xã mình và các thôn của xã.");
        }

        var level = unit is null ? null : TeamLevels.ForUnit(unit.Level);
        if (unit is null)
        {
            errors["unitCode"] = [$"Không có đơn vị mã “{request.UnitCode}”."];
        }
        else if (level is null)
        {
            errors["unitCode"] = [$"Tổ chỉ lập ở cấp xã/phường/đặc khu hoặc thôn/bản/tổ dân phố; “{unit.Name}” là cấp {unit.Level.DisplayName()}."];
        }

        if (errors.Count > 0)
        {
            return new TeamCreationResult(null, errors, null);
        }

        if (await TeamStore.FindByUnitAsync(connection, transaction, unit!.Id) is { } existing)
        {
            return new TeamCreationResult(null, errors, $"{unit.Name} đã có tổ (id {existing.Id}); mỗi đơn vị một tổ.");
        }

        if (bindCode is not null && await TeamStore.FindByBindCodeAsync(connection, transaction, bindCode) is not null)
        {
            return new TeamCreationResult(null, errors, $"Mã kết nối {bindCode} đã được dùng cho tổ khác.");
        }

        bindCode ??= await TeamStore.NewBindCodeAsync(connection, transaction);
        var teamName = name.Length > 0 ? name : (level == TeamLevel.Commune ? "Tổ CNS " : "Tổ CNSCĐ ") + unit.Name;
        var id = await TeamStore.CreateAsync(connection, transaction, unit.Id, level!.Value, teamName, phone!, bindCode, now);
        var team = (await TeamStore.FindAsync(connection, transaction, id))!;
        await transaction.CommitAsync();
        return new TeamCreationResult(team, errors, null);
    }
}
