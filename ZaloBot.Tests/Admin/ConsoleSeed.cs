using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.AdminAuth;
using ZaloBot.Messaging;
using ZaloBot.Teams;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// A small programme with known answers, written through the app's own stores:
/// <code>
/// Tỉnh Thử Nghiệm (T-QT)
///   Xã Hướng Lập (T-HL)       commune team 5 members (within plan)
///     Bản Cù Bai  (T-HL-CB)   village team 6 (within)
///     Bản Tà Rùng (T-HL-TR)   village team 3 (under)
///     Bản Xa Bai  (T-HL-XB)   no team
///   Xã Lìa (T-LIA)            commune team 6 (over the plan's 5)
///     Thôn A Rông (T-LIA-AR)  village team 5 (within)
/// </code>
/// Every team but Tà Rùng's is bound to a Zalo group (<c>group-T-HL</c>, …). Ten reports, one cancelled. In Hướng Lập "Hồ Văn Pả" is helped three times by two teams (one household),
/// "Pả Văn Tới" twice; in Lìa "Nguyễn Văn An" twice by two teams. So: 5 unique households, 9 assists; Hướng Lập
/// 3 households / 6 assists, Lìa 2 / 3 — while the teams' own counts add up to 7 households.
/// </summary>
public static class ConsoleSeed
{
    public const string Province = "T-QT";
    public const string HuongLap = "T-HL";
    public const string Lia = "T-LIA";
    public const string TeamlessVillage = "T-HL-XB";

    /// <summary>The key of Xã Lìa's officer in <see cref="KeySettings"/>.</summary>
    public const string LiaOfficerKey = "officer-lia-key-0123456789";

    /// <summary>The dashboard's query for exactly the seeded months.</summary>
    public const string Period = "unit=T-QT&from=2026-09-01&to=2026-11-30";

    public const string UnitsCsv = """
        code,level,name,parent_code
        T-QT,province,Tỉnh Thử Nghiệm,
        T-HL,commune,Xã Hướng Lập,T-QT
        T-HL-CB,village,Bản Cù Bai,T-HL
        T-HL-TR,village,Bản Tà Rùng,T-HL
        T-HL-XB,village,Bản Xa Bai,T-HL
        T-LIA,commune,Xã Lìa,T-QT
        T-LIA-AR,village,Thôn A Rông,T-LIA
        """;

    /// <summary>A test app's keys: the province admin's (<see cref="Support.TeamChatDriver.AdminKey"/>) and Xã Lìa's officer's.</summary>
    public static Dictionary<string, string?> KeySettings() => new()
    {
        ["Admin:ApiKeys:0"] = Support.TeamChatDriver.AdminKey,
        ["Admin:Keys:0:Key"] = LiaOfficerKey,
        ["Admin:Keys:0:Name"] = "Cán bộ xã Lìa",
        ["Admin:Keys:0:Role"] = "officer",
        ["Admin:Keys:0:UnitCode"] = Lia,
    };

    public sealed record Seeded(IReadOnlyDictionary<string, long> TeamIds, IReadOnlyDictionary<string, long[]> MemberIds);

    public static async Task<Seeded> SeedAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        var start = new DateTimeOffset(2026, 9, 1, 3, 0, 0, TimeSpan.Zero);
        var import = await UnitImporter.ImportCsvAsync(connection, transaction, UnitsCsv, start);
        Assert.That(import.Errors, Is.Empty);

        var teams = new Dictionary<string, long>();
        var members = new Dictionary<string, long[]>();
        var phone = 0;
        async Task Team(string unitCode, TeamLevel level, string name, int size)
        {
            var unit = (await UnitStore.FindByCodeAsync(connection, transaction, unitCode))!;
            var id = await TeamStore.CreateAsync(connection, transaction, unit.Id, level, name, $"091200{phone:0000}", unitCode.Replace("-", "", StringComparison.Ordinal), start);
            teams[unitCode] = id;
            if (unitCode != "T-HL-TR")
            {
                await TeamStore.BindAsync(connection, transaction, id, Conversation.Group(ChannelId.ZaloOa, "group-" + unitCode), "seed", start);
            }

            var ids = new long[size];
            for (var i = 0; i < size; i++)
            {
                var role = i == 0 ? MemberRole.Leader : i == 1 && size > 5 ? MemberRole.Deputy : MemberRole.Member;
                ids[i] = await MemberStore.AddAsync(
                    connection, transaction, id, ChannelId.ZaloOa, $"zalo-{unitCode}-{i}", $"{MemberNames[i]} {unitCode[2..]}", $"091200{phone++:0000}", role, start);
            }

            members[unitCode] = ids;
        }

        await Team("T-HL", TeamLevel.Commune, "Tổ CNS Xã Hướng Lập", 5);
        await Team("T-HL-CB", TeamLevel.Village, "Tổ CNSCĐ Bản Cù Bai", 6);
        await Team("T-HL-TR", TeamLevel.Village, "Tổ CNSCĐ Bản Tà Rùng", 3);
        await Team("T-LIA", TeamLevel.Commune, "Tổ CNS Xã Lìa", 6);
        await Team("T-LIA-AR", TeamLevel.Village, "Tổ CNSCĐ Thôn A Rông", 5);

