using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using ZaloBot.AdminAuth;
using ZaloBot.Guides;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Admin;

/// <summary>
/// The console in a real browser: Debian's Chromium, headless, driven by Playwright against the app on Kestrel.
/// One browser and one seeded app for the fixture; each test opens its own signed-in page.
/// </summary>
[NonParallelizable]
public sealed partial class ConsoleBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string NewTeamUnit = "DEMO-TANLAP-3";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private TestApp _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _baseUrl = "";
    private string _downloads = "";
    private string? _signedIn;

    [OneTimeSetUp]
    public async Task StartBrowser()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"{Chromium} is missing: apt-get install -y chromium (the Cake Test target installs it as root on Debian)");
        var settings = TeamChatDriver.Settings();
        // Each test signs in anew; the limit on sign-in attempts has its own tests.
        settings["Admin:GuessLimit"] = "1000";
        _app = new TestApp(TestApp.NewDatabasePath(), settings: settings);
        await ConsoleSeed.SeedAsync(_app.DatabasePath);
        using (var client = _app.CreateClient())
        {
            _baseUrl = client.BaseAddress!.ToString().TrimEnd('/');
        }

        _downloads = Path.Combine(Path.GetTempPath(), "zalobot-tests", "downloads-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_downloads);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            Timeout = (float)Generous.TotalMilliseconds,
        });
    }

    [OneTimeTearDown]
    public async Task StopBrowser()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<IPage> NewPageAsync(bool phone = false, string? storageState = null, string locale = "vi-VN")
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = storageState,
            BaseURL = _baseUrl,
            AcceptDownloads = true,
            Locale = locale,
            TimezoneId = "Asia/Ho_Chi_Minh",
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout((float)Generous.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Generous.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A page signed in as the province admin. The fixture signs in once and gives every later page that session's
    /// cookie: sign-in posts per address and minute are limited, and these tests would otherwise reach the limit.
    /// </summary>
    private async Task<IPage> SignedInPageAsync(bool phone = false, string locale = "vi-VN")
    {
        if (_signedIn is { } state)
        {
            var signed = await NewPageAsync(phone, state, locale);
            await signed.GotoAsync("/admin");
            return signed;
        }

        var page = await NewPageAsync(phone, locale: locale);
        await page.GotoAsync("/admin/sign-in");
        await page.FillAsync("#key", TeamChatDriver.AdminKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(_baseUrl + "/admin");
        _signedIn = await page.Context.StorageStateAsync();
        return page;
    }

    [Test]
    public async Task Signing_in_leads_to_the_dashboard_whose_charts_are_drawn_from_the_data()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/admin/households");
        Assert.That(page.Url, Does.StartWith(_baseUrl + "/admin/sign-in"), "not signed in: the sign-in page");

        await page.FillAsync("#key", "not-the-key-0123456789");
        await page.ClickAsync("button[type=submit]");
        Assert.That(await page.InnerTextAsync("[role=alert]"), Is.EqualTo("Mã truy cập không đúng. Bạn kiểm tra lại nhé."));

        await page.FillAsync("#key", TeamChatDriver.AdminKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(_baseUrl + "/admin/households", new() { Timeout = (float)Generous.TotalMilliseconds });
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == ZaloBot.AdminAuth.ConsoleSignIn.CookieName);
        Assert.That((cookie.HttpOnly, cookie.SameSite), Is.EqualTo((true, SameSiteAttribute.Strict)));

        await page.GotoAsync("/admin?" + ConsoleSeed.Period);
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("Tổng quan"));
        Assert.That(await page.InnerTextAsync(".who span"), Is.EqualTo("Cấp tỉnh · Quản trị tỉnh (Sandbox)"), "the key holder in words, not a configuration path");
        Assert.That(await page.Locator("svg.chart").CountAsync(), Is.EqualTo(5));
        Assert.That(await page.InnerTextAsync("#chart-months-heading"), Is.EqualTo("Hộ mới được hỗ trợ và lượt hỗ trợ theo tháng"), "chart titles are visible headings");
        Assert.That(await page.InnerTextAsync("#chart-period"), Does.StartWith("Số liệu từ "), "the period shown, in words above the charts");

        async Task<string?> Bar(string chart, string series, string label) =>
            await page.Locator($"#{chart} rect.bar[data-series=\"{series}\"][data-label=\"{label}\"]").GetAttributeAsync("data-value");
        Assert.That(await page.Locator("#chart-months").GetAttributeAsync("data-points"), Is.EqualTo("3"));
        Assert.That(new[]
        {
            await Bar("chart-months", "Hộ mới được hỗ trợ", "09/2026"), await Bar("chart-months", "Lượt hỗ trợ", "09/2026"),
            await Bar("chart-months", "Hộ mới được hỗ trợ", "10/2026"), await Bar("chart-months", "Lượt hỗ trợ", "10/2026"),
            await Bar("chart-months", "Hộ mới được hỗ trợ", "11/2026"), await Bar("chart-months", "Lượt hỗ trợ", "11/2026"),
        }, Is.EqualTo(new[] { "2", "2", "2", "3", "1", "4" }));
        Assert.That(await Bar("chart-categories-months", "Thanh toán điện tử", "10/2026"), Is.EqualTo("2"));
        Assert.That(await Bar("chart-categories", "Hộ được hỗ trợ", "VNeID/định danh mức 2"), Is.EqualTo("3"));
        Assert.That(await Bar("chart-categories", "Lượt hỗ trợ", "Thương mại điện tử"), Is.EqualTo("2"));
        Assert.That(await Bar("chart-sizes", "Thiếu người", "Tổ cấp thôn (5–8 người)"), Is.EqualTo("1"));
        Assert.That(await Bar("chart-sizes", "Vượt kế hoạch", "Tổ cấp xã (5 người)"), Is.EqualTo("1"));
        var drawn = await page.Locator("#chart-months rect.bar[data-label=\"11/2026\"][data-series=\"Lượt hỗ trợ\"]").BoundingBoxAsync();
        Assert.That(drawn!.Height, Is.GreaterThan(10), "the bars are really drawn, not only described");

        Assert.That(await page.InnerTextAsync("#kpi-households .value"), Is.EqualTo("5"));
        Assert.That(await page.InnerTextAsync("#kpi-assists .value"), Is.EqualTo("9"));
        Assert.That(await page.InnerTextAsync("#kpi-members .value"), Is.EqualTo("25"));
        Assert.That(await page.InnerTextAsync("#kpi-teams .detail"), Is.EqualTo("cấp xã 2/2 · cấp thôn 3/4"));
        Assert.That(await page.InnerTextAsync("#unit-summary tr[data-unit=\"T-HL\"]"), Does.Contain("2/3").And.Contain("14"));
        Assert.That(await page.InnerTextAsync("#category-summary tr[data-category=\"EPayment\"]"), Does.Contain("2"));
        Assert.That(await page.InnerTextAsync("#kpi-help-requests .value"), Is.EqualTo("2"));
        Assert.That(await page.InnerTextAsync("#kpi-help-requests .detail"), Is.EqualTo("1 đã nhận · chờ lâu nhất 4 ngày"));
        Assert.That(new[]
        {
            await Bar("chart-help-requests", "Yêu cầu chưa ai nhận", "1–24 giờ"), await Bar("chart-help-requests", "Yêu cầu chưa ai nhận", "Trên 3 ngày"),
        }, Is.EqualTo(new[] { "1", "1" }));

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard.png"), FullPage = true });
        await SaveReadmeImageAsync(page, "console.png");
        var phone = await SignedInPageAsync(phone: true);
        await phone.GotoAsync("/admin?" + ConsoleSeed.Period);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-phone.png"), FullPage = true });
        var overflow = await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.That(overflow, Is.False, "on a phone the page does not scroll sideways (wide tables scroll inside their box)");
    }

    [Test]
    public async Task A_team_is_created_from_the_units_page_and_its_bind_code_is_shown()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin/units");
        // A sample unit, so the seeded province keeps its known answers whatever order the tests run in.
        await page.SelectOptionAsync("select[name=\"NewTeam.UnitCode\"]", NewTeamUnit);
        await page.FillAsync("input[name=\"NewTeam.LeaderPhone\"]", "0905 123 456");
        await page.ClickAsync("#create-team button[type=submit]");

        await page.WaitForSelectorAsync("#team-created");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("team-created.png"), FullPage = true });
        var code = await page.InnerTextAsync("#bind-code");
        Assert.That(code, Does.Match("^[A-Z0-9]{6}$"));
        Assert.That(await page.InnerTextAsync("h1"), Is.EqualTo("Tổ CNSCĐ Bản Bù"));
        Assert.That(await page.Locator("#group-steps li").AllInnerTextsAsync(), Is.EqualTo(new[]
        {
            "Trong Zalo, mở nhóm của tổ và thêm Zalo OA của chương trình vào nhóm (Thêm thành viên → tìm tên OA), hoặc, với nhóm Zalo thường, mời Bot của chương trình vào nhóm.",
            $"Một người trong nhóm gõ: #ketnoi {code} (bấm «Sao chép» rồi dán vào nhóm; trong nhóm thường thì gắn thẻ Bot trước).",
            "Tổ trưởng gõ #dangky Họ tên | số điện thoại bằng số 0905 123 456; các thành viên khác gõ như vậy với số của mình.",
        }), "the steps for the group, in order");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.ClickAsync("#copy-bind");
        // The label changes once the clipboard has taken the text, a moment after the click.
        await Eventually.UntilAsync(async () => await page.InnerTextAsync("#copy-bind") != "Sao chép", "the button says how the copy went");
        Assert.That(await page.InnerTextAsync("#copy-bind"), Is.EqualTo("Đã sao chép"));
        Assert.That(await page.EvaluateAsync<string>("navigator.clipboard.readText()"), Is.EqualTo("#ketnoi " + code), "ready to paste into the group");
        Assert.That(await _app.QueryScalarAsync<string>(
            "SELECT t.bind_code FROM teams t JOIN admin_units u ON u.id = t.unit_id WHERE u.code = @Code", new { Code = NewTeamUnit }), Is.EqualTo(code));

        // The same unit again: refused in Vietnamese, on the form.
        await page.GotoAsync("/admin/units");
        Assert.That(await page.Locator($"select[name=\"NewTeam.UnitCode\"] option[value=\"{NewTeamUnit}\"]").CountAsync(), Is.Zero,
            "a unit with a team is no longer offered");
        await page.SelectOptionAsync("select[name=\"NewTeam.UnitCode\"]", "DEMO-TANLAP-2");
        await page.FillAsync("input[name=\"NewTeam.LeaderPhone\"]", "12345");
        await page.ClickAsync("#create-team button[type=submit]");
        Assert.That(await page.InnerTextAsync("#create-team [role=alert]"), Does.StartWith("Cần số di động của tổ trưởng"));
    }

    [Test]
    public async Task A_filtered_export_downloads_a_workbook_whose_rows_are_the_rows_on_screen()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin/households");
        await page.SelectOptionAsync("#household-filters select[name=unit]", ConsoleSeed.HuongLap);
        await page.SelectOptionAsync("#household-filters select[name=category]", "EPayment");
        await page.FillAsync("#household-filters input[name=from]", "01/10/2026");
        await page.FillAsync("#household-filters input[name=to]", "31/10/2026");
        await page.ClickAsync("#household-filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("category=EPayment"));

        Assert.That(await page.GetAttributeAsync("#household-totals [data-households]", "data-households"), Is.EqualTo("2"));
        var onScreen = await page.Locator("#households tbody tr th").AllInnerTextsAsync();
        Assert.That(onScreen, Is.EqualTo(new[] { "Pả Văn Tới", "Hồ Văn Pả" }));

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("households.png"), FullPage = true });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-xlsx"));
        Assert.That(download.SuggestedFilename, Does.Match(@"^ho-da-ho-tro-\d{4}-\d{2}-\d{2}\.xlsx$"));
        var file = Path.Combine(_downloads, download.SuggestedFilename);
        await download.SaveAsAsync(file);

        var rows = MiniExcel.Query(file, useHeaderRow: true, sheetName: "Hộ đã hỗ trợ").Cast<IDictionary<string, object?>>().ToList();
        Assert.That(rows.Select(r => r["Chủ hộ"]), Is.EqualTo(onScreen), "the file holds exactly the rows on screen");
        Assert.That(rows.Select(r => (r["Xã/phường"], Convert.ToInt32(r["Số lượt hỗ trợ"], System.Globalization.CultureInfo.InvariantCulture), r["Lần đầu"])), Is.EqualTo(new[]
        {
            ((object?)"Xã Hướng Lập", 2, (object?)new DateTime(2026, 10, 15)),
            ("Xã Hướng Lập", 3, new DateTime(2026, 9, 10)),
        }), "each household with its whole history; dates are real dates in the workbook");
        Assert.That(rows.All(r => ((string)r["Nội dung hỗ trợ"]!).Contains("Thanh toán điện tử", StringComparison.Ordinal)), Is.True);
        var about = MiniExcel.Query(file, useHeaderRow: true, sheetName: "Thông tin").Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["Mục"]!, r => r["Nội dung"]?.ToString());
        Assert.That(about["Bộ lọc"], Is.EqualTo("Đơn vị: Xã Hướng Lập; Thời gian: 01/10/2026 – 31/10/2026; Nội dung: Thanh toán điện tử"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task An_announcement_is_previewed_as_a_bubble_edited_confirmed_naming_its_reach_and_sent_and_another_is_cancelled(bool phone)
    {
        var title = phone ? "Họp tổ tháng 12" : "Họp tổ tháng 12 (máy tính)";
        var page = await SignedInPageAsync(phone);
        await page.GotoAsync("/admin/broadcasts");
        await page.FillAsync("input[name=\"Draft.Title\"]", title);
        const string text = "Mời các tổ họp lúc 8 giờ sáng thứ Hai tại nhà văn hóa xã.";
        await page.FillAsync("textarea[name=\"Draft.Text\"]", text);
        Assert.That(await page.InnerTextAsync("#broadcast-length [data-length]"), Is.EqualTo((title + "\n\n" + text).Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "the character count follows the typing");
        await page.SelectOptionAsync("select[name=\"Draft.Audience\"]", "groups");
        await page.SelectOptionAsync("select[name=\"Draft.UnitCodes\"]", new[] { ConsoleSeed.HuongLap });
        await page.ClickAsync("button:has-text('Xem trước')");
        var preview = page.Locator("#broadcast-preview");
        Assert.That((await preview.GetAttributeAsync("data-recipients"), await preview.GetAttributeAsync("data-will-send")), Is.EqualTo(("3", "2")),
            "three teams in Hướng Lập, one without a Zalo group");
        Assert.That(await page.InnerTextAsync("#broadcast-bubble"), Does.Contain(title).And.Contain(text), "the message as residents will see it, before saving");
        var unconnected = page.Locator("#unconnected-teams a");
        Assert.That(await unconnected.CountAsync(), Is.EqualTo(1));
        Assert.That(await _app.QueryScalarAsync<long>(
            "SELECT COUNT(*) FROM teams WHERE group_id IS NULL AND name = @Name AND id = @Id",
            new { Name = await unconnected.InnerTextAsync(), Id = long.Parse((await unconnected.GetAttributeAsync("href"))!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture) }),
            Is.EqualTo(1), "the team without a group is named and linked");

        await page.ClickAsync("button:has-text('Lưu bản nháp')");
        await page.WaitForURLAsync(new Regex(@"/admin/broadcasts/\d+$"));
        Assert.That(await page.GetAttributeAsync("#broadcast-summary", "data-status"), Is.EqualTo("draft"));

        await page.ClickAsync("#edit-broadcast summary");
        var edited = title + ", đổi giờ";
        await page.FillAsync("#edit-broadcast input[name=\"Draft.Title\"]", edited);
        await page.ClickAsync("#save-edit");
        // Polled from the test: the console's script policy forbids the string evaluation a page-side wait would use.
        await Eventually.UntilAsync(async () => await page.InnerTextAsync("h1") == edited, "the edited title is shown");
        Assert.That(await page.InnerTextAsync("#broadcast-audit"), Does.Contain("Sửa"), "the edit is in the audit trail");

        await page.ClickAsync("#send-now");
        Assert.That(await page.InnerTextAsync("#confirm-send .question"), Is.EqualTo("Gửi tới 2 nhóm Zalo của tổ ở Xã Hướng Lập?"));
        Assert.That(await page.GetAttributeAsync("#broadcast-summary", "data-status"), Is.EqualTo("draft"), "asking sends nothing");
        if (phone)
        {
            await SaveReadmeImageAsync(page, "phone-broadcast.png");
        }

        await page.ClickAsync("#confirm-send-yes");
        await page.WaitForURLAsync(new Regex(@"/admin/broadcasts/\d+$"));
        var sentPage = page.Url;
        var sentId = sentPage.Split('/')[^1];
        Assert.That(await page.GetAttributeAsync("#broadcast-summary", "data-status"), Is.AnyOf("sending", "completed"), "right after sending it says so");
        Assert.That(await page.InnerTextAsync("#broadcast-summary"), Does.Not.Contain("hẹn"));
        Assert.That(await page.Locator("#send-now").CountAsync(), Is.Zero, "no send button on an announcement that is going");
        await page.GotoAsync("/admin/broadcasts");
        Assert.That(await page.InnerTextAsync($"#broadcasts tr[data-id=\"{sentId}\"]"), Does.Contain("Đang gửi").Or.Contain("Đã gửi xong"),
            "the list says the same as the announcement's page");
        await page.GotoAsync("/admin");
        Assert.That(await page.InnerTextAsync($"#last-broadcasts li[data-id=\"{sentId}\"]"), Does.Not.Contain("hẹn"), "and so does the dashboard");
        await page.GotoAsync(sentPage);
        await Eventually.UntilAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.GetAttributeAsync("#broadcast-summary", "data-status") == "completed";
        }, "the announcement was sent to the end", timeoutSeconds: 60);
        Assert.That(await page.InnerTextAsync("#broadcast-totals [data-total=sent]"), Is.EqualTo("2"));
        Assert.That(await page.InnerTextAsync("#broadcast-totals [data-total=skipped]"), Is.EqualTo("1"));
        Assert.That(await page.GetAttributeAsync("#broadcast-progress", "value"), Is.EqualTo("3"));
        Assert.That(_app.Emulator.MessagesIn("group:group-T-HL-CB").Where(m => m.FromOa).Select(m => m.Text), Has.Some.EqualTo(edited + "\n\n" + text),
            "the group got the edited announcement");
        Assert.That(await page.InnerTextAsync("#broadcast-audit"), Does.Contain("Gửi ngay").And.Contain("Gửi xong"));

        await page.GotoAsync("/admin?" + ConsoleSeed.Period);
        Assert.That(await page.InnerTextAsync("#last-broadcasts"), Does.Contain(edited));

        await page.GotoAsync("/admin/broadcasts");
        await page.FillAsync("input[name=\"Draft.Title\"]", "Thông báo sẽ hủy");
        await page.FillAsync("textarea[name=\"Draft.Text\"]", "Nội dung sẽ không gửi.");
        await page.SelectOptionAsync("select[name=\"Draft.UnitCodes\"]", new[] { ConsoleSeed.HuongLap });
        await page.ClickAsync("button:has-text('Lưu bản nháp')");
        await page.WaitForURLAsync(new Regex(@"/admin/broadcasts/\d+$"));
        await page.ClickAsync("#cancel-broadcast");
        Assert.That(await page.InnerTextAsync("#confirm-cancel .question"), Does.StartWith("Hủy thông báo gửi tới 2 nhóm Zalo của tổ ở Xã Hướng Lập?"));
        await page.ClickAsync("#confirm-cancel-yes");
        await Eventually.UntilAsync(async () => await page.GetAttributeAsync("#broadcast-summary", "data-status") == "cancelled", "cancelled");
        Assert.That(await page.InnerTextAsync("#broadcast-summary"), Does.Contain("Đã hủy").And.Contain("không ai nhận được"));
        Assert.That(await page.Locator("#broadcast-progress").CountAsync(), Is.Zero, "no progress bar for a cancelled announcement");
        Assert.That(await page.InnerTextAsync("main"), Does.Not.Contain("người nhận đã xong"));
    }

    [Test]
    public async Task On_a_phone_tables_keep_whole_words_every_menu_item_shows_and_the_pages_are_photographed()
    {
        var page = await SignedInPageAsync(phone: true);
        await page.GotoAsync("/admin?" + ConsoleSeed.Period);
        var menu = page.Locator("nav.menu a");
        var width = page.ViewportSize!.Width;
        for (var i = 0; i < await menu.CountAsync(); i++)
        {
            var box = await menu.Nth(i).BoundingBoxAsync();
            Assert.That(box!.X >= 0 && box.X + box.Width <= width, Is.True, $"menu item {await menu.Nth(i).InnerTextAsync()} is on screen");
        }

        var tick = await page.EvaluateAsync<double>(
            "(() => { const t = document.querySelector('#chart-months text.tick'); return t.getBoundingClientRect().height; })()");
        Assert.That(tick, Is.GreaterThanOrEqualTo(12), "axis labels stay readable on a phone");
        await SaveReadmeImageAsync(page, "phone-dashboard.png");

        await page.GotoAsync("/admin/households");
        var cells = await page.EvaluateAsync<double[]>(
            "[...document.querySelectorAll('#households th, #households td')].map(c => c.getBoundingClientRect().width)");
        Assert.That(cells, Is.Not.Empty);
        Assert.That(cells.Min(), Is.GreaterThanOrEqualTo(80), "no cell squeezed to a word per line");
        Assert.That(await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('#households tbody tr > :first-child')).position"), Is.EqualTo("sticky"),
            "the first column stays while the table scrolls");
        Assert.That(await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('#household-filters select')).fontWeight"), Is.EqualTo("400"),
            "form text is not bold");
        Assert.That(await page.InnerTextAsync("#household-filters .date-hint >> nth=0"), Is.EqualTo("ngày/tháng/năm"));
        await SaveReadmeImageAsync(page, "phone-households.png");

        await page.GotoAsync("/admin/help-requests?unit=" + ConsoleSeed.Province);
        await SaveReadmeImageAsync(page, "phone-help-requests.png");
        await page.GotoAsync("/admin/help-requests/YC-0003");
        Assert.That(await page.InnerTextAsync("#request-age"), Is.EqualTo("Nhận 1 ngày trước · gửi 2 ngày trước"),
            "a taken request: how long since it was taken, and since it was asked");

        await page.GotoAsync("/admin/broadcasts");
        var check = await page.Locator("label.check input").BoundingBoxAsync();
        var label = await page.Locator("label.check span").BoundingBoxAsync();
        Assert.That(Math.Abs(check!.Y + check.Height / 2 - (label!.Y + label.Height / 2)), Is.LessThan(label.Height), "the Khẩn box sits on its label's line");
        await page.FocusAsync("input[name=\"Draft.Title\"]");
        await page.Keyboard.PressAsync("Tab");
        Assert.That(await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"), Is.EqualTo("solid"), "keyboard focus is visible");
    }

    [Test]
    public async Task Help_requests_are_listed_by_status_and_village_with_their_age()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin/help-requests?unit=" + ConsoleSeed.Province);
        Assert.That(await page.Locator("#requests tbody th").AllInnerTextsAsync(), Is.EqualTo(new[] { "YC-0002", "YC-0003", "YC-0001" }),
            "waiting requests, the longest-waiting first");
        var first = await page.InnerTextAsync("#requests tr[data-code=\"YC-0002\"]");
        Assert.That(first, Does.Contain("Mới").And.Contain("4 ngày").And.Contain("Bản Tà Rùng, Xã Hướng Lập").And.Contain("Tổ CNSCĐ Bản Tà Rùng → Tổ CNS Xã Hướng Lập"));
        Assert.That(await page.InnerTextAsync("#requests tr[data-code=\"YC-0001\"]"), Does.Contain("09xx xxx 321").And.Not.Contain("0987654321"));
        Assert.That(await page.InnerTextAsync("#requests tr[data-code=\"YC-0003\"]"), Does.Contain("Đã nhận").And.Contain("Xã Lìa").And.Contain("Hồ Văn Minh LIA"));
        Assert.That(await page.InnerTextAsync("#request-places"), Does.Contain("Bản Cù Bai, Xã Hướng Lập"));

        await page.SelectOptionAsync("#request-filters select[name=status]", "done");
        await page.ClickAsync("#request-filters button[type=submit]");
        await page.WaitForURLAsync(new Regex("status=done"));
        Assert.That(await page.Locator("#requests tbody th").AllInnerTextsAsync(), Is.EqualTo(new[] { "YC-0004" }));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("help-requests.png"), FullPage = true });
    }

    [Test]
    public async Task A_form_post_without_the_csrf_token_is_refused()
    {
        var page = await SignedInPageAsync();
        var teamsBefore = await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM teams");

        // Signed in (the cookie goes along), but no antiforgery token: what a forged cross-site form would send.
        var response = await page.Context.APIRequest.PostAsync("/admin/units?handler=CreateTeam", new APIRequestContextOptions
        {
            Form = page.Context.APIRequest.CreateFormData().Set("NewTeam.UnitCode", "DEMO-TANLAP-2").Set("NewTeam.LeaderPhone", "0905111222"),
            MaxRedirects = 0,
        });
        Assert.That(response.Status, Is.EqualTo(400));
        // The refusal is re-executed as a POST on the problem page, which takes it without a token of its own.
        Assert.That(await response.TextAsync(), Does.Contain("<h1>Không làm được việc này</h1>"), "the console's own page explains the refusal");
        var replay = await page.Context.APIRequest.PostAsync("/admin/dead-letters?handler=ReplayAllEvents", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.That(replay.Status, Is.EqualTo(400));
        Assert.That(await _app.QueryScalarAsync<long>("SELECT COUNT(*) FROM teams"), Is.EqualTo(teamsBefore), "nothing was created");
    }

    [Test]
    public async Task A_dead_letter_is_replayed_from_the_error_box()
    {
        await using (var connection = await _app.OpenDatabaseAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO inbox_events (event_key, event_name, conversation_key, body, status, attempts, next_attempt_at, last_error, received_at)
                VALUES ('user_send_text:dead-1', 'user_send_text', 'user:resident-dead', @Body, 'dead', 5, 0, 'InvalidOperationException: thử nghiệm', 0)
                """, new { Body = ZaloWebhooks.UserText("resident-dead", "dead-1", "menu") });
        }

        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin/dead-letters");
        Assert.That(await page.InnerTextAsync("#dead-events tbody"), Does.Contain("InvalidOperationException: thử nghiệm"));
        await page.ClickAsync("#dead-events tr:has-text('user:resident-dead') button");
        await page.WaitForSelectorAsync("#replayed");
        Assert.That(await page.InnerTextAsync("#replayed"), Does.Contain("Đã đưa 1 tin"));
        await Eventually.UntilAsync(
            async () => await _app.QueryScalarAsync<string>("SELECT status FROM inbox_events WHERE event_key = 'user_send_text:dead-1'") == "done",
            "the replayed event was handled", timeoutSeconds: 60);
    }

    [Test]
    public async Task Every_guide_reads_as_a_resident_sees_it()
    {
        var library = _app.Services.GetRequiredService<GuideLibrary>();
        var page = await SignedInPageAsync(phone: true);
        await page.GotoAsync("/admin/guides");
        Assert.That(await page.Locator("#guides li[data-guide]").CountAsync(), Is.EqualTo(library.Topics.Count()));
        foreach (var guide in library.Guides)
        {
            await page.GotoAsync("/admin/guides/" + guide.Id);
            Assert.That(await page.Locator("#guide-steps article.bubble").CountAsync(), Is.EqualTo(guide.Steps.Count), guide.Id);
            var first = await page.InnerTextAsync("#guide-steps article.bubble >> nth=0 >> .text");
            Assert.That(first, Does.Contain(guide.IsMenu ? guide.Welcome!.Trim()[..20] : guide.Title), guide.Id);
        }

        await page.GotoAsync("/admin/guides/vneid");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("guide-vneid-phone.png"), FullPage = false });
    }

    /// <summary>artifacts/screenshots/ at the repository root (created when missing).</summary>
    private static string Screenshot(string name)
    {
        var folder = Path.Combine(Repository.Root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
