using System.Data;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dapper;
using ZaloBot.Storage;

namespace ZaloBot.Teams;

/// <summary>
/// Keeps the unique households and the daily and monthly figures (<c>households</c>, <c>figures_by_day</c>,
/// <c>figures_by_month</c>) in step with the reports, in the caller's transaction. What a household's counted reports
/// (not cancelled) add to the figures is defined once, by <see cref="Contribute"/>: for the household's commune, each
/// team and each member that helped it, per category (or every report) and day, the reports, and one household on
/// the day of its first counted report in that subject and category. Around any change to some households' reports (a
/// report, a correction that moves a household or a day, a cancellation, an imported batch) their contributions are
/// read before and after, and the difference is added to the figures.
/// </summary>
public static class HouseholdFigures
{
    /// <summary>The commune-level unit of team <c>t</c> (unit <c>u</c>): its own unit, or a village's parent.</summary>
    public const string CommuneOfTeam = "CASE t.level WHEN 'commune' THEN t.unit_id ELSE u.parent_id END";

    /// <summary>The figures rows' category for every report, once; the others are <see cref="AssistCategory"/> names.</summary>
    private const int EveryReport = -1;

    private static readonly string[] CategoryNames = Enum.GetValues<AssistCategory>().Select(c => c.ToString()).ToArray();

    /// <summary>A report's categories (<c>household_assist_categories k</c>) as one number, a bit per category.</summary>
    private static readonly string CategoryBits =
        "SUM(CASE k.category " + string.Join(" ", Enum.GetValues<AssistCategory>().Select(c => $"WHEN '{c}' THEN {1 << (int)c}")) + " END)";

    private static readonly string CountedReports = $"""
        SELECT a.id, a.household_id, h.commune_unit_id, a.team_id, a.member_id, a.assisted_on,
               (SELECT {CategoryBits} FROM household_assist_categories k WHERE k.assist_id = a.id)
        FROM household_assists a JOIN households h ON h.id = a.household_id
        WHERE a.household_id IN (SELECT value FROM json_each(@Ids)) AND a.status <> 'cancelled'
        """;

    /// <summary>One counted report as the figures see it: its day as a day number, its categories a bit each.</summary>
    private readonly record struct Counted(long Id, long HouseholdId, long CommuneId, long TeamId, long? MemberId, int Day, int Categories);

    /// <summary>Whose figures a row holds; the names are the stored <c>subject</c>s.</summary>
    private enum Subject : byte
    {
        Commune,
        Team,
        Member,
    }

    private static readonly string[] SubjectNames = ["commune", "team", "member"];

    /// <summary>
    /// A figures row's key: the subject, its id, the category (<see cref="EveryReport"/> or an <see cref="AssistCategory"/>)
    /// and the period: a day number, or a month numbered from year 0.
    /// </summary>
    private readonly record struct FigureKey(Subject Subject, long SubjectId, int Category, int Period);

    private record struct Figure(int Assists, int Households);

