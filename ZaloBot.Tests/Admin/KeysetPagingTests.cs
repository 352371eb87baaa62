using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>The households and reports lists page by key: following the next links visits every row once, and back again.</summary>
[NonParallelizable]
public sealed partial class KeysetPagingTests
{
    private TestApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _app = new TestApp(TestApp.NewDatabasePath(), settings: TeamChatDriver.Settings());
        var seed = await ConsoleSeed.SeedAsync(_app.DatabasePath);
        // Enough reports in Lìa for two pages of the console's list.
        await using var connection = await _app.OpenDatabaseAsync();
        for (var i = 0; i < ExtraReports; i++)
        {
            await AssistStore.AddAsync(connection, null, seed.TeamIds["T-LIA-AR"], seed.MemberIds["T-LIA-AR"][0], $"Hộ Số {i}", "Thôn A Rông", "",
                [AssistCategory.ElectronicId], null, new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero).AddDays(i % 20));
        }
    }

    private const int ExtraReports = 55;

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [TestCase("households", 5 + ExtraReports)]
    [TestCase("assists", 9 + ExtraReports)]
    public async Task The_api_lists_page_by_the_link_header_and_refuse_an_offset(string list, int rows)
    {
        using var admin = new TeamChatDriver(_app, _app.CreateClient()).Admin();
        var seen = new List<long>();
        var next = $"/admin/api/{list}?unitCode={ConsoleSeed.Province}&limit=7";
        var pages = 0;
        string? back = null;
        while (next is not null)
        {
            using var response = await admin.GetAsync(next);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), next);
            seen.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
            var links = response.Headers.TryGetValues("Link", out var values) ? string.Join(", ", values) : "";
            next = Rel(links, "next");
            back = pages == 1 ? Rel(links, "prev") : back;
            pages++;
        }

        Assert.That(seen, Has.Count.EqualTo(rows).And.Unique, "every row once");
        Assert.That(pages, Is.EqualTo((rows + 6) / 7));
        using var previous = await admin.GetAsync(back);
        Assert.That((await previous.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()),
            Is.EqualTo(seen.Take(7)), "going back from the second page gives the first");

        using var offset = await admin.GetAsync($"/admin/api/{list}?offset=100");
        Assert.That(offset.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no deep offsets");
        using var cursor = await admin.GetAsync($"/admin/api/{list}?after=hôm-qua");
        Assert.That(cursor.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_console_list_pages_forward_and_back_with_its_filter()
    {
        using var client = await ConsoleClient.SignInAsync(_app);
        var first = await client.GetStringAsync("/admin/households?view=assists&unit=T-LIA");
        Assert.That(first, Does.Contain("Trang 1/2").And.Not.Contain("id=\"page-previous\""));
        var next = Href().Match(first[first.IndexOf("id=\"page-next\"", StringComparison.Ordinal)..]).Groups[1].Value;
        Assert.That(next, Does.Contain("unit=T-LIA").And.Contain("view=assists").And.Contain("after="), "the filter goes with the page");

        var second = await client.GetStringAsync(System.Net.WebUtility.HtmlDecode(next));
        Assert.That(second, Does.Contain("Trang 2/2").And.Not.Contain("id=\"page-next\""));
        Assert.That(Codes(first).Concat(Codes(second)).ToList(), Has.Count.EqualTo(3 + ExtraReports).And.Unique, "each report once");
        var back = Href().Match(second[second.IndexOf("id=\"page-previous\"", StringComparison.Ordinal)..]).Groups[1].Value;
        Assert.That(Codes(await client.GetStringAsync(System.Net.WebUtility.HtmlDecode(back))), Is.EqualTo(Codes(first)));
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    /// <summary>The reports on a page, by team and code (codes are per team).</summary>
    private static List<string> Codes(string page) => AssistCode().Matches(page).Select(m => m.Groups[1].Value + " " + m.Groups[2].Value).ToList();

    private static string? Rel(string links, string rel) =>
        Regex.Match(links, $"<([^>]+)>; rel=\"{rel}\"") is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("<th scope=\"row\">(HT-\\d+)</th>\\s*<td>[^<]*</td>\\s*<td>([^<]*)</td>")]
    private static partial Regex AssistCode();
}
