using System.Globalization;

namespace ZaloBot.Handoff;

/// <summary>
/// What a handoff choice asks for, encoded under <c>ho/</c> as the action of a <c>Choice</c>; the resident's
/// conversation sends every <c>ho/</c> action here, and the guides' actions to the guides.
/// </summary>
public abstract record HandoffAction
{
    public const string Prefix = "ho/";

    /// <summary>This village (a tap on a candidate, or «Đúng rồi»).</summary>
    public sealed record ChooseVillage(long UnitId) : HandoffAction;

    /// <summary>Not that village: ask again.</summary>
    public sealed record OtherVillage : HandoffAction;

    /// <summary>The resident does not know the village name: ask the commune.</summary>
    public sealed record VillageUnknown : HandoffAction;

    public sealed record ChooseCommune(long UnitId) : HandoffAction;

    public sealed record OtherCommune : HandoffAction;

    public sealed record CommuneUnknown : HandoffAction;

    /// <summary>«Bỏ qua»: no name or phone.</summary>
    public sealed record SkipContact : HandoffAction;

    /// <summary>«Gửi yêu cầu».</summary>
    public sealed record Send : HandoffAction;

    /// <summary>«Hủy» before anything was sent.</summary>
    public sealed record Quit : HandoffAction;

    /// <summary>«Hủy yêu cầu» on a sent request: asks to confirm.</summary>
    public sealed record AskCancel(long RequestId) : HandoffAction;

    /// <summary>The confirmed cancel.</summary>
    public sealed record Cancel(long RequestId) : HandoffAction;

    /// <summary>«Không, giữ lại».</summary>
    public sealed record Keep(long RequestId) : HandoffAction;

    /// <summary>«Nhắn thêm cho Tổ».</summary>
    public sealed record AddNote(long RequestId) : HandoffAction;

    public string Encode() => Prefix + this switch
    {
        ChooseVillage v => "v/" + Id(v.UnitId),
        OtherVillage => "vn",
        VillageUnknown => "vk",
        ChooseCommune c => "c/" + Id(c.UnitId),
        OtherCommune => "cn",
        CommuneUnknown => "ck",
        SkipContact => "sk",
        Send => "ok",
        Quit => "q",
        AskCancel a => "xa/" + Id(a.RequestId),
        Cancel x => "x/" + Id(x.RequestId),
        Keep k => "k/" + Id(k.RequestId),
        AddNote n => "n/" + Id(n.RequestId),
        _ => throw new InvalidOperationException($"Unknown handoff action {GetType().Name}"),
    };

    public static HandoffAction? Decode(string? action)
    {
        if (action is null || !action.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = action[Prefix.Length..].Split('/');
        return parts switch
        {
            ["v", var id] when Parse(id) is { } unit => new ChooseVillage(unit),
            ["vn"] => new OtherVillage(),
            ["vk"] => new VillageUnknown(),
            ["c", var id] when Parse(id) is { } unit => new ChooseCommune(unit),
            ["cn"] => new OtherCommune(),
            ["ck"] => new CommuneUnknown(),
            ["sk"] => new SkipContact(),
            ["ok"] => new Send(),
            ["q"] => new Quit(),
            ["xa", var id] when Parse(id) is { } request => new AskCancel(request),
            ["x", var id] when Parse(id) is { } request => new Cancel(request),
            ["k", var id] when Parse(id) is { } request => new Keep(request),
            ["n", var id] when Parse(id) is { } request => new AddNote(request),
            _ => null,
        };
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static long? Parse(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
