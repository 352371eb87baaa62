using ZaloBot.Text;

namespace ZaloBot.TeamChat;

/// <summary>The field a label names. Each command decides what a label means for it ("tên:" is the head in #hotro).</summary>
internal enum LabelKind
{
    Name,
    Phone,
    Head,
    Village,
    Address,
    Assist,
    Role,
    Note,
    Code,
}

/// <summary>One argument: positional (no label) or labelled ("sđt: 0912…").</summary>
internal sealed class Argument(LabelKind? label, string value, string raw)
{
    public LabelKind? Label { get; } = label;

    /// <summary>The value without its label; a village label's word is kept in front ("thôn: Tân Lập" → "Thôn Tân Lập").</summary>
    public string Value { get; } = value;

    /// <summary>The argument as typed, label included; used when a command has no use for the label.</summary>
    public string Raw { get; } = raw;

    public bool Used { get; set; }
}

/// <summary>
/// Splits what follows a command keyword into arguments: separated by '|', ';' or new lines, and labelled where
/// a known label and a colon start a piece. Within one piece a distinctive label ("sđt:", "thôn:") also starts a
/// new argument, so "tên: An sđt: 0912…" works on one line; short labels ("tên:", "hộ:") only count at the start
/// of a piece, so a sentence like "hướng dẫn cho hộ: …" is not cut.
/// </summary>
internal static class ArgumentReader
{
    private static readonly char[] Separators = ['|', ';', '\n', '\r', '\uFF5C', '\uFF1B'];

    private sealed record LabelDefinition(string Folded, LabelKind Kind, bool Distinctive, string? VillageWord = null);

    // Longest first, so "so dien thoai" wins over "dien thoai" and "ten chu ho" over "chu ho".
    private static readonly LabelDefinition[] Labels = new LabelDefinition[]
    {
        new("ten", LabelKind.Name, false),
        new("ho ten", LabelKind.Name, true),
        new("hoten", LabelKind.Name, true),
        new("ho va ten", LabelKind.Name, true),
        new("ten thanh vien", LabelKind.Name, true),
        new("sdt", LabelKind.Phone, true),
        new("so dt", LabelKind.Phone, true),
        new("dt", LabelKind.Phone, false),
        new("dien thoai", LabelKind.Phone, true),
        new("so dien thoai", LabelKind.Phone, true),
        new("phone", LabelKind.Phone, false),
        new("ho", LabelKind.Head, false),
        new("chu ho", LabelKind.Head, true),
        new("ten chu ho", LabelKind.Head, true),
        new("ho gia dinh", LabelKind.Head, true),
        new("thon", LabelKind.Village, true, "Thôn"),
        new("ban", LabelKind.Village, false, "Bản"),
        new("lang", LabelKind.Village, false, "Làng"),
        new("xom", LabelKind.Village, false, "Xóm"),
        new("ap", LabelKind.Village, false, "Ấp"),
        new("to dan pho", LabelKind.Village, true, "Tổ dân phố"),
        new("tdp", LabelKind.Village, true, "Tổ dân phố"),
        new("khu pho", LabelKind.Village, true, "Khu phố"),
        new("dia chi", LabelKind.Address, true),
        new("dc", LabelKind.Address, false),
        new("noi o", LabelKind.Address, true),
        new("ho tro", LabelKind.Assist, true),
        new("da ho tro", LabelKind.Assist, true),
        new("ho tro gi", LabelKind.Assist, true),
        new("noi dung", LabelKind.Assist, true),
        new("noi dung ho tro", LabelKind.Assist, true),
        new("nd", LabelKind.Assist, false),
        new("viec", LabelKind.Assist, false),
        new("cong viec", LabelKind.Assist, true),
        new("viec da lam", LabelKind.Assist, true),
        new("da lam", LabelKind.Assist, false),
        new("vai tro", LabelKind.Role, true),
        new("vaitro", LabelKind.Role, false),
        new("chuc vu", LabelKind.Role, true),
        new("vt", LabelKind.Role, false),
        new("ghi chu", LabelKind.Note, true),
        new("gc", LabelKind.Note, false),
        new("note", LabelKind.Note, false),
        new("ma", LabelKind.Code, false),
        new("ma so", LabelKind.Code, false),
        new("ma ho tro", LabelKind.Code, true),
        new("ma bao cao", LabelKind.Code, true),
        new("ma yeu cau", LabelKind.Code, true),
        new("ma ket noi", LabelKind.Code, true),
    }.OrderByDescending(label => label.Folded.Length).ToArray();

    public static List<Argument> Read(string text)
    {
        var arguments = new List<Argument>();
        foreach (var piece in text.Split(Separators))
        {
            var segment = VietnameseText.CollapseWhitespace(piece);
            if (segment.Length > 0)
            {
                ReadSegment(segment, arguments);
            }
        }

        return arguments;
    }

    /// <summary>True when the folded text is one of the phone labels ("sđt", "số điện thoại"…).</summary>
    public static bool IsPhoneLabel(string folded) =>
        Labels.Any(label => label.Kind == LabelKind.Phone && label.Folded == folded);

    private static void ReadSegment(string segment, List<Argument> arguments)
    {
        var folded = VietnameseText.FoldAligned(segment);
        var hits = new List<(int Start, int Colon, LabelDefinition Label)>();
        for (var colon = 0; colon < segment.Length; colon++)
        {
            if (segment[colon] is not (':' or '\uFF1A'))
            {
                continue;
            }

            var end = colon;
            while (end > 0 && folded[end - 1] == ' ')
            {
                end--;
            }

            foreach (var label in Labels)
            {
                var start = end - label.Folded.Length;
                var previousColon = hits.Count > 0 ? hits[^1].Colon : -1;
                if (start > previousColon && (start == 0 || (label.Distinctive && folded[start - 1] == ' '))
                    && folded.AsSpan(start, label.Folded.Length).SequenceEqual(label.Folded))
                {
                    hits.Add((start, colon, label));
                    break;
                }
            }
        }

        if (hits.Count == 0)
        {
            arguments.Add(new Argument(null, segment, segment));
            return;
        }

        var lead = TrimValue(segment[..hits[0].Start]);
        if (lead.Length > 0)
        {
            arguments.Add(new Argument(null, lead, lead));
        }

        for (var i = 0; i < hits.Count; i++)
        {
            var (start, colon, label) = hits[i];
            var next = i + 1 < hits.Count ? hits[i + 1].Start : segment.Length;
            var value = TrimValue(segment[(colon + 1)..next]);
            if (value.Length == 0)
            {
                // "sđt:" with nothing after it is the same as no phone; the command reports what is missing.
                continue;
            }

            if (label.VillageWord is { } word && !StartsWithWord(VietnameseText.Fold(value), VietnameseText.Fold(word)))
            {
                value = word + " " + value;
            }

            arguments.Add(new Argument(label.Kind, value, TrimValue(segment[start..next])));
        }
    }

    private static string TrimValue(string text) => text.Trim().TrimEnd(',').Trim();

    private static bool StartsWithWord(string folded, string word) =>
        folded.StartsWith(word, StringComparison.Ordinal) && (folded.Length == word.Length || folded[word.Length] == ' ');
}
