using ZaloBot.Text;

namespace ZaloBot.Handoff;

/// <summary>
/// Short answers residents type instead of tapping: yes, no, cancel, skip, "I don't know". Compared folded, as the
/// whole message give or take polite words ("dạ đúng rồi ạ", "không biết nữa"), so a village name is never read as one.
/// </summary>
public static class ResidentWords
{
    private static readonly HashSet<string> Polite = new(StringComparer.Ordinal)
    {
        "a", "ah", "ak", "nhe", "nha", "nhen", "di", "oi", "ad", "admin", "bot", "minh", "toi", "em", "con", "chau", "vay", "nua",
    };

    private static readonly HashSet<string> Yes = new(StringComparer.Ordinal)
    {
        "dung", "dung roi", "phai", "phai roi", "vang", "da", "da vang", "da dung", "da dung roi", "da phai", "co", "u", "uh", "um", "ok",
        "oke", "okay", "oki", "chinh xac", "dung vay", "dong y", "gui", "gui yeu cau", "duoc", "duoc roi", "yes",
    };

    private static readonly HashSet<string> No = new(StringComparer.Ordinal)
    {
        "khong", "khong phai", "sai", "sai roi", "ko", "k", "kg", "hong", "khong dung", "chua dung", "da khong", "da khong phai", "khong co", "ko co", "no",
    };

    private static readonly HashSet<string> Cancel = new(StringComparer.Ordinal)
    {
        "huy", "huy bo", "huy yeu cau", "huy yc", "thoi", "thoi khong can", "khong can", "khong can nua", "cancel", "huy giup",
    };

    private static readonly HashSet<string> Skip = new(StringComparer.Ordinal)
    {
        "bo qua", "khong chia se", "skip", "khoi", "thoi khoi",
    };

    private static readonly string[] DontKnow = ["khong biet", "ko biet", "k biet", "chua biet", "khong nho", "ko nho", "k nho", "quen"];

    public static bool IsYes(string? text) => Yes.Contains(Core(text));

    public static bool IsNo(string? text) => No.Contains(Core(text));

    public static bool IsCancel(string? text) => Cancel.Contains(Core(text));

    public static bool IsSkip(string? text) => Skip.Contains(Core(text));

    /// <summary>"Không biết", "tôi không nhớ tên thôn", "quên rồi".</summary>
    public static bool IsDontKnow(string? text)
    {
        var core = " " + Core(text) + " ";
        return DontKnow.Any(phrase => core.Contains(" " + phrase + " ", StringComparison.Ordinal));
    }

    private static string Core(string? text) =>
        string.Join(' ', VietnameseText.NormalizeName(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !Polite.Contains(w)));
}
