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
        FROM household_assists a LEFT JOIN team_members m ON m.id = a.member_id
        """;

    private sealed record Row(
        long Id, long TeamId, long Number, long? MemberId, string? MemberName, string? MemberUserId, string HeadName, string Village,
        string HouseholdKey, string Note, string AssistedOn, string? SourceMsgId, string Status, long CreatedAt)
    {
        public HouseholdAssist AsAssist(IReadOnlyList<AssistCategory> categories) => new(
            Id, TeamId, (int)Number, MemberId, MemberName, MemberUserId, HeadName, Village, HouseholdKey, Note, categories,
            VietnamTime.FromIso(AssistedOn), SourceMsgId,
            Enum.Parse<AssistStatus>(Status, ignoreCase: true), DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }

    /// <summary>Records a report with the team's next number, and its figures. Returns it as stored.</summary>
    public static async Task<HouseholdAssist> AddAsync(
        IDbConnection connection, IDbTransaction? transaction, long teamId, long memberId, string head, string village, string note,
        IReadOnlyList<AssistCategory> categories, string? sourceMessageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var householdId = await HouseholdFigures.HouseholdAsync(connection, transaction, teamId, head, village);
        long id = 0;
        await HouseholdFigures.ChangeAsync(connection, transaction, [householdId], async () =>
        {
            // The handler holds the database's write lock, so MAX + 1 cannot race another writer.
            id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO household_assists
                    (team_id, number, member_id, household_id, head_name, village, household_key, note, assisted_on, source_msg_id, status, created_at)
                VALUES (@TeamId, (SELECT COALESCE(MAX(number), 0) + 1 FROM household_assists WHERE team_id = @TeamId), @MemberId, @HouseholdId,
                        @Head, @Village, @Key, @Note, @AssistedOn, @SourceMsgId, 'recorded', @Now)
                RETURNING id
                """, new
            {
                TeamId = teamId,
                MemberId = memberId,
                HouseholdId = householdId,
                Head = head,
                Village = village,
                Key = HouseholdKey.For(head, village),
                Note = note,
                AssistedOn = VietnamTime.ToIso(VietnamTime.Today(now)),
                SourceMsgId = sourceMessageId,
                Now = now.ToUnixTimeMilliseconds(),
            }, transaction);
            await SetCategoriesAsync(connection, transaction, id, categories);
        });
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
        await connection.ExecuteScalarAsync<int>($"""
            SELECT COUNT(*) FROM household_assists a
            WHERE a.household_id = (SELECT h.id FROM teams t JOIN admin_units u ON u.id = t.unit_id
                                    JOIN households h ON h.commune_unit_id = {HouseholdFigures.CommuneOfTeam} AND h.household_key = @Key
                                    WHERE t.id = @TeamId)
              AND a.team_id = @TeamId AND a.status <> 'cancelled'
            """, new { TeamId = teamId, Key = householdKey }, transaction);

    /// <summary>Replaces the fields of a report; it becomes "corrected". A new head or village may move it to another household.</summary>
    public static async Task CorrectAsync(
        IDbConnection connection, IDbTransaction? transaction, long id, string head, string village, string note,
        IReadOnlyList<AssistCategory> categories, long correctedBy, DateTimeOffset now)
    {
        var (teamId, before) = await connection.QuerySingleAsync<(long TeamId, long HouseholdId)>(
            "SELECT team_id, household_id FROM household_assists WHERE id = @Id", new { Id = id }, transaction);
        var after = await HouseholdFigures.HouseholdAsync(connection, transaction, teamId, head, village);
        await HouseholdFigures.ChangeAsync(connection, transaction, [before, after], async () =>
        {
            await connection.ExecuteAsync("""
                UPDATE household_assists
                SET head_name = @Head, village = @Village, household_key = @Key, household_id = @HouseholdId, note = @Note, status = 'corrected',
                    corrected_at = @Now, corrected_by = @By
                WHERE id = @Id AND status <> 'cancelled'
                """, new
            {
                Id = id, Head = head, Village = village, Key = HouseholdKey.For(head, village), HouseholdId = after, Note = note, By = correctedBy,
                Now = now.ToUnixTimeMilliseconds(),
            }, transaction);
            await SetCategoriesAsync(connection, transaction, id, categories);
        });
    }

    public static async Task CancelAsync(IDbConnection connection, IDbTransaction? transaction, long id, long cancelledBy, DateTimeOffset now)
    {
        var householdId = await connection.ExecuteScalarAsync<long>("SELECT household_id FROM household_assists WHERE id = @Id", new { Id = id }, transaction);
        await HouseholdFigures.ChangeAsync(connection, transaction, [householdId], () => connection.ExecuteAsync(
            "UPDATE household_assists SET status = 'cancelled', cancelled_at = @Now, cancelled_by = @By WHERE id = @Id AND status <> 'cancelled'",
            new { Id = id, By = cancelledBy, Now = now.ToUnixTimeMilliseconds() }, transaction));
    }

    /// <summary>
    /// The team's figures from <paramref name="from"/> (inclusive; null = since the start), read from the figures tables:
    /// households first helped by the team in the period, reports, reports by category, and by member; and the team's
    /// households since the start.
    /// </summary>
    public static async Task<TeamStats> StatsAsync(IDbConnection connection, IDbTransaction? transaction, long teamId, DateOnly? from)
    {
        var parameters = new DynamicParameters(FigureRange.For(from, null));
        parameters.Add("TeamId", teamId);
        var byCategory = (await connection.QueryAsync<(string Category, long Assists, long Households)>($"""
            SELECT category, SUM(assists), SUM(households) FROM ({FigureRange.Rows("team", "@TeamId")}) GROUP BY category
            """, parameters, transaction)).ToDictionary(r => r.Category);
        var byMember = await connection.QueryAsync<(string Member, long Assists, long Households)>($"""
            SELECT m.full_name, SUM(f.assists), SUM(f.households)
            FROM ({FigureRange.Rows("member", "SELECT id FROM team_members WHERE team_id = @TeamId")}) f JOIN team_members m ON m.id = f.subject_id
            GROUP BY f.subject_id, m.full_name
            HAVING SUM(f.assists) > 0
            ORDER BY SUM(f.assists) DESC, m.full_name
            """, parameters, transaction);
        var ever = await connection.ExecuteScalarAsync<long?>(
            "SELECT SUM(households) FROM figures_by_month WHERE subject = 'team' AND subject_id = @TeamId AND category = ''", parameters, transaction);
        var total = byCategory.GetValueOrDefault("");
        return new TeamStats(
            (int)total.Households,
            (int)total.Assists,
            byCategory.Values.Where(r => r.Category.Length > 0 && r.Assists > 0)
                .Select(r => (Enum.Parse<AssistCategory>(r.Category), (int)r.Assists)).OrderBy(r => r.Item1).ToList(),
            byMember.Select(r => (r.Member, (int)r.Assists, (int)r.Households)).ToList(),
            (int)(ever ?? 0));
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
}
