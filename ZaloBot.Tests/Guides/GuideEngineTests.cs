using Dapper;
using Microsoft.Data.Sqlite;
using ZaloBot.Guides;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Guides;

/// <summary>The conversation rules, through the real handler and a real SQLite file, without HTTP.</summary>
public sealed class GuideEngineTests
{
    [Test]
    public async Task A_sticker_gets_a_kind_word_and_the_same_buttons_again()
    {
        await using var harness = await GuideHarness.StartAsync();
        var step = await harness.SendAsync("u1", "vneid");

        var reply = await harness.RunAsync(ZaloWebhooks.UserSticker("u1", "sticker-1"));

        Assert.That(reply.Text, Is.EqualTo(GuideTexts.TextOnly));
        Assert.That(reply.Buttons.Select(b => b.Title), Is.EqualTo(step.Buttons.Select(b => b.Title)));
        Assert.That(await harness.PositionAsync("u1"), Is.EqualTo(new GuidePosition("vneid", GuideLibrary.IntroStepId)));
    }

    [Test]
    public async Task A_number_past_the_last_option_says_which_numbers_there_are()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.FollowAsync("u2");

        var reply = await harness.SendAsync("u2", "7");

        Assert.That(reply.Text, Is.EqualTo("Bà con gõ số từ 1 đến 4 nhé."));
        Assert.That(reply.Buttons, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Quay_lai_at_the_very_start_says_so_and_shows_the_menu()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.FollowAsync("u3");

        var reply = await harness.SendAsync("u3", "quay lại");

        Assert.That(reply.Text, Does.StartWith(GuideTexts.AtTheBeginning));
        Assert.That(await harness.PositionAsync("u3"), Is.EqualTo(harness.Library.MenuStart));
    }

    [Test]
    public async Task Typing_the_words_of_a_button_presses_it()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.SendAsync("u4", "vneid");
        await harness.SendAsync("u4", "bắt đầu");

        var reply = await harness.SendAsync("u4", "da cai xong roi");

