using System.Data;
using Dapper;
using ZaloBot.AdminAuth;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Reports;

/// <summary>A unit in tree order, with its depth below the officer's top units.</summary>
public sealed record UnitOption(long Id, string Code, UnitLevel Level, string Name, int Depth);

/// <summary>The units an officer may see, in tree order (parents before children, siblings by code): for the filters' lists.</summary>
public static class UnitTree
{
    private sealed record Row(long Id, string Code, string Level, string Name, long? ParentId);

    public static async Task<IReadOnlyList<UnitOption>> ListAsync(IDbConnection connection, OfficerScope scope, bool includeVillages)
    {
        var rows = (await connection.QueryAsync<Row>(ReportSql.Ctes + """
            SELECT u.id AS Id, u.code AS Code, u.level AS Level, u.name AS Name, u.parent_id AS ParentId
            FROM admin_units u WHERE u.id IN (SELECT id FROM officer_units) AND (@IncludeVillages OR u.level <> 'village')
            ORDER BY u.code
            """, ReportSql.Parameters(scope, ReportFilter.None, new { IncludeVillages = includeVillages }))).ToList();
        var ids = rows.Select(r => r.Id).ToHashSet();
        var children = rows.ToLookup(r => r.ParentId is { } parent && ids.Contains(parent) ? parent : (long?)null);
        var ordered = new List<UnitOption>(rows.Count);
        void Walk(long? parent, int depth)
        {
            foreach (var row in children[parent])
            {
                ordered.Add(new UnitOption(row.Id, row.Code, UnitLevels.Parse(row.Level)!.Value, row.Name, depth));
                Walk(row.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return ordered;
    }
}
