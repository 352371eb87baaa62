using System.Data;
using Dapper;

namespace ZaloBot.Teams;

/// <summary>
/// The <c>household_assists</c> and <c>household_assist_categories</c> tables. Every method runs on the caller's
/// connection and transaction. Cancelled reports are kept (with who cancelled) and never counted.
/// </summary>
public static class AssistStore
{
    private const string Select = """
        SELECT a.id AS Id, a.team_id AS TeamId, a.number AS Number, a.member_id AS MemberId, m.full_name AS MemberName,
               m.zalo_user_id AS MemberUserId, a.head_name AS HeadName, a.village AS Village, a.household_key AS HouseholdKey,
               a.note AS Note, a.assisted_on AS AssistedOn, a.source_msg_id AS SourceMsgId, a.status AS Status, a.created_at AS CreatedAt
        FROM household_assists a JOIN team_members m ON m.id = a.member_id
        """;

    private const string Filter = """
        (@IncludeCancelled OR a.status <> 'cancelled')
          AND (@AllTeams OR a.team_id IN @TeamIds)
          AND (@From IS NULL OR a.assisted_on >= @From) AND (@To IS NULL OR a.assisted_on <= @To)
          AND (@MemberId IS NULL OR a.member_id = @MemberId)
          AND (@Category IS NULL OR EXISTS (SELECT 1 FROM household_assist_categories c WHERE c.assist_id = a.id AND c.category = @Category))
          AND (@VillageKey IS NULL OR a.household_key LIKE '%|%' || @VillageKey || '%')
          AND (@HeadKey IS NULL OR a.household_key LIKE '%' || @HeadKey || '%|%')
        """;

