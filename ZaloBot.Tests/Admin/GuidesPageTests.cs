using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>The console's guide list tells officials how old each guide's oldest source check is, so they know what to re-read.</summary>
public sealed partial class GuidesPageTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [Test]
    public async Task The_guide_list_shows_the_age_of_each_guides_oldest_check_in_red_past_180_days()
    {
        var folder = Directory.CreateTempSubdirectory("zalobot-guides-page-").FullName;
        try
        {
            WriteContent(folder);
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, Vietnam));
            var settings = TeamChatDriver.Settings();
            settings["Guides:ContentPath"] = folder;
            await using var app = new TestApp(TestApp.NewDatabasePath(), services => services.AddSingleton<TimeProvider>(clock), settings);
            using var client = await ConsoleClient.SignInAsync(app);

            var html = await client.GetStringAsync("/admin/guides");

            Assert.That(CheckNote(html, "moi"), Is.EqualTo(("Nguồn cũ nhất kiểm tra ngày 01/12/2026, cách đây 6 ngày", false)));
            Assert.That(CheckNote(html, "bien"), Is.EqualTo(("Nguồn cũ nhất kiểm tra ngày 10/06/2026, cách đây 180 ngày", false)));
            Assert.That(CheckNote(html, "cu"), Is.EqualTo(("Nguồn cũ nhất kiểm tra ngày 01/05/2026, cách đây 220 ngày — cần kiểm tra lại", true)),
                "the oldest of the guide's two sources counts, not the newest");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The check note of one guide's card: its text, and whether it is marked stale (shown in red).</summary>
    private static (string Text, bool Stale) CheckNote(string html, string guideId)
    {
        var card = Regex.Match(html, $"<li class=\"card\" data-guide=\"{guideId}\">(.*?)</li>", RegexOptions.Singleline);
        Assert.That(card.Success, Is.True, guideId);
        var note = CheckedNote().Match(card.Groups[1].Value);
        Assert.That(note.Success, Is.True, guideId);
        return (System.Net.WebUtility.HtmlDecode(note.Groups["text"].Value), note.Groups["class"].Value == "stale");
    }

    [GeneratedRegex("<small(?: class=\"(?<class>[^\"]*)\")? data-checked-days=\"\\d+\">(?<text>[^<]*)</small>")]
    private static partial Regex CheckedNote();

    /// <summary>Three guides whose oldest source checks are 6, exactly 180 and 220 days before the clock, and a menu to them.</summary>
    private static void WriteContent(string folder)
    {
        var guides = new[]
        {
            ("moi", new[] { "2026-12-01" }),
            ("bien", new[] { "2026-06-10", "2026-12-01" }),
            ("cu", new[] { "2026-12-01", "2026-05-01" }),
        };
        var buttons = string.Concat(guides.Select(g => $"      - title: Hướng dẫn {g.Item1}\n        go: guide:{g.Item1}\n"));
        File.WriteAllText(Path.Combine(folder, "menu.yaml"),
            $"id: menu\ntitle: Menu chính\nwelcome: Chào bà con!\nsteps:\n  - id: chinh\n    text: Bà con muốn làm gì?\n    buttons:\n{buttons}");
        foreach (var (id, checks) in guides)
        {
            var sources = string.Concat(checks.Select((date, i) => $"  - url: https://example.gov.vn/{id}/{i}\n    checked: {date}\n"));
            File.WriteAllText(Path.Combine(folder, id + ".yaml"),
                $"id: {id}\ntitle: Hướng dẫn {id}\nshort_title: Hướng dẫn {id}\nkeywords: [huong dan {id}]\nprepare: [Điện thoại]\n"
                + $"sources:\n{sources}steps:\n  - id: mot\n    text: Bước 1.\n    buttons:\n      - title: Menu chính\n        go: menu\n");
        }
    }
}