        Assert.That(reply.Text, Does.StartWith("Bước 2: Đăng ký định danh mức 2"));
    }

    [Test]
    public async Task Thanks_gets_a_warm_answer_and_keeps_the_place()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.SendAsync("u5", "hoc phi");

        var reply = await harness.SendAsync("u5", "cảm ơn bot nhiều lắm");

        Assert.That(reply.Text, Is.EqualTo(GuideTexts.Thanks));
        Assert.That(await harness.PositionAsync("u5"), Is.EqualTo(new GuidePosition("hoc-phi", GuideLibrary.IntroStepId)));
    }

    [Test]
    public async Task After_a_long_silence_asking_for_another_guide_offers_it_next_to_continuing()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.SendAsync("u6", "vneid");
        harness.Now += TimeSpan.FromHours(24);

        var offer = await harness.SendAsync("u6", "làm giấy khai sinh");
        var opened = await harness.TapAsync("u6", offer.Button("Khai sinh cho bé dưới 6 tuổi"));

        Assert.That(offer.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Làm tiếp", "Bắt đầu lại", "Khai sinh cho bé dưới 6 tuổi", "Menu chính" }));
        Assert.That(opened.Text, Does.StartWith("📋 Khai sinh, thường trú, thẻ BHYT cho bé dưới 6 tuổi"));
    }

    [Test]
    public async Task Commands_work_at_once_even_after_a_long_silence()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.SendAsync("u7", "vneid");
        harness.Now += TimeSpan.FromDays(3);

        var menu = await harness.SendAsync("u7", "menu");

        Assert.That(await harness.PositionAsync("u7"), Is.EqualTo(harness.Library.MenuStart));
        Assert.That(menu.Buttons, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task A_step_removed_from_the_content_since_the_last_visit_falls_back_to_the_menu()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.SendAsync("u8", "vneid");
        await using (var connection = new SqliteConnection($"Data Source={harness.DatabasePath}"))
        {
            await connection.ExecuteAsync("UPDATE guide_sessions SET step_id = 'da-bo' WHERE user_id = 'u8'");
        }

        var reply = await harness.SendAsync("u8", "chào");

        Assert.That(reply.Text, Does.StartWith(GuideTexts.Greeting));
        Assert.That(await harness.PositionAsync("u8"), Is.EqualTo(harness.Library.MenuStart));
    }

    [Test]
    public async Task A_question_no_guide_covers_says_so_names_the_closest_guides_and_offers_the_team()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.FollowAsync("u10");
        var closest = ((TextIntent.NoGuide)new GuideRouter(harness.Library).Understand("mua bảo hiểm xe máy")).Closest.Take(2).ToList();

        var reply = await harness.SendAsync("u10", "mua bảo hiểm xe máy");
        var opened = await harness.TapAsync("u10", reply.Button(closest[0].ShortTitle));

        Assert.That(reply.Text, Is.EqualTo("Mình chưa có hướng dẫn cho việc này 🙏 Gần nhất là «" + string.Join("», «", closest.Select(g => g.ShortTitle))
            + "». Cần người giúp thì bấm «Gặp Tổ công nghệ số», người trong Tổ sẽ hỗ trợ bà con."));
        Assert.That(reply.Buttons.Select(b => b.Title),
            Is.EqualTo(closest.Select(g => g.ShortTitle).Append(GuideTexts.HandoffButton).Append(GuideTexts.MenuButton)));
        Assert.That(opened.Text, Does.StartWith("📋 " + closest[0].Title));
    }

    [Test]
    public async Task A_question_nothing_comes_close_to_lists_what_the_guides_cover_and_offers_the_team()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.FollowAsync("u11");
        var areaButtons = harness.Library.Menu.Start.Buttons.Where(b => b.Target is GuideTarget.ToStep).ToList();
        var areas = areaButtons.Select(b => b.Title).ToList();

        var reply = await harness.SendAsync("u11", "đăng ký kết hôn");
        var area = await harness.TapAsync("u11", reply.Button(areas[0]));

        Assert.That(reply.Text, Is.EqualTo("Mình chưa có hướng dẫn cho việc này 🙏 Mình hướng dẫn được: "
            + string.Join("; ", areas.Select(a => char.ToLowerInvariant(a[0]) + a[1..]))
            + ". Cần người giúp thì bấm «Gặp Tổ công nghệ số», người trong Tổ sẽ hỗ trợ bà con."));
        Assert.That(reply.Buttons.Select(b => b.Title), Is.EqualTo(areas.Append(GuideTexts.HandoffButton)));
        Assert.That(await harness.PositionAsync("u11"), Is.EqualTo(new GuidePosition(GuideLibrary.MenuId, ((GuideTarget.ToStep)areaButtons[0].Target).StepId)));
        Assert.That(area.Buttons, Is.Not.Empty);
    }

    [Test]
    public async Task Inside_a_guide_a_question_no_guide_covers_leads_back_to_the_step()
    {
        await using var harness = await GuideHarness.StartAsync();
        await harness.SendAsync("u12", "vneid");
        var step = await harness.SendAsync("u12", "bắt đầu");
        var position = await harness.PositionAsync("u12");

        var reply = await harness.SendAsync("u12", "làm sổ đỏ");
        var back = await harness.TapAsync("u12", reply.Button(GuideTexts.BackToGuideButton));

        Assert.That(reply.Text, Does.StartWith("Mình chưa có hướng dẫn cho việc này"));
        Assert.That(back.Text, Is.EqualTo(step.Text));
        Assert.That(await harness.PositionAsync("u12"), Is.EqualTo(position));
    }

    [Test]
    public async Task Naming_a_menu_area_opens_that_menu()
    {
        await using var harness = await GuideHarness.StartAsync();

        var reply = await harness.SendAsync("u13", "mấy cái giấy tờ");

        Assert.That(await harness.PositionAsync("u13"), Is.EqualTo(new GuidePosition(GuideLibrary.MenuId, "thu-tuc")));
        Assert.That(reply.Buttons.Select(b => b.Title), Does.Contain("Cài VNeID, định danh mức 2"));
    }

    [Test]
    public async Task A_tie_between_guides_asks_which_one_and_an_image_step_sends_the_image_first()
    {
        var folder = Directory.CreateTempSubdirectory("zalobot-guides-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "menu.yaml"), """
                id: menu
                title: Menu chính
                welcome: Chào bà con!
                steps:
                  - id: chinh
                    text: Bà con muốn làm gì?
                    buttons:
                      - title: Cây lúa
                        go: guide:lua
                      - title: Cây ngô
                        go: guide:ngo
                """);
            foreach (var (id, name) in new[] { ("lua", "Cây lúa"), ("ngo", "Cây ngô") })
            {
                await File.WriteAllTextAsync(Path.Combine(folder, id + ".yaml"), $"""
                    id: {id}
                    title: Trồng {name}
                    short_title: {name}
                    keywords: [mua vu]
                    prepare: [Giống tốt]
                    sources:
                      - url: https://example.gov.vn/{id}
                        checked: 2026-11-28
                    steps:
                      - id: gieo
                        text: Gieo hạt.
                        image: https://example.gov.vn/{id}.jpg
                        buttons:
                          - title: Menu chính
                            go: menu
                    """);
            }

            await using var harness = await GuideHarness.StartAsync(GuideLoader.Load(folder));

            var choice = await harness.SendAsync("u9", "mùa vụ");
            var intro = await harness.TapAsync("u9", choice.Button("Cây ngô"));
            var step = await harness.TapAsync("u9", intro.Button(GuideTexts.StartButton));

            Assert.That(choice.Text, Is.EqualTo(GuideTexts.ChooseGuide));
            Assert.That(choice.Buttons.Select(b => b.Title), Is.EqualTo(new[] { "Cây lúa", "Cây ngô", GuideTexts.HandoffButton }));
            Assert.That(step.Messages, Has.Count.EqualTo(2));
            Assert.That(step.Messages[0].ImageUrl, Is.EqualTo("https://example.gov.vn/ngo.jpg"));
            Assert.That(step.Messages[1].Text, Is.EqualTo("Gieo hạt."));
            Assert.That(step.Buttons.Select(b => b.Title), Is.EqualTo(new[] { GuideTexts.MenuButton }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
