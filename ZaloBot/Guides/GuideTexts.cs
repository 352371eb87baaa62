using System.Globalization;
using System.Text;

namespace ZaloBot.Guides;

/// <summary>
/// Every sentence the engine itself says (content files say the rest), and how a step becomes the text a
/// resident reads. The content check measures the rendered text, so the limits hold for what is really sent.
/// </summary>
public static class GuideTexts
{
    public const string StartButton = "Bắt đầu";
    public const string HandoffButton = "Gặp Tổ công nghệ số";
    public const string MenuButton = "Menu chính";
    public const string ContinueButton = "Làm tiếp";
    public const string RestartButton = "Bắt đầu lại";
    public const string BackToGuideButton = "Quay lại hướng dẫn";

    public const string NotUnderstood =
        "Mình chưa hiểu ý bà con 🙏 Bà con chọn một mục dưới đây nhé. Cần người giúp tận nơi thì bấm «Gặp Tổ công nghệ số».";

    public const string NotUnderstoodInGuide =
        "Mình chưa hiểu ý bà con 🙏 Bà con chọn một mục dưới đây, hoặc gõ «quay lại» để trở về bước đang làm. Cần người giúp thì bấm «Gặp Tổ công nghệ số».";

    public const string Greeting = "Chào bà con 👋";

    public const string Thanks = "Dạ, không có gì ạ! Bà con cần gì thêm cứ nhắn mình nhé 😊";

    public const string StaleButton = "Nút này đã cũ rồi ạ. Bà con chọn lại từ menu nhé.";

    public const string AtTheBeginning = "Đây là bước đầu rồi ạ.";

    public const string TextOnly = "Mình chỉ đọc được tin nhắn chữ thôi ạ. Bà con bấm nút hoặc gõ chữ nhé.";

    public const string AfterOutage =
        "Xin lỗi bà con, vừa rồi Zalo gián đoạn nên mình chưa trả lời được tin trước 🙏 Bà con chọn lại mục cần xem dưới đây nhé.";

    public const string ChooseGuide = "Bà con muốn xem hướng dẫn nào ạ?";

    /// <summary>A question no guide answers, with the guides closest to it.</summary>
    public static string NoGuideClosest(IReadOnlyList<string> closest) =>
        "Mình chưa có hướng dẫn cho việc này 🙏 Gần nhất là «" + string.Join("», «", closest)
        + "». Cần người giúp thì bấm «" + HandoffButton + "», người trong Tổ sẽ hỗ trợ bà con.";

    /// <summary>A question no guide answers and no guide comes close to: what the guides do cover, and the team.</summary>
    public static string NoGuideAreas(IReadOnlyList<string> areas) =>
        "Mình chưa có hướng dẫn cho việc này 🙏 Mình hướng dẫn được: " + string.Join("; ", areas.Select(a => char.ToLowerInvariant(a[0]) + a[1..]))
        + ". Cần người giúp thì bấm «" + HandoffButton + "», người trong Tổ sẽ hỗ trợ bà con.";

    public static string NumberOutOfRange(int count) =>
        count == 1 ? "Ở đây chỉ có mục số 1 thôi ạ." : $"Bà con gõ số từ 1 đến {count} nhé.";

    public static string ResumeOffer(string guideTitle) =>
        $"Chào bà con 👋 Lần trước mình đang hướng dẫn «{guideTitle}». Bà con muốn làm tiếp, hay bắt đầu lại từ đầu?";

    /// <summary>The "cần chuẩn bị" step a guide opens on.</summary>
    public static string Intro(string title, IReadOnlyList<string> prepare, DateOnly? checkedOn)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        var text = new StringBuilder();
        text.Append("📋 ").Append(title).Append("\n\nBà con cần chuẩn bị:");
        foreach (var item in prepare)
        {
            text.Append("\n• ").Append(item);
        }

        if (checkedOn is { } date)
        {
            text.Append("\n\n(Thông tin kiểm tra ngày ").Append(date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(')');
        }

        text.Append("\n\nCó đủ rồi thì bấm «").Append(StartButton).Append("» nhé.");
        return text.ToString();
    }

    /// <summary>The text of a step as sent: menu steps also list their options by number, so "2" can be typed.</summary>
    public static string Render(Guide guide, GuideStep step)
    {
        ArgumentNullException.ThrowIfNull(guide);
        ArgumentNullException.ThrowIfNull(step);
        if (!guide.IsMenu || step.Buttons.Count == 0)
        {
            return step.Text;
        }

        var text = new StringBuilder(step.Text.TrimEnd()).Append('\n');
        for (var i = 0; i < step.Buttons.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. {step.Buttons[i].Title}");
        }

        return text.ToString();
    }

    /// <summary>What a new follower reads: the menu's welcome, then the main menu.</summary>
    public static string Welcome(Guide menu)
    {
        ArgumentNullException.ThrowIfNull(menu);
        return (menu.Welcome ?? "").TrimEnd() + "\n\n" + Render(menu, menu.Start);
    }
}
