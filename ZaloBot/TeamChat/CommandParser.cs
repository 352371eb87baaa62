using System.Text.RegularExpressions;
using ZaloBot.Teams;
using ZaloBot.Text;

namespace ZaloBot.TeamChat;

/// <summary>
/// Turns one chat line into a typed command, or says why it is not one. Pure: no database, no clock.
/// <list type="bullet">
/// <item>A command starts with <c>#</c> or <c>/</c>; anything else is <see cref="NotACommand"/>.</item>
/// <item>The keyword is matched folded and without spaces, so <c>#Đăng ký</c>, <c>#dang ky</c> and <c>#DANGKY</c> agree.</item>
/// <item>Arguments are split by <c>|</c>, <c>;</c> or new lines and may carry labels (<c>sđt:</c>, <c>thôn:</c>) in any order.</item>
/// <item>A line with a citizen-ID-like number is refused whole, so it is never stored.</item>
/// </list>
/// </summary>
public static partial class CommandParser
{
    private const int MaxNameLength = 80;
    private const int MaxVillageLength = 150;
    private const int MaxTextLength = 500;

    /// <summary>The privacy refusal; also shown by handlers that take free text.</summary>
    public const string CitizenIdProblem =
        "Vì an toàn thông tin, xin đừng gửi số CCCD/căn cước vào nhóm. Tin này không được lưu; hãy gõ lại lệnh mà không có số đó.";

    private static readonly string[] Honorifics = ["ông", "bà", "cụ", "anh", "chị", "cô", "chú", "bác", "dì"];

    // How people introduce themselves before their name; compared with diacritics, lower case.
    private static readonly string[] SelfIntroductions =
        ["tôi tên là", "tên tôi là", "em tên là", "mình tên là", "tôi là", "em là", "mình là", "cháu là", "tên là"];

    public static ParseResult Parse(string? text)
    {
        var line = VietnameseText.RemoveInvisible(VietnameseText.Nfc(text));
        var start = 0;
        while (start < line.Length && char.IsWhiteSpace(line[start]))
        {
            start++;
        }

        if (start == line.Length || !IsPrefix(line[start]))
        {
            return NotACommand.Instance;
        }

        while (start < line.Length && IsPrefix(line[start]))
        {
            start++;
        }

        var body = line[start..];
        var tokens = ReadKeywordTokens(body);

        // No keyword starts with a digit: "#1", "#2025" are list numbers and hashtags, not attempts at a command.
        if (tokens.Count == 0 || char.IsDigit(body[tokens[0].Start]))
        {
            return NotACommand.Instance;
        }

        for (var count = tokens.Count; count > 0; count--)
        {
            var candidate = body[tokens[0].Start..tokens[count - 1].End];
            if (CommandHelp.TryFindKeyword(VietnameseText.FoldCompact(candidate), out var kind))
            {
                return ParseArguments(kind, body[tokens[count - 1].End..]);
            }
        }

        return Unknown(body, tokens);
    }

    private static bool IsPrefix(char c) => c is '#' or '/' or '\uFF03';

    private static bool IsTokenChar(char c) => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static bool IsInlineSpace(char c) => c is not ('\n' or '\r') && char.IsWhiteSpace(c);

    /// <summary>Up to three words on the first line, as far as they are only separated by spaces: "dang ky", "Đăng Ký".</summary>
    private static List<(int Start, int End)> ReadKeywordTokens(string body)
    {
        var tokens = new List<(int Start, int End)>();
        var position = 0;
        while (tokens.Count < 3)
        {
            while (position < body.Length && IsInlineSpace(body[position]))
            {
                position++;
            }

            if (position == body.Length)
            {
                break;
            }

            var start = position;
            if (tokens.Count == 0 && body[position] == '?')
            {
                position++;
            }
            else
            {
                while (position < body.Length && IsTokenChar(body[position]))
                {
                    position++;
                }
            }

            if (position == start)
            {
                break;
            }

            tokens.Add((start, position));
            if (position < body.Length && !IsInlineSpace(body[position]))
            {
                break;
            }
        }

        return tokens;
    }

