using ZaloBot.Guides;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Guides;

public sealed class GuideContentTests
{
    private const string ValidMenu = """
        id: menu
        title: Menu chính
        welcome: Chào bà con!
        steps:
          - id: chinh
            text: Bà con muốn làm gì?
            buttons:
              - title: Mẫu
                go: guide:sample
              - title: Gặp Tổ công nghệ số
                go: handoff
        """;

    private const string ValidGuide = """
        id: sample
        title: Hướng dẫn mẫu
        short_title: Mẫu
        keywords: [mau]
        prepare: [Điện thoại]
        sources:
          - url: https://example.gov.vn/huong-dan
            checked: 2026-11-28
        steps:
          - id: one
            text: Bước 1.
            buttons:
              - title: Tiếp
                go: two
          - id: two
            text: Bước 2.
            buttons:
              - title: Menu chính
                go: menu
        """;

    /// <summary>A guide that asks to be linked from every step that mentions the OTP code, reachable from a step of the sample.</summary>
    private const string WarningGuide = """
        id: warning
        title: Cảnh giác
        short_title: Cảnh giác
        keywords: [canh giac]
        prepare: [Bình tĩnh]
        linked_from_steps_mentioning: [OTP, mã PIN]
        sources:
          - url: https://example.gov.vn/canh-bao
            checked: 2026-11-28
        steps:
          - id: one
            text: Không đọc mã OTP cho ai.
            buttons:
              - title: Menu chính
                go: menu
        """;

