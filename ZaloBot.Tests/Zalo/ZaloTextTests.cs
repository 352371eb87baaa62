using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

public sealed class ZaloTextTests
{
    private static readonly string[] Words = ["Chào", "bạn", "thông", "báo", "lịch", "họp", "tổ", "dân", "phố", "tuần", "này", "nhé"];

    /// <summary>Words separated by single spaces, ending with a period, until at least <paramref name="length"/> characters.</summary>
    public static string Prose(int length)
    {
        var words = new List<string>();
        var total = 0;
        for (var i = 0; total < length; i++)
        {
            var word = Words[i % Words.Length];
            words.Add(word);
            total += word.Length + 1;
        }

        return string.Join(' ', words)[..(length - 1)].TrimEnd() + ".";
    }

    private static string[] WordsOf(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Text_that_fits_is_returned_as_one_piece()
    {
        Assert.That(ZaloText.Split("Xin chào"), Has.Count.EqualTo(1).And.Exactly(1).EqualTo("Xin chào"));
    }

    [Test]
    public void A_4500_character_text_becomes_three_pieces_without_cutting_a_word()
    {
        var text = Prose(4500);
        Assume.That(text, Has.Length.EqualTo(4500));

        var pieces = ZaloText.Split(text);

        Assert.That(pieces, Has.Count.EqualTo(3));
        Assert.That(pieces, Has.All.Length.LessThanOrEqualTo(ZaloText.MaxLength));
        Assert.That(WordsOf(string.Join(' ', pieces)), Is.EqualTo(WordsOf(text)));
    }

    [Test]
    public void A_line_break_wins_over_a_sentence_end_and_a_space()
    {
        // Window of 20: a newline at 14, a sentence end at 17 and spaces later still.
        var text = "aaaaa bbbbb ccc\nddd. eee fff ggg hhh";

        var pieces = ZaloText.Split(text, 20);

        Assert.That(pieces[0], Is.EqualTo("aaaaa bbbbb ccc"));
    }

    [Test]
    public void A_sentence_end_wins_over_a_space_when_there_is_no_line_break()
    {
        var text = "aaaaa bbbbb cc. ddd eee fff ggg hhh iii";

        var pieces = ZaloText.Split(text, 20);

        Assert.That(pieces[0], Is.EqualTo("aaaaa bbbbb cc."));
    }

    [Test]
    public void Without_line_breaks_or_sentence_ends_the_cut_falls_at_a_space()
    {
        var text = "aaaa bbbb cccc dddd eeee ffff";

        var pieces = ZaloText.Split(text, 12);

        Assert.That(string.Join("|", pieces), Is.EqualTo("aaaa bbbb|cccc dddd|eeee ffff"));
    }

    [Test]
    public void A_word_longer_than_the_limit_is_cut_but_never_inside_a_surrogate_pair()
    {
        var text = new string('a', 9) + "😀" + new string('b', 10);

        var pieces = ZaloText.Split(text, 10);

        Assert.That(string.Concat(pieces), Is.EqualTo(text));
        Assert.That(pieces.Select(p => char.IsHighSurrogate(p[^1])), Has.None.True);
    }

    [Test]
    public void Split_message_keeps_the_buttons_on_the_last_piece()
    {
        var message = OutgoingMessage.WithButtons(Prose(4500), ZaloButton.QueryShow("Xem thêm", "#more"));

        var pieces = ZaloText.SplitMessage(message, maxParts: 4, out var cut);

        Assert.That(cut, Is.False);
        Assert.That(pieces, Has.Count.EqualTo(3));
        Assert.That(pieces.Take(2).Select(p => p.Buttons.Count), Has.All.Zero);
        Assert.That(pieces[^1].Buttons, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_reply_longer_than_the_most_parts_is_cut_with_an_ellipsis_and_keeps_its_buttons()
    {
        var message = OutgoingMessage.WithButtons(Prose(20_000), ZaloButton.QueryShow("Xem thêm", "#more"));

        var pieces = ZaloText.SplitMessage(message, maxParts: 4, out var cut);

        Assert.That(cut, Is.True);
        Assert.That(pieces, Has.Count.EqualTo(4));
        Assert.That(pieces.Select(p => p.Text!.Length), Has.All.LessThanOrEqualTo(ZaloText.MaxLength));
        Assert.That(pieces[^1].Text, Does.EndWith("…"));
        Assert.That(pieces[^1].Buttons, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_single_word_longer_than_the_most_parts_is_cut_within_the_limit()
    {
        var pieces = ZaloText.SplitMessage(OutgoingMessage.FromText(new string('x', 600_000)), maxParts: 4, out var cut);

        Assert.That(cut, Is.True);
        Assert.That(pieces.Select(p => p.Text!.Length), Is.EqualTo(new[] { 2000, 2000, 2000, 2000 }));
        Assert.That(pieces[^1].Text, Does.EndWith("x…"));
    }

    [Test]
    public void Buttons_become_numbered_lines_under_the_text()
    {
        var message = OutgoingMessage.WithButtons("Chọn một mục:",
            ZaloButton.QueryShow("Đăng ký", "#dang_ky"),
            ZaloButton.OpenUrl("Trang web", "https://example.vn"),
            ZaloButton.OpenPhone("Gọi tổ trưởng", "84901234567"));

        var grouped = ZaloText.WithNumberedButtons(message);

        Assert.That(grouped.Text, Is.EqualTo("Chọn một mục:\n\n1. Đăng ký\n2. Trang web: https://example.vn\n3. Gọi tổ trưởng: 84901234567"));
        Assert.That(grouped.Buttons, Is.Empty);
    }

    [TestCase("[@123456] #tk", "  #tk")]
    [TestCase("Chào [@186729651760683225]!", "Chào  !")]
    [TestCase("không có", "không có")]
    public void StripMentions_removes_Zalo_mentions(string input, string expected)
    {
        Assert.That(ZaloText.StripMentions(input), Is.EqualTo(expected));
    }
}