    private static UnknownCommand Unknown(string body, List<(int Start, int End)> tokens)
    {
        CommandKind? best = null;
        var bestDistance = int.MaxValue;
        var bestWord = body[tokens[0].Start..tokens[0].End];
        for (var count = 1; count <= tokens.Count; count++)
        {
            var typed = body[tokens[0].Start..tokens[count - 1].End];
            var folded = VietnameseText.FoldCompact(typed);
            foreach (var (kind, keyword) in CommandHelp.SuggestionKeywords)
            {
                var distance = VietnameseText.EditDistance(folded, keyword);
                if (distance < bestDistance && distance <= Tolerance(keyword))
                {
                    (best, bestDistance, bestWord) = (kind, distance, typed);
                }
            }
        }

        return new UnknownCommand(bestWord, best);
    }

    // Short keywords only forgive one slip, or "#ok" would suggest "#tk"; longer ones forgive two or three.
    private static int Tolerance(string keyword) => keyword.Length switch
    {
        <= 4 => 1,
        <= 8 => 2,
        _ => 3,
    };

    private static ParseResult ParseArguments(CommandKind kind, string rest)
    {
        rest = rest.TrimStart();
        if (rest.Length > 0 && rest[0] is ':' or '\uFF1A' or '-' or '–' or '—')
        {
            rest = rest[1..];
        }

        if (PhoneNumber.ContainsCitizenIdLike(rest))
        {
            return Malformed(kind, CitizenIdProblem);
        }

        var arguments = ArgumentReader.Read(rest);
        return kind switch
        {
            CommandKind.Bind => ParseBind(arguments),
            CommandKind.Register => ParseRegister(arguments),
            CommandKind.ReportAssist => ParseReportAssist(arguments),
            CommandKind.CorrectReport => ParseCorrectReport(arguments),
            CommandKind.CancelReport => ParseCode(arguments, kind, ShortCode.ReportPrefix, out var code) is { } problem
                ? Malformed(kind, problem)
                : new CancelReportCommand(code!),
            CommandKind.Stats => ParseStats(arguments),
            CommandKind.ListMembers => new ListMembersCommand(),
            CommandKind.RemoveMember => ParseRemoveMember(arguments),
            CommandKind.SetRole => ParseSetRole(arguments),
            CommandKind.Help => ParseHelp(arguments),
            CommandKind.ClaimRequest => ParseCode(arguments, kind, ShortCode.RequestPrefix, out var request) is { } claimProblem
                ? Malformed(kind, claimProblem)
                : new ClaimRequestCommand(request!),
            CommandKind.CompleteRequest => ParseCompleteRequest(arguments),
            CommandKind.ConfirmLink => ParseConfirmLink(arguments),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static MalformedCommand Malformed(CommandKind kind, string problem) =>
        new(kind, problem, CommandHelp.Usage(kind), CommandHelp.Example(kind));

    private static ParseResult ParseBind(List<Argument> arguments)
    {
        var given = Take(arguments, LabelKind.Code).Concat(Rest(arguments)).FirstOrDefault();
        if (given is null)
        {
            return Malformed(CommandKind.Bind, "Thiếu mã kết nối của tổ.");
        }

        // The code is one word; whatever follows it ("#ketnoi QT7K2M cảm ơn") is politeness, not code.
        var word = FirstWord(given);
        return BindCode.Normalize(word) is { } code
            ? new BindCommand(code)
            : Malformed(CommandKind.Bind, $"Mã kết nối “{word}” chưa đúng. Mã do cán bộ xã gửi cho tổ.");
    }

    private static ParseResult ParseRegister(List<Argument> arguments)
    {
        const CommandKind kind = CommandKind.Register;
        var names = Take(arguments, LabelKind.Name, LabelKind.Head);
        var phones = Take(arguments, LabelKind.Phone);
        if (names.Count > 1 || phones.Count > 1)
        {
            return Malformed(kind, "Mỗi lần chỉ đăng ký một người: một họ tên và một số điện thoại.");
        }

        var name = names.FirstOrDefault();
        var phoneText = phones.FirstOrDefault();
        foreach (var piece in Rest(arguments))
        {
            if (phoneText is null && LooksLikePhone(piece))
            {
                phoneText = piece;
            }
            else if (name is null)
            {
                name = piece;
            }
            else
            {
                return Malformed(kind, "Chỉ cần họ tên và số điện thoại, cách nhau bằng dấu |.");
            }
        }

        if (name is not null && phoneText is null && SplitPhone(name) is { } split)
        {
            (name, phoneText) = split;
        }

        if (name is null)
        {
            return Malformed(kind, phoneText is null ? "Thiếu họ tên và số điện thoại." : "Thiếu họ tên.");
        }

        if (phoneText is null)
        {
            return Malformed(kind, HasLongDigitRun(name)
                ? "Số điện thoại chưa đúng: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678)."
                : "Thiếu số điện thoại.");
        }

        if (PhoneNumber.Normalize(phoneText) is not { } phone)
        {
            return Malformed(kind, $"Số điện thoại “{phoneText}” chưa đúng: cần 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678).");
        }

        name = DropSelfIntroduction(name);
        if (PersonNameProblem(name, "Họ tên") is { } problem)
        {
            return Malformed(kind, problem);
        }

        return new RegisterCommand(VietnameseText.NameCase(name), phone);
    }

    /// <summary>Six digits, which may be typed in groups ("482 913") or after a "mã:" label; nothing else may follow.</summary>
    private static ParseResult ParseConfirmLink(List<Argument> arguments)
    {
        const CommandKind kind = CommandKind.ConfirmLink;
        var given = Take(arguments, LabelKind.Code).Concat(Rest(arguments)).ToList();
        if (given.Count == 0)
        {
            return Malformed(kind, "Thiếu mã xác nhận: 6 chữ số bot đã gửi vào nhóm Zalo của tổ.");
        }

        var typed = string.Join(' ', given);
        var digits = typed.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit)
            ? new ConfirmLinkCommand(digits)
            : Malformed(kind, $"Mã “{Quote(typed)}” chưa đúng: mã xác nhận gồm 6 chữ số.");
    }

    private static ParseResult ParseReportAssist(List<Argument> arguments)
    {
        const CommandKind kind = CommandKind.ReportAssist;
        var fields = ReadAssistFields(arguments, out var fieldProblem);
        if (fieldProblem is not null)
        {
            return Malformed(kind, fieldProblem);
        }

        if (fields.Head is null)
        {
            return Malformed(kind, "Thiếu tên chủ hộ.");
        }

        if (fields.Village is null)
        {
            return Malformed(kind, "Thiếu thôn hoặc địa chỉ của hộ.");
        }

        if (fields.WhatWasDone is null)
        {
            return Malformed(kind, "Thiếu nội dung đã hỗ trợ.");
        }

        return new ReportAssistCommand(fields.Head, fields.Village, fields.WhatWasDone, CategoryDetector.Detect(fields.WhatWasDone));
    }

    private static ParseResult ParseCorrectReport(List<Argument> arguments)
    {
        const CommandKind kind = CommandKind.CorrectReport;
        if (ParseCode(arguments, kind, ShortCode.ReportPrefix, out var code) is { } codeProblem)
        {
            return Malformed(kind, codeProblem);
        }

        var fields = ReadAssistFields(arguments, out var fieldProblem);
        if (fieldProblem is not null)
        {
            return Malformed(kind, fieldProblem);
        }

        if (fields is { Head: null, Village: null, WhatWasDone: null })
        {
            return Malformed(kind, $"Chưa có nội dung cần sửa cho {code}.");
        }

        var categories = fields.WhatWasDone is null ? null : CategoryDetector.Detect(fields.WhatWasDone);
        return new CorrectReportCommand(code!, fields.Head, fields.Village, fields.WhatWasDone, categories);
    }

    private sealed record AssistFields(string? Head, string? Village, string? WhatWasDone);

    /// <summary>
    /// Head, village and what-was-done, labelled or in that order. Unlabelled pieces beyond the second all belong to
    /// what-was-done, since ';' is both a separator and natural punctuation in a description; so do pieces with a
    /// label that has no field here.
    /// </summary>
    private static AssistFields ReadAssistFields(List<Argument> arguments, out string? problem)
    {
        problem = null;
        var heads = Take(arguments, LabelKind.Head, LabelKind.Name);
        if (heads.Count > 1)
        {
            problem = "Mỗi lần chỉ báo một hộ; hãy gõ #hotro riêng cho từng hộ.";
            return new AssistFields(null, null, null);
        }

        var villages = Take(arguments, LabelKind.Village, LabelKind.Address);
        var head = heads.FirstOrDefault();
        var village = villages.Count > 0 ? string.Join(", ", villages) : null;

        var what = new List<string>();
        foreach (var argument in arguments.Where(a => !a.Used))
        {
            argument.Used = true;
            if (argument.Label is LabelKind.Assist or LabelKind.Note)
            {
                what.Add(argument.Value);
            }
            else if (argument.Label is not null)
            {
                // A label this command has no field for ("sđt: …") is part of the description, never the head or village.
                what.Add(argument.Raw);
            }
            else if (head is null)
            {
                head = argument.Raw;
            }
            else if (village is null)
            {
                village = argument.Raw;
            }
            else
            {
                what.Add(argument.Raw);
            }
        }

        var whatWasDone = what.Count > 0 ? string.Join("; ", what) : null;
        if (head is not null)
        {
            head = CleanHeadName(head);
            problem = PersonNameProblem(head, "Tên chủ hộ", allowDigits: true);
        }

        if (village is { Length: > MaxVillageLength })
        {
            problem ??= $"Thôn/địa chỉ dài quá (tối đa {MaxVillageLength} ký tự).";
        }

        if (whatWasDone is { Length: > MaxTextLength })
        {
            problem ??= $"Nội dung hỗ trợ dài quá (tối đa {MaxTextLength} ký tự).";
        }

        return new AssistFields(head, village, whatWasDone);
    }

    /// <summary>"tôi là Nguyễn Văn An" → "Nguyễn Văn An".</summary>
    private static string DropSelfIntroduction(string name)
    {
        var lower = name.ToLowerInvariant();
        foreach (var phrase in SelfIntroductions)
        {
            if (lower.StartsWith(phrase + " ", StringComparison.Ordinal))
            {
                return name[(phrase.Length + 1)..].Trim();
            }
        }

        return name;
    }

    /// <summary>"Hộ ông Nguyễn Văn An" → "Nguyễn Văn An": words that say "household" or "Mr/Mrs" are not the name.</summary>
    private static string CleanHeadName(string head)
    {
        var words = head.Split(' ').ToList();
        if (words.Count > 2 && IsWord(words[0], "chủ") && IsWord(words[1], "hộ"))
        {
            words.RemoveRange(0, 2);
        }
        else if (words.Count > 2 && IsWord(words[0], "gia") && IsWord(words[1], "đình"))
        {
            words.RemoveRange(0, 2);
        }
        else if (words.Count > 1 && IsWord(words[0], "hộ"))
        {
            words.RemoveAt(0);
        }

        // "Bà Hoa" stays as people say it; "Bà Lê Thị Hoa" loses the title.
        if (words.Count > 2 && Honorifics.Any(h => IsWord(words[0], h)))
        {
            words.RemoveAt(0);
        }

        var cleaned = VietnameseText.NameCase(string.Join(' ', words));
        return cleaned.Length > 0 && char.IsLower(cleaned[0]) ? char.ToUpperInvariant(cleaned[0]) + cleaned[1..] : cleaned;
    }

    // Exact with diacritics: without them "ho", "chu", "ba" are also family names (Hồ, Chu) and given names.
    private static bool IsWord(string word, string expected) =>
        string.Equals(word.ToLowerInvariant(), expected, StringComparison.Ordinal);

    /// <summary>
    /// Reads the report or request code from a "mã:" label or the start of the first unlabelled piece; whatever
    /// follows the code in that piece becomes the next piece ("HT-12 Nguyễn Văn An").
    /// </summary>
    private static string? ParseCode(List<Argument> arguments, CommandKind kind, string prefix, out string? code)
    {
        code = null;
        var example = ShortCode.Format(prefix, 1);
        var labelled = Take(arguments, LabelKind.Code);
        if (labelled.Count > 0)
        {
            var number = ShortCode.Parse(labelled[0], prefix);
            code = number is null ? null : ShortCode.Format(prefix, number.Value);
            return code is null ? $"Mã “{Quote(labelled[0])}” chưa đúng; mã có dạng {example}." : null;
        }

        var index = arguments.FindIndex(a => !a.Used && a.Label is null);
        if (index < 0)
        {
            return kind == CommandKind.CorrectReport || kind == CommandKind.CancelReport
                ? $"Thiếu mã báo cáo (dạng {example}), có trong tin trả lời khi báo #hotro."
                : $"Thiếu mã yêu cầu (dạng {example}).";
        }

        var raw = arguments[index].Raw;
        if (!ShortCode.TryParseLeading(raw, prefix, out var parsed, out var length))
        {
            return $"Mã “{Quote(FirstWord(raw))}” chưa đúng; mã có dạng {example}.";
        }

        code = ShortCode.Format(prefix, parsed);
        arguments.RemoveAt(index);
        var remainder = raw[length..].TrimStart(' ', ':', '-', ',', '.');
        if (remainder.Length > 0)
        {
            arguments.InsertRange(index, ArgumentReader.Read(remainder));
        }

        return null;
    }

    private static ParseResult ParseCompleteRequest(List<Argument> arguments)
    {
        const CommandKind kind = CommandKind.CompleteRequest;
        if (ParseCode(arguments, kind, ShortCode.RequestPrefix, out var code) is { } problem)
        {
            return Malformed(kind, problem);
        }

        var notes = arguments.Where(a => !a.Used)
            .Select(a => a.Label is LabelKind.Note or LabelKind.Assist ? a.Value : a.Raw)
            .ToList();
        var note = notes.Count > 0 ? string.Join("; ", notes) : null;
        return note is { Length: > MaxTextLength }
            ? Malformed(kind, $"Ghi chú dài quá (tối đa {MaxTextLength} ký tự).")
            : new CompleteRequestCommand(code!, note);
    }

    private static ParseResult ParseStats(List<Argument> arguments)
    {
        var given = string.Join(' ', arguments.Select(a => a.Raw));
        StatsPeriod? period = VietnameseText.FoldCompact(given) switch
        {
            "" or "thang" or "thangnay" or "month" => StatsPeriod.Month,
            "tuan" or "tuannay" or "week" => StatsPeriod.Week,
            "nam" or "namnay" or "year" => StatsPeriod.Year,
            "tatca" or "all" or "toanbo" or "tudau" => StatsPeriod.All,
            _ => null,
        };
        return period is { } value
            ? new StatsCommand(value)
            : Malformed(CommandKind.Stats, $"Chưa hiểu “{Quote(given)}”: chọn tuần, tháng, năm hoặc tất cả.");
    }

    private static HelpCommand ParseHelp(List<Argument> arguments)
    {
        var topic = arguments.Select(a => a.Raw).FirstOrDefault();
        return topic is not null && CommandHelp.TryFindKeyword(VietnameseText.FoldCompact(topic.TrimStart('#', '/')), out var kind)
            ? new HelpCommand(kind)
            : new HelpCommand(null);
    }

    private static ParseResult ParseRemoveMember(List<Argument> arguments)
    {
        const CommandKind kind = CommandKind.RemoveMember;
        var names = Take(arguments, LabelKind.Name);
        var phones = Take(arguments, LabelKind.Phone);
        var rest = Rest(arguments);
        return ReadMember(names, phones, rest, out var member) is { } problem
            ? Malformed(kind, problem)
            : new RemoveMemberCommand(member!);
    }

    private static ParseResult ParseSetRole(List<Argument> arguments)
    {
        const CommandKind kind = CommandKind.SetRole;
        var names = Take(arguments, LabelKind.Name);
        var phones = Take(arguments, LabelKind.Phone);
        var roles = Take(arguments, LabelKind.Role);
        var rest = Rest(arguments);

        MemberRole? role = null;
        string? unknownRole = null;
        if (roles.Count > 0)
        {
            role = ParseRole(roles[^1]);
            unknownRole = role is null ? roles[^1] : null;
        }
        else
        {
            // The role is the last piece that reads as one ("#vaitro Trường | tp": Trường is a name, tp the role).
            var index = rest.FindLastIndex(piece => ParseRole(piece) is not null);
            if (index >= 0)
            {
                role = ParseRole(rest[index]);
                rest.RemoveAt(index);
            }
            else if (rest.Count == 1 && SplitRole(rest[0]) is { } split)
            {
                (rest[0], role) = split;
            }
            else if (rest.Count > 1)
            {
                unknownRole = rest[^1];
                rest.RemoveAt(rest.Count - 1);
            }
        }

        if (ReadMember(names, phones, rest, out var member) is { } problem)
        {
            return Malformed(kind, problem);
        }

        if (role is null)
        {
            return Malformed(kind, unknownRole is null
                ? "Thiếu vai trò: tổ trưởng, tổ phó hoặc thành viên."
                : $"Chưa hiểu vai trò “{Quote(unknownRole)}”: chọn tổ trưởng, tổ phó hoặc thành viên.");
        }

        return new SetRoleCommand(member!, role.Value);
    }

    /// <summary>A member named by name and/or phone. Returns the problem, or null with the member set.</summary>
    private static string? ReadMember(List<string> names, List<string> phones, List<string> rest, out MemberRef? member)
    {
        member = null;
        var name = names.FirstOrDefault();
        var phoneText = phones.FirstOrDefault();
        foreach (var piece in rest)
        {
            if (phoneText is null && LooksLikePhone(piece))
            {
                phoneText = piece;
            }
            else if (name is null)
            {
                name = piece;
            }
            else
            {
                return "Mỗi lần chỉ ghi một thành viên.";
            }
        }

        if (name is null && phoneText is null)
        {
            return "Thiếu họ tên hoặc số điện thoại của thành viên.";
        }

        string? phone = null;
        if (phoneText is not null && (phone = PhoneNumber.Normalize(phoneText)) is null)
        {
            return $"Số điện thoại “{Quote(phoneText)}” chưa đúng: cần 10 chữ số, bắt đầu bằng 0.";
        }

        if (name is not null)
        {
            // "@Trần Thị Bình" is how people point at someone in a group.
            name = name.TrimStart('@').Trim();
            if (PersonNameProblem(name, "Họ tên") is { } problem)
            {
                return problem;
            }
        }

        member = new MemberRef(name, phone);
        return null;
    }

    /// <summary>The role a whole piece names: "tổ trưởng", "to truong", "tt", "tổ phó", "tp", "thành viên", "tv".</summary>
    private static MemberRole? ParseRole(string text) => VietnameseText.FoldCompact(text).TrimEnd('.') switch
    {
        "totruong" or "tt" or "truong" or "leader" => MemberRole.Leader,
        "topho" or "tp" or "pho" or "deputy" => MemberRole.Deputy,
        "thanhvien" or "tv" or "member" => MemberRole.Member,
        _ => null,
    };

    /// <summary>"Trần Thị Bình tổ phó" → ("Trần Thị Bình", Deputy). Bare "trưởng"/"phó" are not split off: they end names.</summary>
    private static (string Name, MemberRole Role)? SplitRole(string piece)
    {
        var words = piece.Split(' ');
        for (var take = Math.Min(2, words.Length - 1); take >= 1; take--)
        {
            var tail = VietnameseText.FoldCompact(string.Join(' ', words[^take..]));
            MemberRole? role = tail switch
            {
                "totruong" or "tt" => MemberRole.Leader,
                "topho" or "tp" => MemberRole.Deputy,
                "thanhvien" or "tv" => MemberRole.Member,
                _ => null,
            };
            if (role is not null)
            {
                return (string.Join(' ', words[..^take]).TrimEnd(',', '-', ':').Trim(), role.Value);
            }
        }

        return null;
    }

    /// <summary>"Nguyễn Văn An 0912 345 678" or "0912345678 Nguyễn Văn An" → name and phone text.</summary>
    private static (string Name, string Phone)? SplitPhone(string piece)
    {
        var words = piece.Split(' ');
        for (var take = Math.Min(4, words.Length - 1); take >= 1; take--)
        {
            var tail = string.Join(' ', words[^take..]);
            if (PhoneNumber.Normalize(tail) is not null)
            {
                return (TrimPhoneLabel(words[..^take]), tail);
            }

            var head = string.Join(' ', words[..take]);
            if (PhoneNumber.Normalize(head) is not null)
            {
                return (string.Join(' ', words[take..]), head);
            }
        }

        return null;
    }

    /// <summary>Drops a phone label left in front of the number ("Nguyễn Văn An sđt 0912…" without a colon).</summary>
    private static string TrimPhoneLabel(string[] words)
    {
        for (var take = Math.Min(3, words.Length - 1); take >= 1; take--)
        {
            var tail = VietnameseText.Fold(string.Join(' ', words[^take..])).TrimEnd(':', '-', ',', ' ');
            if (ArgumentReader.IsPhoneLabel(tail))
            {
                return string.Join(' ', words[..^take]).TrimEnd(',', '-', ':', ' ');
            }
        }

        return string.Join(' ', words).TrimEnd(',', '-', ':', ' ');
    }

    private static string? PersonNameProblem(string name, string field, bool allowDigits = false)
    {
        if (!name.Any(char.IsLetter))
        {
            return $"{field} “{Quote(name)}” chưa đúng.";
        }

        if (!allowDigits && name.Any(char.IsDigit))
        {
            return $"{field} không được có chữ số; số điện thoại ghi sau dấu |.";
        }

        return name.Length > MaxNameLength ? $"{field} dài quá (tối đa {MaxNameLength} ký tự)." : null;
    }

    /// <summary>Mostly digits, so it was meant as a phone number even if it is not a valid one.</summary>
    private static bool LooksLikePhone(string text) =>
        text.Count(char.IsAsciiDigit) >= 6 && !text.Any(char.IsLetter);

    private static bool HasLongDigitRun(string text) => LongDigitRun().IsMatch(text);

    private static List<string> Take(List<Argument> arguments, params LabelKind[] kinds)
    {
        var values = new List<string>();
        foreach (var argument in arguments)
        {
            if (!argument.Used && argument.Label is { } label && kinds.Contains(label))
            {
                argument.Used = true;
                values.Add(argument.Value);
            }
        }

        return values;
    }

    /// <summary>Every piece not taken yet, as typed (a label this command has no use for stays in the text).</summary>
    private static List<string> Rest(List<Argument> arguments)
    {
        var values = new List<string>();
        foreach (var argument in arguments.Where(a => !a.Used))
        {
            argument.Used = true;
            values.Add(argument.Raw);
        }

        return values;
    }

    private static string FirstWord(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text : text[..space];
    }

    // Problems quote what was typed; keep the quote short on a phone screen.
    private static string Quote(string text) => text.Length <= 30 ? text : text[..27] + "…";

    [GeneratedRegex("[0-9]{7,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongDigitRun();
}
