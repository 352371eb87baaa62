using ZaloBot.Admin.Reports;
using ZaloBot.Broadcasts;
using ZaloBot.Zalo;

namespace ZaloBot.Admin.Pages;

/// <summary>What an official writes for an announcement, as the compose and edit forms post it.</summary>
public sealed class BroadcastForm
{
    public static IReadOnlyList<(string Code, string Name)> Audiences { get; } =
    [
        ("groups", "Nhóm Zalo của các tổ"),
        ("members", "Thành viên các tổ (tin 1:1)"),
        ("residents", "Người dân quan tâm OA (tin 1:1)"),
    ];

    public string? Title { get; set; }

    public string? Text { get; set; }

    public string? ImageUrl { get; set; }

    public string Audience { get; set; } = "groups";

    public List<string> UnitCodes { get; set; } = [];

    public bool Urgent { get; set; }

    public CreateBroadcastRequest ToRequest() => new(Title, Text, ImageUrl, Audience, UnitCodes, Urgent);

    public static BroadcastForm Of(BroadcastItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new()
        {
            Title = item.Title, Text = item.Text, ImageUrl = item.ImageUrl, Audience = item.Audience,
            UnitCodes = item.Units.Select(u => u.Code).ToList(), Urgent = item.Urgent,
        };
    }

    /// <summary>Characters of the message as Zalo receives it (title, blank line, text), against <see cref="ZaloText.MaxLength"/>.</summary>
    public int Length => BroadcastStore.Compose(Title?.Trim() ?? "", Text?.Trim() ?? "").Length;
}

/// <summary>The form's fields with their errors, the officer's units to choose from, and the preview when asked for.</summary>
public sealed record BroadcastFormView(
    BroadcastForm Draft, IReadOnlyList<UnitOption> Units, IReadOnlyDictionary<string, string[]> Errors, PreviewItem? Preview)
{
    public string? Error(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>
    /// How a page shows a refusal: field errors beside their fields, or one reason on top with the API's status for it
    /// (403 for units outside the officer's commune, 409 for an announcement already sent).
    /// </summary>
    public static (IReadOnlyDictionary<string, string[]> Errors, string? Reason, int? Status) Show(BroadcastRefusal? refusal) => refusal switch
    {
        null => (new Dictionary<string, string[]>(), null, null),
        { Kind: BroadcastRefusalKind.Invalid } => (refusal.Errors, null, null),
        { Kind: BroadcastRefusalKind.OutOfScope } => (new Dictionary<string, string[]>(), refusal.Text, StatusCodes.Status403Forbidden),
        _ => (new Dictionary<string, string[]>(), refusal.Text, StatusCodes.Status409Conflict),
    };
}