    /// <summary>
    /// The household of a head and village helped by a team: the one of that household key in the team's
    /// commune-level unit, made when it is new.
    /// </summary>
    public static async Task<long> HouseholdAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, string head, string village)
    {
        var communeId = await connection.ExecuteScalarAsync<long>(
            $"SELECT {CommuneOfTeam} FROM teams t JOIN admin_units u ON u.id = t.unit_id WHERE t.id = @TeamId", new { TeamId = teamId }, transaction);
        return Households(connection, transaction, [(communeId, HouseholdKey.For(head, village), head, village)])[0];
    }

    /// <summary>The households of many reports at once (an imported batch), in their order, each made when it is new.</summary>
    public static IReadOnlyList<long> Households(
        IDbConnection connection, IDbTransaction? transaction, IReadOnlyList<(long CommuneId, string HouseholdKey, string Head, string Village)> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        using var find = new PreparedCommand(connection, transaction,
            "SELECT id FROM households WHERE commune_unit_id = @Commune AND household_key = @Key", "Commune", "Key");
        using var add = new PreparedCommand(connection, transaction, """
            INSERT INTO households (commune_unit_id, household_key, head_name, village, village_unit_id)
            VALUES (@Commune, @Key, @Head, @Village, @VillageUnit) RETURNING id
            """, "Commune", "Key", "Head", "Village", "VillageUnit");
        var villages = new Dictionary<long, Dictionary<string, long>>();
        var known = new Dictionary<(long CommuneId, string HouseholdKey), long>();
        var ids = new List<long>(reports.Count);
        foreach (var (communeId, key, head, village) in reports)
        {
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(known, (communeId, key), out var seen);
            if (!seen)
            {
                (find[0], find[1]) = (communeId, key);
                if (find.Scalar() is long found)
                {
                    id = found;
                }
                else
                {
                    if (!villages.TryGetValue(communeId, out var keys))
                    {
                        keys = HouseholdVillages.OfCommune(connection, transaction, communeId);
                        villages.Add(communeId, keys);
                    }

                    (add[0], add[1], add[2], add[3]) = (communeId, key, head, village);
                    add[4] = keys.TryGetValue(HouseholdKey.Village(village), out var villageUnit) ? villageUnit : null;
                    id = (long)add.Scalar()!;
                }
            }

            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Runs <paramref name="change"/> to these households' reports and moves the figures with it.</summary>
    public static async Task ChangeAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> householdIds, Func<Task> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var ids = householdIds.Distinct().ToList();
        var before = await ReadAsync(connection, transaction, ids);
        await change();
        Move(connection, transaction, ids, before, await ReadAsync(connection, transaction, ids));
    }

    /// <summary>
    /// Moves the figures for reports just added to these households (an imported batch, already written): their
    /// counted reports are read once, and before the change they were the same without the added reports.
    /// </summary>
    public static async Task AddedAsync(
        IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> householdIds, IReadOnlySet<long> addedReportIds)
    {
        ArgumentNullException.ThrowIfNull(addedReportIds);
        var ids = householdIds.Distinct().ToList();
        var after = await ReadAsync(connection, transaction, ids);
        Move(connection, transaction, ids, after.Where(r => !addedReportIds.Contains(r.Id)).ToList(), after);
    }

    /// <summary>
    /// Adds these households' contributions to figures that do not hold them yet (the rebuild, which empties the
    /// figures first), and refreshes their totals.
    /// </summary>
    public static async Task AddAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> householdIds)
    {
        ArgumentNullException.ThrowIfNull(householdIds);
        Move(connection, transaction, householdIds, [], await ReadAsync(connection, transaction, householdIds));
    }

    /// <summary>Adds to the figures what these households' counted reports add after a change minus what they added before, and refreshes their totals.</summary>
    private static void Move(
        IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> ids, IReadOnlyList<Counted> before, IReadOnlyList<Counted> after)
    {
        var delta = new Dictionary<FigureKey, Figure>();
        Contribute(delta, after, 1);
        Contribute(delta, before, -1);
        Write(connection, transaction, delta);
        RefreshTotals(connection, transaction, ids, after);
    }

    /// <summary>
    /// Adds (<paramref name="sign"/> 1) or takes away (-1) what counted reports, of whole households, add to the
    /// figures: a report, and a household on the day of its first counted report in each subject and category.
    /// </summary>
    private static void Contribute(Dictionary<FigureKey, Figure> figures, IReadOnlyList<Counted> counted, int sign)
    {
        var firsts = new Dictionary<(long HouseholdId, FigureKey Subject), int>();
        foreach (var report in counted)
        {
            Count(Subject.Commune, report.CommuneId, EveryReport);
            Count(Subject.Team, report.TeamId, EveryReport);
            if (report.MemberId is { } member)
            {
                Count(Subject.Member, member, EveryReport);
            }

            for (var category = 0; category < CategoryNames.Length; category++)
            {
                if ((report.Categories & (1 << category)) != 0)
                {
                    Count(Subject.Commune, report.CommuneId, category);
                    Count(Subject.Team, report.TeamId, category);
                }
            }

            void Count(Subject subject, long subjectId, int category)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(figures, new FigureKey(subject, subjectId, category, report.Day), out _).Assists += sign;
                ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(firsts, (report.HouseholdId, new FigureKey(subject, subjectId, category, 0)), out var seen);
                if (!seen || report.Day < first)
                {
                    first = report.Day;
                }
            }
        }

        foreach (var ((_, subject), day) in firsts)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(figures, subject with { Period = day }, out _).Households += sign;
        }
    }

    /// <summary>Adds the figures to the daily rows and, summed by month, to the monthly ones, in key order.</summary>
    private static void Write(IDbConnection connection, IDbTransaction? transaction, Dictionary<FigureKey, Figure> days)
    {
        var months = new Dictionary<FigureKey, Figure>();
        foreach (var (key, figure) in days)
        {
            var date = DateOnly.FromDayNumber(key.Period);
            ref var month = ref CollectionsMarshal.GetValueRefOrAddDefault(months, key with { Period = date.Year * 12 + date.Month - 1 }, out _);
            month = new Figure(month.Assists + figure.Assists, month.Households + figure.Households);
        }

        Upsert(connection, transaction, "figures_by_day", "day", days, period => VietnamTime.ToIso(DateOnly.FromDayNumber(period)));
        Upsert(connection, transaction, "figures_by_month", "month", months,
            period => string.Create(CultureInfo.InvariantCulture, $"{period / 12:0000}-{period % 12 + 1:00}"));
    }

    private static void Upsert(
        IDbConnection connection, IDbTransaction? transaction, string table, string period, Dictionary<FigureKey, Figure> figures, Func<int, string> periodText)
    {
        using var upsert = new PreparedCommand(connection, transaction, $"""
            INSERT INTO {table} (subject, subject_id, category, {period}, assists, households) VALUES (@Subject, @SubjectId, @Category, @Period, @Assists, @Households)
            ON CONFLICT (subject, subject_id, category, {period})
            DO UPDATE SET assists = assists + excluded.assists, households = households + excluded.households
            """, "Subject", "SubjectId", "Category", "Period", "Assists", "Households");
        foreach (var (key, figure) in figures.Where(f => f.Value != default).OrderBy(f => (f.Key.Subject, f.Key.SubjectId, f.Key.Category, f.Key.Period)))
        {
            (upsert[0], upsert[1], upsert[2], upsert[3]) = (SubjectNames[(int)key.Subject], key.SubjectId, key.Category == EveryReport ? "" : CategoryNames[key.Category], periodText(key.Period));
            (upsert[4], upsert[5]) = (figure.Assists, figure.Households);
            upsert.Run();
        }
    }

    private static async Task<IReadOnlyList<Counted>> ReadAsync(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> ids)
    {
        var counted = new List<Counted>();
        if (ids.Count == 0)
        {
            return counted;
        }

        using var reader = await connection.ExecuteReaderAsync(CountedReports, new { Ids = JsonSerializer.Serialize(ids) }, transaction);
        while (reader.Read())
        {
            counted.Add(new Counted(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4),
                VietnamTime.FromIso(reader.GetString(5)).DayNumber, reader.IsDBNull(6) ? 0 : reader.GetInt32(6)));
        }

        return counted;
    }

    /// <summary>Each household's reports, first and last day, and its latest report (its head and village as written there).</summary>
    private static void RefreshTotals(IDbConnection connection, IDbTransaction? transaction, IReadOnlyCollection<long> ids, IReadOnlyList<Counted> counted)
    {
        var totals = new Dictionary<long, (int Assists, int FirstDay, int LastDay, long LastId)>();
        foreach (var report in counted)
        {
            ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, report.HouseholdId, out var seen);
            total = !seen
                ? (1, report.Day, report.Day, report.Id)
                : (total.Assists + 1, Math.Min(total.FirstDay, report.Day),
                    Math.Max(total.LastDay, report.Day), (report.Day, report.Id).CompareTo((total.LastDay, total.LastId)) > 0 ? report.Id : total.LastId);
        }

        using var update = new PreparedCommand(connection, transaction, """
            UPDATE households
            SET assists = @Assists, first_on = @FirstOn, last_on = @LastOn, last_assist_id = @LastId,
                head_name = COALESCE((SELECT head_name FROM household_assists WHERE id = @LastId), head_name),
                village = COALESCE((SELECT village FROM household_assists WHERE id = @LastId), village)
            WHERE id = @Id
            """, "Id", "Assists", "FirstOn", "LastOn", "LastId");
        foreach (var id in ids)
        {
            var found = totals.TryGetValue(id, out var total);
            (update[0], update[1]) = (id, total.Assists);
            (update[2], update[3], update[4]) = found
                ? (VietnamTime.ToIso(DateOnly.FromDayNumber(total.FirstDay)), VietnamTime.ToIso(DateOnly.FromDayNumber(total.LastDay)), total.LastId)
                : ((string?)null, (string?)null, (long?)null);
            update.Run();
        }
    }
}
