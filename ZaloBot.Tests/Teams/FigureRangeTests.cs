using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Teams;
using ZaloBot.Tests.Admin;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Teams;

/// <summary>How a period's figures are read: each part a range of the figures tables' key, so the cost never grows with the reports.</summary>
[NonParallelizable]
public sealed class FigureRangeTests
{
    private TestApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath());
        await ConsoleSeed.SeedAsync(_app.DatabasePath);
    }

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    private async Task<IReadOnlyList<string>> PlanAsync(string rows, DateOnly? from, DateOnly? to)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabasePath};Mode=ReadOnly");
        return (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + rows, new DynamicParameters(FigureRange.For(from, to)))).Select(r => r.Detail).ToList();
    }

    [TestCase(null, null)]
    [TestCase("2026-03-15", "2026-06-20")]
    public async Task Every_part_of_a_periods_figures_is_a_range_of_the_key_with_or_without_categories(string? from, string? to)
    {
        var (first, last) = (from is null ? (DateOnly?)null : DateOnly.Parse(from, CultureInfo.InvariantCulture), to is null ? (DateOnly?)null : DateOnly.Parse(to, CultureInfo.InvariantCulture));
        foreach (var everyReportOnly in new[] { false, true })
        {
            var plan = await PlanAsync(FigureRange.Rows("commune", "SELECT id FROM admin_units", everyReportOnly), first, last);

            Assert.That(plan.Where(p => p.Contains("figures_by_day", StringComparison.Ordinal)).ToList(),
                Has.Count.EqualTo(2).And.All.Contains("category=? AND day>? AND day<?"), "the head and the tail days, each a range");
            Assert.That(plan.Where(p => p.Contains("figures_by_month", StringComparison.Ordinal)).ToList(),
                Has.Count.EqualTo(1).And.All.Contains("category=? AND month>? AND month<?"));
        }
    }
}
