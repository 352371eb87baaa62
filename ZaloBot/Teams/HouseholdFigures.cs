using System.Data;
using Dapper;

namespace ZaloBot.Teams;

/// <summary>
/// Keeps the unique households and the daily and monthly figures (<c>households</c>, <c>figures_by_day</c>,
/// <c>figures_by_month</c>) in step with the reports, in the caller's transaction. What a household's counted reports
/// add to the figures is defined once, by the <c>household_figures</c> view (migration 0016): before a change to some
/// households' reports their rows are subtracted, after it they are added back, so any change (a report, a correction
/// that moves a household or a day, a cancellation, an imported batch) moves exactly the figures it should.
/// </summary>
public static class HouseholdFigures
{
    // The household ids go in as a list of parameters, not a subquery: SQLite pushes such a term down into the view's
    // grouped arms, which then read the households' reports by index instead of the whole table.
    private const string Add = """
        INSERT INTO figures_by_day (subject, subject_id, category, day, assists, households)
        SELECT subject, subject_id, category, day, @Sign * SUM(assists), @Sign * SUM(households)
        FROM household_figures WHERE household_id IN @Ids
        GROUP BY subject, subject_id, category, day
        ON CONFLICT (subject, subject_id, category, day)
        DO UPDATE SET assists = assists + excluded.assists, households = households + excluded.households;
        INSERT INTO figures_by_month (subject, subject_id, category, month, assists, households)
        SELECT subject, subject_id, category, substr(day, 1, 7), @Sign * SUM(assists), @Sign * SUM(households)
        FROM household_figures WHERE household_id IN @Ids
        GROUP BY subject, subject_id, category, substr(day, 1, 7)
        ON CONFLICT (subject, subject_id, category, month)
        DO UPDATE SET assists = assists + excluded.assists, households = households + excluded.households;
        """;

    private const string RefreshTotals = """
        UPDATE households SET assists = 0, first_on = NULL, last_on = NULL, last_assist_id = NULL WHERE id IN @Ids;
        UPDATE households
        SET assists = t.assists, first_on = t.first_on, last_on = t.last_on, last_assist_id = t.last_assist_id,
            head_name = l.head_name, village = l.village
        FROM (SELECT * FROM household_totals WHERE household_id IN @Ids) t JOIN household_assists l ON l.id = t.last_assist_id
        WHERE households.id = t.household_id;
        """;

    /// <summary>
    /// The household of a head and village helped by a team: the one of that household key in the team's
    /// commune-level unit, made when it is new.
    /// </summary>
    public static Task<long> HouseholdAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, string head, string village) =>
        connection.ExecuteScalarAsync<long>("""
            INSERT INTO households (commune_unit_id, household_key, head_name, village)
            SELECT CASE t.level WHEN 'commune' THEN t.unit_id ELSE u.parent_id END, @Key, @Head, @Village
            FROM teams t JOIN admin_units u ON u.id = t.unit_id WHERE t.id = @TeamId
            ON CONFLICT (commune_unit_id, household_key) DO UPDATE SET household_key = excluded.household_key
            RETURNING id
            """, new { TeamId = teamId, Key = HouseholdKey.For(head, village), Head = head, Village = village }, transaction);

    /// <summary>Runs <paramref name="change"/> to these households' reports and moves the figures with it.</summary>
    public static async Task ChangeAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> householdIds, Func<Task> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var ids = householdIds.Distinct().ToList();
        await connection.ExecuteAsync(Add, new { Ids = ids, Sign = -1 }, transaction);
        await change();
        await connection.ExecuteAsync(Add, new { Ids = ids, Sign = 1 }, transaction);
        await connection.ExecuteAsync(RefreshTotals, new { Ids = ids }, transaction);
    }

    /// <summary>
    /// Adds these households' rows to figures that do not hold them yet (the rebuild, which empties the figures first),
    /// and refreshes their totals.
    /// </summary>
    public static async Task AddAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> householdIds)
    {
        await connection.ExecuteAsync(Add, new { Ids = householdIds, Sign = 1 }, transaction);
        await connection.ExecuteAsync(RefreshTotals, new { Ids = householdIds }, transaction);
    }
}
