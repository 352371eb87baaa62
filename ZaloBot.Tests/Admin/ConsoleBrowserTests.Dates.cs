using System.Text.RegularExpressions;

namespace ZaloBot.Tests.Admin;

/// <summary>Dates as Vietnamese write them, dd/mm/yyyy, in a browser whose own locale writes them otherwise.</summary>
public sealed partial class ConsoleBrowserTests
{
    [TestCase(false)]
    [TestCase(true)]
    public async Task In_an_english_browser_the_date_filters_read_and_show_dd_mm_yyyy_and_the_calendar_writes_the_day_first(bool phone)
    {
        var page = await SignedInPageAsync(phone, locale: "en-US");
        Assert.That(await page.EvaluateAsync<string>("navigator.language"), Is.EqualTo("en-US"));

        // A link made before, with ISO dates, still filters and now shows the dates day first.
        await page.GotoAsync("/admin/households?from=2026-10-01&to=2026-10-31&category=EPayment");
        Assert.That((await page.InputValueAsync("#household-filters input[name=from]"), await page.InputValueAsync("#household-filters input[name=to]")),
            Is.EqualTo(("01/10/2026", "31/10/2026")));
        Assert.That(await page.GetAttributeAsync("#household-totals [data-households]", "data-households"), Is.EqualTo("2"));
        Assert.That(await page.GetAttributeAsync("#household-filters input[name=from]", "placeholder"), Is.EqualTo("dd/mm/yyyy"));

        // The calendar opens on the month shown, Monday first, and writes the chosen day as dd/mm/yyyy.
        var from = page.Locator("#household-filters label:has(input[name=from])");
        await from.Locator("button.pick-date").ClickAsync();
        Assert.That(await from.Locator(".calendar-month").InnerTextAsync(), Is.EqualTo("Tháng 10/2026"));
        Assert.That(await from.Locator(".calendar-weekday").AllInnerTextsAsync(), Is.EqualTo(new[] { "T2", "T3", "T4", "T5", "T6", "T7", "CN" }));
        await from.Locator("button[aria-label='Tháng trước']").ClickAsync();
        await from.Locator("button[data-day='10/09/2026']").ClickAsync();
        Assert.That(await page.InputValueAsync("#household-filters input[name=from]"), Is.EqualTo("10/09/2026"));
        Assert.That(await from.Locator(".calendar").IsHiddenAsync(), Is.True, "the calendar closes on a choice");
        await page.ClickAsync("#household-filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("from=10%2F09%2F2026"));
        Assert.That(await page.InputValueAsync("#household-filters input[name=from]"), Is.EqualTo("10/09/2026"));
        Assert.That(await page.GetAttributeAsync("#household-totals [data-households]", "data-households"), Is.EqualTo("2"));

        // A day that does not exist: said in Vietnamese on the page, the typed text kept to correct, nothing filtered by it.
        await page.FillAsync("#household-filters input[name=from]", "31/02/2026");
        await page.ClickAsync("#household-filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("from=31%2F02%2F2026"));
        Assert.That(await page.InnerTextAsync("[role=alert]"), Is.EqualTo("Không hiểu ngày bắt đầu “31/02/2026”: ghi ngày dạng 28/11/2026."));
        Assert.That(await page.InputValueAsync("#household-filters input[name=from]"), Is.EqualTo("31/02/2026"));

        // The dashboard's period, typed day first, is the period the charts say they show.
        await page.GotoAsync("/admin");
        await page.FillAsync("form.filters input[name=from]", "01/10/2026");
        await page.FillAsync("form.filters input[name=to]", "31/10/2026");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("to=31%2F10%2F2026"));
        Assert.That(await page.InnerTextAsync("#chart-period"), Does.StartWith("Số liệu từ 01/10/2026 đến 31/10/2026"));
        if (phone)
        {
            await page.ClickAsync("form.filters label:has(input[name=to]) button.pick-date");
            await page.ScreenshotAsync(new() { Path = Screenshot("date-calendar-phone.png") });
        }
    }
}