        async Task<HouseholdAssist> Assist(string date, string team, int member, string head, string village, params AssistCategory[] categories)
        {
            var on = DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var now = new DateTimeOffset(on.ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero);
            return await AssistStore.AddAsync(
                connection, transaction, teams[team], members[team][member], head, village, "ghi chú " + head, categories, null, now);
        }

        await Assist("2026-09-10", "T-HL-CB", 0, "Hồ Văn Pả", "Bản Cù Bai", AssistCategory.ElectronicId);
        await Assist("2026-10-05", "T-HL-CB", 1, "Hồ Văn Pả", "Cù Bai", AssistCategory.EPayment);
        await Assist("2026-11-02", "T-HL", 0, "Hồ Văn Pả", "Bản Cù Bai", AssistCategory.Health);
        await Assist("2026-09-20", "T-HL-CB", 0, "Hồ Thị Lan", "Bản Cù Bai", AssistCategory.ElectronicId, AssistCategory.OnlinePublicServices);
        await Assist("2026-10-15", "T-HL-TR", 0, "Pả Văn Tới", "Bản Tà Rùng", AssistCategory.ECommerce, AssistCategory.EPayment);
        await Assist("2026-11-20", "T-HL-TR", 1, "Pả Văn Tới", "Tà Rùng", AssistCategory.ECommerce);
        var cancelled = await Assist("2026-11-21", "T-HL-TR", 1, "Côn Thị Mai", "Bản Tà Rùng", AssistCategory.DigitalSkills);
        await AssistStore.CancelAsync(connection, transaction, cancelled.Id, members["T-HL-TR"][0], start.AddMonths(3));
        await Assist("2026-10-01", "T-LIA", 0, "Nguyễn Văn An", "Thôn A Rông", AssistCategory.ElectronicId);
        await Assist("2026-11-03", "T-LIA-AR", 0, "Nguyễn Văn An", "A Rông", AssistCategory.Education);
        await Assist("2026-11-04", "T-LIA-AR", 1, "Trần Thị Bình", "Thôn A Rông", AssistCategory.Other);

        // Residents' help requests, aged against the real clock: YC-0001 waits 2 hours, YC-0002 four days (raised to the
        // commune team), YC-0003 was taken a day ago, YC-0004 is done.
        var now = DateTimeOffset.UtcNow;
        async Task<long> UnitId(string code) => (await UnitStore.FindByCodeAsync(connection, transaction, code))!.Id;
        async Task Request(int number, string? village, string commune, string team, string status, TimeSpan age, string? phone = null,
            string? escalatedTo = null, long? claimedBy = null) =>
            await connection.ExecuteAsync("""
                INSERT INTO help_requests (number, resident_user_id, village_unit_id, commune_unit_id, team_id, topic, resident_name, resident_phone,
                                           status, created_at, escalated_at, escalated_team_id, claimed_at, claimed_by, completed_at)
                VALUES (@Number, @User, @Village, @Commune, @Team, @Topic, @Name, @Phone, @Status, @Created, @Escalated, @EscalatedTo,
                        @Claimed, @ClaimedBy, @Completed)
                """, new
            {
                Number = number,
                User = $"resident-{number}",
                Village = village is null ? (long?)null : await UnitId(village),
                Commune = await UnitId(commune),
                Team = teams[team],
                Topic = $"Cài VNeID mức 2 (yêu cầu {number})",
                Name = $"Người dân {number}",
                Phone = phone,
                Status = status,
                Created = (now - age).ToUnixTimeMilliseconds(),
                Escalated = escalatedTo is null ? (long?)null : (now - age / 2).ToUnixTimeMilliseconds(),
                EscalatedTo = escalatedTo is null ? (long?)null : teams[escalatedTo],
                Claimed = claimedBy is null ? (long?)null : (now - age / 2).ToUnixTimeMilliseconds(),
                ClaimedBy = claimedBy,
                Completed = status == "done" ? now.ToUnixTimeMilliseconds() : (long?)null,
            }, transaction);

        await Request(1, "T-HL-CB", "T-HL", "T-HL-CB", "open", TimeSpan.FromHours(2), phone: "0987654321");
        await Request(2, "T-HL-TR", "T-HL", "T-HL-TR", "open", TimeSpan.FromDays(4), escalatedTo: "T-HL");
        await Request(3, null, "T-LIA", "T-LIA", "claimed", TimeSpan.FromDays(2), claimedBy: members["T-LIA"][0]);
        await Request(4, "T-HL-CB", "T-HL", "T-HL-CB", "done", TimeSpan.FromDays(6), claimedBy: members["T-HL-CB"][1]);

        await transaction.CommitAsync();
        return new Seeded(teams, members);
    }

    private static readonly string[] MemberNames =
        ["Hồ Văn Minh", "Lê Thị Hoa", "Trần Văn Hùng", "Nguyễn Thị Thu", "Phạm Văn Long", "Võ Thị Mai", "Đặng Văn Tâm", "Bùi Thị Hạnh"];
}