    private sealed record Row(
        long Id, long TeamId, long Number, long MemberId, string MemberName, string MemberUserId, string HeadName, string Village,
        string HouseholdKey, string Note, string AssistedOn, string? SourceMsgId, string Status, long CreatedAt)
    {
        public HouseholdAssist AsAssist(IReadOnlyList<AssistCategory> categories) => new(
            Id, TeamId, (int)Number, MemberId, MemberName, MemberUserId, HeadName, Village, HouseholdKey, Note, categories,
            DateOnly.ParseExact(AssistedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), SourceMsgId,
            Enum.Parse<AssistStatus>(Status, ignoreCase: true), DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }

    /// <summary>Records a report with the team's next number. Returns it as stored.</summary>
    public static async Task<HouseholdAssist> AddAsync(
        IDbConnection connection, IDbTransaction? transaction, long teamId, long memberId, string head, string village, string note,
        IReadOnlyList<AssistCategory> categories, string? sourceMessageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(categories);
        // The handler holds the database's write lock, so MAX + 1 cannot race another writer.
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO household_assists
                (team_id, number, member_id, head_name, village, household_key, note, assisted_on, source_msg_id, status, created_at)
            VALUES (@TeamId, (SELECT COALESCE(MAX(number), 0) + 1 FROM household_assists WHERE team_id = @TeamId), @MemberId,
                    @Head, @Village, @Key, @Note, @AssistedOn, @SourceMsgId, 'recorded', @Now)
            RETURNING id
            """, new
        {
            TeamId = teamId,
            MemberId = memberId,
            Head = head,
            Village = village,
            Key = HouseholdKey.For(head, village),
            Note = note,
            AssistedOn = VietnamTime.ToIso(VietnamTime.Today(now)),
            SourceMsgId = sourceMessageId,
            Now = now.ToUnixTimeMilliseconds(),
        }, transaction);
        await SetCategoriesAsync(connection, transaction, id, categories);
        return (await FindAsync(connection, transaction, id))!;
    }

    public static async Task<HouseholdAssist?> FindAsync(IDbConnection connection, IDbTransaction? transaction, long id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(Select + " WHERE a.id = @Id", new { Id = id }, transaction);
        return row is null ? null : row.AsAssist(await CategoriesAsync(connection, transaction, id));
    }

    public static async Task<HouseholdAssist?> FindByNumberAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, int number)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            Select + " WHERE a.team_id = @TeamId AND a.number = @Number", new { TeamId = teamId, Number = number }, transaction);
        return row is null ? null : row.AsAssist(await CategoriesAsync(connection, transaction, row.Id));
    }

    /// <summary>How many counted reports the team has for this household.</summary>
    public static async Task<int> CountForHouseholdAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, string householdKey) =>
        await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM household_assists WHERE team_id = @TeamId AND household_key = @Key AND status <> 'cancelled'",
            new { TeamId = teamId, Key = householdKey }, transaction);

    /// <summary>Replaces the fields of a report; it becomes "corrected".</summary>
    public static async Task CorrectAsync(
        IDbConnection connection, IDbTransaction? transaction, long id, string head, string village, string note,
        IReadOnlyList<AssistCategory> categories, long correctedBy, DateTimeOffset now)
    {
        await connection.ExecuteAsync("""
            UPDATE household_assists
            SET head_name = @Head, village = @Village, household_key = @Key, note = @Note, status = 'corrected',
                corrected_at = @Now, corrected_by = @By
            WHERE id = @Id AND status <> 'cancelled'
            """, new { Id = id, Head = head, Village = village, Key = HouseholdKey.For(head, village), Note = note, By = correctedBy, Now = now.ToUnixTimeMilliseconds() },
            transaction);
        await SetCategoriesAsync(connection, transaction, id, categories);
    }

    public static Task CancelAsync(IDbConnection connection, IDbTransaction? transaction, long id, long cancelledBy, DateTimeOffset now) =>
        connection.ExecuteAsync(
            "UPDATE household_assists SET status = 'cancelled', cancelled_at = @Now, cancelled_by = @By WHERE id = @Id AND status <> 'cancelled'",
            new { Id = id, By = cancelledBy, Now = now.ToUnixTimeMilliseconds() }, transaction);

    /// <summary>The team's figures from <paramref name="from"/> (inclusive; null = since the start).</summary>
    public static async Task<TeamStats> StatsAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, DateOnly? from)
    {
        var parameters = new { TeamId = teamId, From = from is { } date ? VietnamTime.ToIso(date) : null };
        const string Counted = "a.team_id = @TeamId AND a.status <> 'cancelled' AND (@From IS NULL OR a.assisted_on >= @From)";
        var totals = await connection.QuerySingleAsync<(long Assists, long Households)>(
            $"SELECT COUNT(*), COUNT(DISTINCT a.household_key) FROM household_assists a WHERE {Counted}", parameters, transaction);
        var byCategory = await connection.QueryAsync<(string Category, long Assists)>($"""
            SELECT c.category, COUNT(*) FROM household_assist_categories c JOIN household_assists a ON a.id = c.assist_id
            WHERE {Counted}
            GROUP BY c.category
            """, parameters, transaction);
        var byMember = await connection.QueryAsync<(string Member, long Assists, long Households)>($"""
            SELECT m.full_name, COUNT(*), COUNT(DISTINCT a.household_key)
            FROM household_assists a JOIN team_members m ON m.id = a.member_id
            WHERE {Counted}
            GROUP BY a.member_id, m.full_name
            ORDER BY COUNT(*) DESC, m.full_name
            """, parameters, transaction);
        return new TeamStats(
            (int)totals.Households,
            (int)totals.Assists,
            byCategory.Select(r => (Enum.Parse<AssistCategory>(r.Category), (int)r.Assists)).OrderBy(r => r.Item1).ToList(),
            byMember.Select(r => (r.Member, (int)r.Assists, (int)r.Households)).ToList());
    }

    /// <summary>Reports matching the filter, newest first (admin API).</summary>
    public static async Task<IReadOnlyList<HouseholdAssist>> SearchAsync(IDbConnection connection, AssistFilter filter, int limit, int offset)
    {
        var rows = (await connection.QueryAsync<Row>(
            Select + " WHERE " + Filter + " ORDER BY a.created_at DESC, a.id DESC LIMIT @Limit OFFSET @Offset",
            Parameters(filter, limit, offset))).ToList();
        var categories = await CategoriesAsync(connection, rows.Select(r => r.Id).ToList());
        return rows.Select(r => r.AsAssist(categories.TryGetValue(r.Id, out var list) ? list : [])).ToList();
    }

    /// <summary>Unique households matching the filter, most recently assisted first (admin API).</summary>
    public static async Task<IReadOnlyList<AssistedHousehold>> SearchHouseholdsAsync(IDbConnection connection, AssistFilter filter, int limit, int offset)
    {
        var parameters = Parameters(filter, limit, offset);
        var groups = (await connection.QueryAsync<(long TeamId, string HouseholdKey, long Assists, string First, string Last, long LastId)>($"""
            SELECT a.team_id, a.household_key, COUNT(*), MIN(a.assisted_on), MAX(a.assisted_on), MAX(a.id)
            FROM household_assists a
            WHERE {Filter}
            GROUP BY a.team_id, a.household_key
            ORDER BY MAX(a.assisted_on) DESC, MAX(a.id) DESC
            LIMIT @Limit OFFSET @Offset
            """, parameters)).ToList();
        var latest = (await connection.QueryAsync<(long Id, string Head, string Village)>(
            "SELECT id, head_name, village FROM household_assists WHERE id IN @Ids", new { Ids = groups.Select(g => g.LastId).ToList() }))
            .ToDictionary(r => r.Id);
        var categories = (await connection.QueryAsync<(long TeamId, string HouseholdKey, string Category)>($"""
            SELECT DISTINCT a.team_id, a.household_key, c.category
            FROM household_assists a JOIN household_assist_categories c ON c.assist_id = a.id
            WHERE {Filter} AND a.household_key IN @Keys
            """, new DynamicParameters(parameters).Also(new { Keys = groups.Select(g => g.HouseholdKey).Distinct().ToList() })))
            .ToLookup(r => (r.TeamId, r.HouseholdKey), r => Enum.Parse<AssistCategory>(r.Category));
        return groups.Select(g => new AssistedHousehold(
            g.TeamId, g.HouseholdKey, latest[g.LastId].Head, latest[g.LastId].Village, (int)g.Assists, ParseDate(g.First), ParseDate(g.Last),
            categories[(g.TeamId, g.HouseholdKey)].Order().ToList())).ToList();
    }

    private static DateOnly ParseDate(string iso) =>
        DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DynamicParameters Also(this DynamicParameters parameters, object more)
    {
        parameters.AddDynamicParams(more);
        return parameters;
    }

    private static DynamicParameters Parameters(AssistFilter filter, int limit, int offset)
    {
        var parameters = new DynamicParameters();
        parameters.AddDynamicParams(new
        {
            filter.IncludeCancelled,
            AllTeams = filter.TeamIds is null,
            TeamIds = filter.TeamIds ?? [],
            From = filter.From is { } from ? VietnamTime.ToIso(from) : null,
            To = filter.To is { } to ? VietnamTime.ToIso(to) : null,
            filter.MemberId,
            Category = filter.Category?.ToString(),
            VillageKey = string.IsNullOrWhiteSpace(filter.Village) ? null : HouseholdKey.Village(filter.Village),
            HeadKey = string.IsNullOrWhiteSpace(filter.Head) ? null : Text.VietnameseText.NormalizeName(filter.Head),
            Limit = limit,
            Offset = offset,
        });
        return parameters;
    }

    private static async Task SetCategoriesAsync(IDbConnection connection, IDbTransaction? transaction, long id, IReadOnlyList<AssistCategory> categories)
    {
        await connection.ExecuteAsync("DELETE FROM household_assist_categories WHERE assist_id = @Id", new { Id = id }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO household_assist_categories (assist_id, category) VALUES (@Id, @Category)",
            categories.Distinct().Select(c => new { Id = id, Category = c.ToString() }), transaction);
    }

    private static async Task<IReadOnlyList<AssistCategory>> CategoriesAsync(IDbConnection connection, IDbTransaction? transaction, long id) =>
        (await connection.QueryAsync<string>(
            "SELECT category FROM household_assist_categories WHERE assist_id = @Id", new { Id = id }, transaction))
        .Select(Enum.Parse<AssistCategory>).Order().ToList();

    private static async Task<Dictionary<long, IReadOnlyList<AssistCategory>>> CategoriesAsync(IDbConnection connection, IReadOnlyList<long> ids) =>
        (await connection.QueryAsync<(long Id, string Category)>(
            "SELECT assist_id, category FROM household_assist_categories WHERE assist_id IN @Ids", new { Ids = ids }))
        .GroupBy(r => r.Id)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<AssistCategory>)g.Select(r => Enum.Parse<AssistCategory>(r.Category)).Order().ToList());
}