    private static readonly string MenuWithWarning = ValidMenu.Replace(
        "      - title: Gặp Tổ công nghệ số", "      - title: Cảnh giác\n        go: guide:warning\n      - title: Gặp Tổ công nghệ số", StringComparison.Ordinal);

    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("zalobot-guides-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Shipped_content_loads_without_problems_or_warnings()
    {
        var library = GuideHarness.ShippedLibrary;

        Assert.That(library.Warnings, Is.Empty, "every step stays under the ~600-character aim");
        Assert.That(library.Topics.Select(g => g.Id), Is.SupersetOf(new[]
        {
            "vneid", "dich-vu-cong", "khai-sinh", "cu-tru", "ly-lich-tu-phap",
            "ban-hang-online", "thanh-toan-dien-tu", "suc-khoe", "hoc-phi", "binh-dan-hoc-vu-so",
        }));
        Assert.That(library.Topics.Select(g => g.Sources.Count), Has.All.GreaterThan(0));
        Assert.That(library.Topics.Select(g => g.Checked), Has.All.Not.Null);
    }

    [Test]
    public void The_shipped_content_has_the_four_guides_residents_asked_for()
    {
        var library = GuideHarness.ShippedLibrary;

        Assert.That(library.Topics.Select(g => g.Id), Is.SupersetOf(new[] { "canh-giac-lua-dao", "vneid-su-co", "bao-hiem-an-sinh", "hoa-don-qr" }));
    }

    [Test]
    public void Every_shipped_step_that_mentions_the_OTP_code_offers_the_scam_warning()
    {
        var library = GuideHarness.ShippedLibrary;
        var steps = library.Guides.Where(g => g.Id != "canh-giac-lua-dao")
            .SelectMany(g => g.Steps.Select(s => (Guide: g, Step: s)))
            .Where(x => GuideRouter.Tokens(x.Step.Text).Contains("otp"))
            .ToList();

        Assert.That(steps, Is.Not.Empty, "the shipped guides do talk about OTP codes");
        Assert.That(
            steps.Where(x => !x.Step.Buttons.Any(b => b.Target is GuideTarget.ToStep { GuideId: "canh-giac-lua-dao" }))
                .Select(x => $"{x.Guide.Id}/{x.Step.Id}"),
            Is.Empty);
    }

    [Test]
    public void A_resident_reads_the_date_of_the_oldest_source_check()
    {
        var library = Load(ValidMenu, ValidGuide.Replace("""
                      - url: https://example.gov.vn/huong-dan
                        checked: 2026-11-28
                    """, """
                      - url: https://example.gov.vn/huong-dan
                        checked: 2026-11-28
                      - url: https://example.gov.vn/cu
                        checked: 2026-05-02
                      - url: https://example.gov.vn/moi
                        checked: 2026-12-01
                    """));

        var guide = library.Find("sample")!;
        Assert.That(guide.Checked, Is.EqualTo(new DateOnly(2026, 5, 2)));
        Assert.That(guide.Sources.Select(s => s.Checked), Is.EqualTo(new[] { new DateOnly(2026, 11, 28), new DateOnly(2026, 5, 2), new DateOnly(2026, 12, 1) }));
        Assert.That(guide.Start.Text, Does.Contain("(Thông tin kiểm tra ngày 02/05/2026)"));
    }

    [Test]
    public void A_step_that_mentions_a_linked_word_and_links_to_that_guide_loads()
    {
        var library = Load(ValidMenu, ValidGuide.Replace("text: Bước 1.", "text: Nhập mã OTP.").Replace("""
                      - title: Tiếp
                        go: two
                """, """
                      - title: Tiếp
                        go: two
                      - title: Cảnh giác
                        go: guide:warning
                """),
            ("warning.yaml", WarningGuide));

        Assert.That(library.Find("sample")!.FindStep("one")!.Buttons.Select(b => b.Target),
            Does.Contain(new GuideTarget.ToStep("warning", GuideLibrary.IntroStepId)));
    }

    [Test]
    public void The_minimal_fixture_is_valid()
    {
        var library = Load(ValidMenu, ValidGuide);

        Assert.That(library.Find("sample")!.Steps.Select(s => s.Id), Is.EqualTo(new[] { GuideLibrary.IntroStepId, "one", "two" }));
    }

    public static IEnumerable<TestCaseData> BrokenContent()
    {
        TestCaseData Case(string name, string menu, string guide, string expected, params (string File, string Text)[] more) =>
            new TestCaseData(menu, guide, more, expected).SetName(name);

        yield return Case("A button to a missing step is named", ValidMenu, ValidGuide.Replace("go: two", "go: three"),
            "sample.yaml: step 'one': button 'Tiếp' goes to step 'three', which this guide does not have");
        yield return Case("A button to a missing guide is named", ValidMenu, ValidGuide.Replace("go: menu", "go: guide:nope"),
            "sample.yaml: step 'two': button 'Menu chính' goes to guide 'nope', which does not exist");
        yield return Case("A target that is not a target is named", ValidMenu, ValidGuide.Replace("go: menu", "go: Menu Chính"),
            "sample.yaml: step 'two': button 'Menu chính' goes to 'Menu Chính'; a target is a step id, 'guide:<id>', 'guide:<id>/<step>', 'menu' or 'handoff'");
        yield return Case("An unreachable step is named", ValidMenu, ValidGuide + "\n  - id: orphan\n    text: Không ai tới đây.\n",
            "sample.yaml: step 'orphan': no button leads here from the start of the guide");
        yield return Case("A guide missing from the menu is named", ValidMenu, ValidGuide,
            "other.yaml: guide 'other' cannot be reached from the main menu",
            ("other.yaml", ValidGuide.Replace("id: sample", "id: other")));
        yield return Case("Five buttons are too many", ValidMenu, ValidGuide.Replace("""
                      - title: Menu chính
                        go: menu
                """, """
                      - title: A
                        go: menu
                      - title: B
                        go: menu
                      - title: C
                        go: menu
                      - title: D
                        go: menu
                      - title: E
                        go: menu
                """),
            "sample.yaml: step 'two': has 5 buttons; at most 4");
        yield return Case("A text over Zalo's 2000 characters is named", ValidMenu, ValidGuide.Replace("text: Bước 2.", "text: " + new string('a', 2001)),
            "sample.yaml: step 'two': text is 2001 characters; Zalo takes at most 2000");
        yield return Case("A long button title is named", ValidMenu, ValidGuide.Replace("title: Tiếp\n", "title: Tiếp theo, bà con bấm vào đây để sang bước hai\n"),
            "sample.yaml: step 'one': button 'Tiếp theo, bà con bấm vào đây để sang bước hai' is longer than 35 characters");
        yield return Case("A misspelt key is named with its line", ValidMenu, ValidGuide.Replace("text: Bước 1.", "txt: Bước 1."),
            "sample.yaml: line 11: unknown key 'txt'");
        yield return Case("A guide without sources is refused", ValidMenu, ValidGuide.Replace("sources:\n  - url: https://example.gov.vn/huong-dan\n    checked: 2026-11-28\n", ""),
            "sample.yaml: sources are missing");
        yield return Case("A source without a checked date is refused", ValidMenu, ValidGuide.Replace("    checked: 2026-11-28\n", ""),
            "sample.yaml: source 'https://example.gov.vn/huong-dan' needs checked: the day it was last read, as yyyy-mm-dd (it has '')");
        yield return Case("A source checked on no real day is refused", ValidMenu, ValidGuide.Replace("checked: 2026-11-28", "checked: 28/11/2026"),
            "sample.yaml: source 'https://example.gov.vn/huong-dan' needs checked: the day it was last read, as yyyy-mm-dd (it has '28/11/2026')");
        yield return Case("One date for the whole guide is refused: each source has its own", ValidMenu,
            ValidGuide.Replace("prepare: [Điện thoại]\n", "prepare: [Điện thoại]\nchecked: 2026-11-28\n"),
            "sample.yaml: line 6: unknown key 'checked'");
        yield return Case("A step that mentions a linked word without a button to that guide is refused", MenuWithWarning,
            ValidGuide.Replace("text: Bước 2.", "text: Đọc mã PIN cho ai cũng không được."),
            "sample.yaml: step 'two': mentions 'mã PIN', so it needs a button to guide 'warning'",
            ("warning.yaml", WarningGuide));
        yield return Case("A prepare list that mentions a linked word is refused", MenuWithWarning,
            ValidGuide.Replace("prepare: [Điện thoại]", "prepare: [Điện thoại nhận mã otp]"),
            "sample.yaml: prepare mentions 'OTP', and the 'cần chuẩn bị' step has no room for the button to guide 'warning' that this needs; say it without 'OTP'",
            ("warning.yaml", WarningGuide));
        yield return Case("The menu cannot ask to be linked", ValidMenu + "\nlinked_from_steps_mentioning: [OTP]\n", ValidGuide,
            "menu.yaml: only a guide can ask to be linked from other steps; remove 'linked_from_steps_mentioning'");
        yield return Case("Two steps with one id are refused", ValidMenu, ValidGuide.Replace("id: two", "id: one"),
            "sample.yaml: step 'one': another step has the same id");
        yield return Case("A file named after another id is refused", ValidMenu, ValidGuide.Replace("id: sample", "id: simple"),
            "sample.yaml: the file of guide 'simple' must be named simple.yaml");
    }

    [TestCaseSource(nameof(BrokenContent))]
    public void Broken_content_is_refused_with_one_line_naming_file_step_and_problem(string menu, string guide, (string File, string Text)[] more, string expected)
    {
        var ex = Assert.Throws<GuideContentException>(() => Load(menu, guide, more))!;

        Assert.That(ex.Problems[0], Is.EqualTo(expected));
        Assert.That(ex.Message, Does.StartWith(expected).And.Not.Contain("\n"));
    }

    [Test]
    public void A_step_over_600_characters_is_a_warning_not_an_error()
    {
        var library = Load(ValidMenu, ValidGuide.Replace("text: Bước 2.", "text: " + new string('a', 650)));

        Assert.That(library.Warnings, Is.EqualTo(new[] { "sample.yaml: step 'two': text is 650 characters; aim for under 600" }));
    }

    [Test]
    public void Without_a_menu_file_nothing_loads()
    {
        File.WriteAllText(Path.Combine(_folder, "sample.yaml"), ValidGuide);

        Assert.That(() => GuideLoader.Load(_folder), Throws.InstanceOf<GuideContentException>().With.Message.EqualTo("menu.yaml: the main menu file is missing"));
    }

    [Test]
    public void The_app_refuses_to_start_on_the_broken_fixture()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Guides", "Fixtures", "broken-target");

        var ex = Assert.Catch(() => new TestApp(TestApp.NewDatabasePath(), settings: new() { ["Guides:ContentPath"] = fixture }).Dispose());

        Assert.That(ex, Is.InstanceOf<GuideContentException>());
        Assert.That(ex!.Message, Is.EqualTo("vneid.yaml: step 'kich-hoat': button 'Tiếp theo' goes to step 'otp', which this guide does not have"));
    }

    private GuideLibrary Load(string menu, string guide, params (string File, string Text)[] more)
    {
        File.WriteAllText(Path.Combine(_folder, "menu.yaml"), menu);
        File.WriteAllText(Path.Combine(_folder, "sample.yaml"), guide);
        foreach (var (file, text) in more)
        {
            File.WriteAllText(Path.Combine(_folder, file), text);
        }

        return GuideLoader.Load(_folder);
    }
}
