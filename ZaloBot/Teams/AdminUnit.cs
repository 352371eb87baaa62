using ZaloBot.Text;

namespace ZaloBot.Teams;

/// <summary>
/// The levels of the administrative tree (domain.md §1.6): province → commune-level unit (xã, phường, đặc khu)
/// → village or residential group (thôn, bản, tổ dân phố). <see cref="District"/> is the level the 2025 reform
/// abolished; it is kept for data from before the reform.
/// </summary>
public enum UnitLevel
{
    Province,
    District,
    Commune,
    Village,
}

public static class UnitLevels
{
    /// <summary>The stored and wire form ("commune").</summary>
    public static string Code(this UnitLevel level) => level switch
    {
        UnitLevel.Province => "province",
        UnitLevel.District => "district",
        UnitLevel.Commune => "commune",
        UnitLevel.Village => "village",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>Vietnamese, as officials read it.</summary>
    public static string DisplayName(this UnitLevel level) => level switch
    {
        UnitLevel.Province => "tỉnh",
        UnitLevel.District => "huyện (cũ)",
        UnitLevel.Commune => "xã/phường/đặc khu",
        UnitLevel.Village => "thôn/bản/tổ dân phố",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>Reads a level as written in a CSV or a request: English codes or Vietnamese words, any case or accents.</summary>
    public static UnitLevel? Parse(string? text) => VietnameseText.FoldCompact(text) switch
    {
        "province" or "tinh" or "thanhphotrunguong" => UnitLevel.Province,
        "district" or "huyen" or "quan" or "thixa" or "huyencu" => UnitLevel.District,
        "commune" or "ward" or "xa" or "phuong" or "dackhu" or "thitran" or "capxa" => UnitLevel.Commune,
        "village" or "thon" or "ban" or "todanpho" or "tdp" or "khupho" or "lang" or "xom" or "ap" or "khom" => UnitLevel.Village,
        _ => null,
    };

    /// <summary>The levels a unit's parent may have; a province has none.</summary>
    public static IReadOnlyList<UnitLevel> ParentLevels(this UnitLevel level) => level switch
    {
        UnitLevel.Province => [],
        UnitLevel.District => [UnitLevel.Province],
        UnitLevel.Commune => [UnitLevel.Province, UnitLevel.District],
        UnitLevel.Village => [UnitLevel.Commune],
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    internal static UnitLevel FromCode(string code) =>
        Parse(code) ?? throw new InvalidOperationException($"Unknown unit level '{code}' in the database.");
}

/// <summary>One administrative unit. <see cref="Name"/> is the full name, with its kind ("Xã Hướng Lập").</summary>
public sealed record AdminUnit(long Id, string Code, UnitLevel Level, string Name, long? ParentId, string? ParentCode);
