using System.Globalization;
using System.Text;
using ZaloBot.Teams;

namespace ZaloBot.Handoff;

/// <summary>
/// Everything the handoff says. To residents: short, warm, one question at a time. To team groups: plain text (no
/// buttons in groups), the code first, the command to type last. Phones only ever appear masked.
/// </summary>
public static class HandoffTexts
{
    public const string YesButton = "Đúng rồi";
    public const string NoButton = "Không phải";
    public const string OtherVillageButton = "Thôn khác";
    public const string NotListedButton = "Không có ở đây";
    public const string VillageUnknownButton = "Không nhớ tên thôn";
    public const string CommuneUnknownButton = "Không nhớ tên xã";
    public const string QuitButton = "Hủy";
    public const string SkipContactButton = "Bỏ qua";
    public const string SendButton = "Gửi yêu cầu";
    public const string ChangeVillageButton = "Sửa thôn";
    public const string CancelRequestButton = "Hủy yêu cầu";
    public const string KeepRequestButton = "Không, giữ lại";
    public const string AddNoteButton = "Nhắn thêm cho Tổ";
    public const string StopNoteButton = "Thôi";

    private const string Intro = "Dạ, mình sẽ nhờ người trong Tổ công nghệ số ở gần bà con giúp 🙏";

    public const string AskVillage = Intro + "\nBà con ở thôn, bản hay tổ dân phố nào ạ? Bà con gõ tên thôn (và tên xã) giúp mình nhé.";

    public const string AskVillageAgain = "Dạ, bà con gõ tên thôn, bản hoặc tổ dân phố của mình nhé.";

    public const string ChooseVillage = "Bà con ở thôn nào dưới đây ạ? Bấm tên thôn, hoặc gõ số.";

    public const string AskCommune = "Không sao ạ. Bà con ở xã, phường nào ạ? Bà con gõ tên xã giúp mình nhé.";

    public const string ChooseCommune = "Bà con ở xã, phường nào dưới đây ạ? Bấm tên, hoặc gõ số.";

    public const string PlaceUnknown =
        "Không sao ạ 🙏 Bà con nhờ trưởng thôn (hoặc tổ trưởng tổ dân phố), hoặc hỏi ở UBND xã, phường để gặp người trong Tổ giúp tận tay nhé.";

    public const string AskNeed = "Bà con cần Tổ giúp việc gì ạ? Gõ ngắn gọn thôi, ví dụ: «cài VNeID cho mẹ», «mở ví Mobile Money».";

    public const string NoCitizenId = "Vì an toàn, bà con đừng gửi số CCCD nhé. Bà con gõ lại, không kèm số đó ạ.";

    public const string ContactCardTitle = "Tổ công nghệ số cộng đồng";

    public const string ContactCardSubtitle = "Chia sẻ tên và số điện thoại để người trong Tổ gọi lại cho bà con.";

    public const string AskContact =
        "Để người trong Tổ gọi lại được, bà con bấm chia sẻ tên và số điện thoại ở tin trên nhé. Không muốn chia sẻ thì bấm «Bỏ qua» ạ.";

    public const string Quit = "Dạ, mình chưa gửi gì cho Tổ. Khi cần, bà con cứ bấm «Gặp Tổ công nghệ số» nhé.";

    public const string TextOnly = "Mình chỉ đọc được tin nhắn chữ thôi ạ.";

    public const string StaleButton = "Nút này đã cũ rồi ạ.";

    public const string AskNote = "Bà con muốn nhắn gì thêm cho Tổ ạ? Gõ ngắn gọn nhé.";

    public const string NoteStopped = "Dạ vâng ạ.";

    public static string RememberedVillage(Place place) =>
        $"{Intro}\nBà con vẫn ở {place.Display} phải không ạ?";

    /// <summary>One place to confirm; found by a former name, it says plainly what the place is called today.</summary>
    public static string ConfirmPlace(Place place)
    {
        ArgumentNullException.ThrowIfNull(place);
        return (place.NamedAs, place.CommuneName) switch
        {
            (null, _) => $"Bà con ở {place.Display} phải không ạ?",
            ({ } former, null) => $"{PlaceMatcher.FormerLabel(former, place.Name, withDistrict: true)} nay thuộc {place.Name} — đúng không ạ?",
            ({ } former, { } commune) =>
                $"{PlaceMatcher.FormerLabel(former, commune, withDistrict: true)} nay thuộc {commune}. Bà con ở {place.Display} phải không ạ?",
        };
    }

    public static string PlaceNotFound(string typed, bool commune) => commune
        ? $"Mình chưa tìm thấy xã «{typed}» 🙏 Bà con gõ lại tên xã, phường nhé."
        : $"Mình chưa tìm thấy thôn «{typed}» 🙏 Bà con gõ lại tên thôn, bản hoặc tổ dân phố nhé. Không nhớ thì bấm «{VillageUnknownButton}».";

    public static string TooManyPlaces(string typed) =>
        $"Có nhiều thôn tên «{typed}» ở các xã khác nhau. Bà con gõ cả tên thôn và tên xã nhé, ví dụ: «{typed}, xã …».";

    /// <summary>A choice of places, numbered so the resident can also type the number.</summary>
    public static string Numbered(string question, IReadOnlyList<Place> places)
    {
        ArgumentNullException.ThrowIfNull(places);
        var text = new StringBuilder(question).Append('\n');
        for (var i = 0; i < places.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{i + 1}. {places[i].Described}");
        }

        return text.ToString();
    }

    public static string NoTeam(string place) =>
        $"Ở {place} hiện chưa có Tổ công nghệ số nào nhận tin qua Zalo 🙏 Bà con nhờ trưởng thôn, hoặc hỏi ở UBND xã, phường để gặp người trong Tổ giúp tận tay nhé.";

    public static string Confirm(string topic, string place, string? name, string? phone)
    {
        var text = new StringBuilder("Mình gửi yêu cầu này tới Tổ nhé:")
            .Append("\n• Việc cần giúp: ").Append(topic)
            .Append("\n• Ở: ").Append(place);
        if (Contact(name, phone) is { } contact)
        {
            text.Append("\n• Người liên hệ: ").Append(contact);
        }

        return text.Append("\nĐúng rồi thì bấm «").Append(SendButton).Append("» ạ.").ToString();
    }

    public static string Sent(HelpRequest request, Team team)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(team);
        return $"Dạ, mình đã gửi yêu cầu {request.Code} tới {team.Name} rồi ạ 🙏\n"
            + "Khi có người nhận, mình sẽ báo bà con tên người giúp. Muốn hủy thì bấm «Hủy yêu cầu».";
    }

    /// <summary>A second ask while a request is open: where the first one stands, and what was added to it.</summary>
    public static string AlreadyOpen(HelpRequest request, Team team, string? helper, string? added, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(team);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Bà con đã gửi yêu cầu {request.Code} («{request.Topic}») tới {team.Name} {Ago(now - request.CreatedAt)}. ")
            .Append(helper is null ? "Tổ chưa nhận, bà con chờ một chút nhé." : $"{helper} đang giúp bà con.");
        if (added is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nMình đã ghi thêm «{added}» vào yêu cầu đó cho Tổ ạ.");
        }

        return text.ToString();
    }

    public static string NoteAdded(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Dạ, mình đã chuyển lời bà con tới Tổ (yêu cầu {request.Code}) ạ.";
    }

    public static string AskCancel(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Bà con muốn hủy yêu cầu {request.Code} («{request.Topic}») phải không ạ?";
    }

    public static string Cancelled(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Dạ, mình đã hủy yêu cầu {request.Code} và báo Tổ rồi ạ. Khi cần, bà con cứ bấm «Gặp Tổ công nghệ số» nhé.";
    }

    public static string Kept(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Dạ, yêu cầu {request.Code} vẫn giữ nguyên ạ.";
    }

    public static string AlreadyClosed(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Status == HelpRequestStatus.Done
            ? $"Yêu cầu {request.Code} đã xong rồi ạ."
            : $"Yêu cầu {request.Code} đã hủy rồi ạ.";
    }

    public static string ToResidentClaimed(HelpRequest request, TeamMember member, Team team)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(team);
        return $"Dạ, {member.FullName} ở {team.Name} đã nhận giúp bà con việc «{request.Topic}» ({request.Code}) 🙏\n"
            + "Người trong Tổ sẽ liên hệ với bà con sớm ạ.";
    }

    public static string ToResidentDone(HelpRequest request, TeamMember member)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(member);
        return $"Dạ, {member.FullName} báo đã giúp bà con xong việc «{request.Topic}» ({request.Code}). "
            + "Cảm ơn bà con! Cần gì nữa, bà con cứ nhắn mình nhé 😊";
    }

    public static string ToResidentEscalated(HelpRequest request, Team communeTeam)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(communeTeam);
        return $"Tổ ở thôn chưa kịp nhận yêu cầu {request.Code} nên mình đã nhờ thêm {communeTeam.Name} giúp bà con ạ 🙏";
    }

    /// <summary>The answer to a shared contact: what was kept, and a plain word when the phone was not a number we can use.</summary>
    public static string ContactSaved(string? name, string? phone, bool phoneRefused)
    {
        const string Thanks = "Cảm ơn bà con!";
        const string Refused = "Số điện thoại chưa đúng nên mình chưa lưu ạ.";
        return (Contact(name, phone), phoneRefused) switch
        {
            ({ } contact, false) => $"{Thanks} Mình đã lưu: {contact}.",
            ({ } contact, true) => $"{Thanks} Mình đã lưu tên {contact}. {Refused}",
            (null, true) => $"{Thanks} {Refused}",
            _ => Thanks,
        };
    }

    // Team groups.

    /// <summary>A new request, as its team's group first sees it.</summary>
    public static string Posted(HelpRequest request, bool villageHasNoTeam, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"🙋 Yêu cầu hỗ trợ {request.Code}\n{Body(request, villageHasNoTeam, [], now)}\nAi giúp được thì gõ: #nhan {request.Code}";
    }

    public static string GroupNote(HelpRequest request, string note, bool fromGuide)
    {
        ArgumentNullException.ThrowIfNull(request);
        return fromGuide
            ? $"{request.Code}: người dân hỏi thêm về «{note}»."
            : $"{request.Code}: người dân nhắn thêm: «{note}»";
    }

    public static string GroupContact(HelpRequest request, string? name, string? phone)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Code}: người dân đã chia sẻ liên hệ: {Contact(name, phone)}.";
    }

    public static string Reminder(HelpRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"⏰ Nhắc: {request.Code} («{request.Topic}», {request.Place}) đã chờ {Duration(now - request.CreatedAt)} mà chưa có ai nhận.\n"
            + $"Ai giúp được thì gõ: #nhan {request.Code}";
    }

    /// <summary>The request raised to the commune team's group, in full.</summary>
    public static string Escalated(HelpRequest request, IReadOnlyList<string> notes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"⏫ {request.Code} đã chờ {Duration(now - request.CreatedAt)} mà tổ thôn chưa có ai nhận, nhờ Tổ xã giúp:\n"
            + $"{Body(request, villageHasNoTeam: false, notes, now)}\nAi giúp được thì gõ: #nhan {request.Code}";
    }

    /// <summary>To the group that had it: it was raised, and they may still take it.</summary>
    public static string EscalatedNotice(HelpRequest request, Team communeTeam, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(communeTeam);
        return $"{request.Code} đã chờ {Duration(now - request.CreatedAt)}; mình đã nhờ thêm {communeTeam.Name}. "
            + $"Trong tổ ai giúp được vẫn gõ #nhan {request.Code} nhé.";
    }

    /// <summary>When there is no team above to raise it to: one more reminder.</summary>
    public static string SecondReminder(HelpRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"⏰ Nhắc lần nữa: {request.Code} («{request.Topic}», {request.Place}) đã chờ {Duration(now - request.CreatedAt)} mà chưa có ai nhận. "
            + $"Người dân đang đợi, ai giúp được thì gõ: #nhan {request.Code}";
    }

    /// <summary>
    /// The answer to <c>#nhan</c>, the one place the resident's number is written whole: they shared it so that whoever
    /// takes the request can call them back. Without a number, the taker learns how the resident can still be reached.
    /// </summary>
    public static string Claimed(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Bạn đã nhận {request.Code}: «{request.Topic}», {request.Place}.\n")
            .Append("Người dân: ").Append(request.ResidentName ?? "chưa cho biết tên");
        if (request.ResidentZaloName is { } zaloName)
        {
            text.Append(CultureInfo.InvariantCulture, $" (tên Zalo: {zaloName})");
        }

        text.Append(request.ResidentPhone is { } phone
            ? $"\nSố gọi lại: {phone}"
            : "\nNgười dân chưa để lại số điện thoại. Khi người dân bấm «Nhắn thêm cho Tổ» trong Zalo, mình chuyển nguyên văn lời nhắn vào nhóm này.");
        return text
            .Append(CultureInfo.InvariantCulture, $"\nMình đã báo người dân tên bạn. Xong việc thì gõ: #xong {request.Code} | đã giúp gì")
            .ToString();
    }

    public static string ClaimedNotice(HelpRequest request, TeamMember member, Team team)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(team);
        return $"{request.Code} đã có {member.FullName} ({team.Name}) nhận.";
    }

    public static string Completed(HelpRequest request, string recorded)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Đã xong {request.Code}, cảm ơn bạn! Mình đã báo người dân.\n{recorded}";
    }

    public static string CancelledNotice(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Code} («{request.Topic}», {request.Place}): người dân đã hủy yêu cầu, không cần giúp nữa.";
    }

    public static string RequestNotFound(string code) =>
        $"Không thấy yêu cầu {code} gửi tới tổ. Mã có trong tin báo yêu cầu (dạng YC-0007).";

    public static string AlreadyClaimedBy(HelpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Code} đã có {name} nhận rồi.";
    }

    public static string AlreadyYours(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"Bạn đã nhận {request.Code} rồi. Xong việc thì gõ: #xong {request.Code} | đã giúp gì";
    }

    public static string RequestAlreadyDone(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Code} đã xong rồi.";
    }

    public static string RequestCancelledByResident(HelpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Code} người dân đã hủy rồi, không cần giúp nữa.";
    }

    public static string NotYoursToClose(HelpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Code} do {name} nhận; chỉ người nhận hoặc tổ trưởng, tổ phó báo xong được.";
    }

    /// <summary>"Nguyễn Văn An, SĐT 09xx xxx 678", either part alone, or null when neither is known.</summary>
    public static string? Contact(string? name, string? phone)
    {
        var masked = phone is null ? null : "SĐT " + PhoneNumber.Mask(phone);
        return (name, masked) switch
        {
            (null, null) => null,
            (null, _) => masked,
            (_, null) => name,
            _ => $"{name}, {masked}",
        };
    }

    /// <summary>"45 phút", "2 giờ", "3 ngày".</summary>
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "chưa tới 1 phút",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} phút",
        { TotalDays: < 1 } => $"{(int)span.TotalHours} giờ",
        _ => $"{(int)span.TotalDays} ngày",
    };

    /// <summary>"vừa xong", "5 phút trước", "2 giờ trước".</summary>
    public static string Ago(TimeSpan span) => span.TotalMinutes < 1 ? "vừa xong" : Duration(span) + " trước";

    private static string Body(HelpRequest request, bool villageHasNoTeam, IReadOnlyList<string> notes, DateTimeOffset now)
    {
        var local = request.CreatedAt.ToOffset(VietnamTime.Offset);
        var text = new StringBuilder()
            .Append("Việc cần giúp: ").Append(request.Topic)
            .Append("\nỞ: ").Append(request.Place);
        if (request.Village is null)
        {
            text.Append(" (người dân không nhớ tên thôn)");
        }
        else if (villageHasNoTeam)
        {
            text.Append(" (thôn chưa có tổ nhận tin qua Zalo)");
        }

        text.Append("\nNgười dân: ").Append(Contact(request.ResidentName, request.ResidentPhone) ?? "chưa cho biết tên");
        foreach (var note in notes)
        {
            text.Append("\nNhắn thêm: ").Append(note);
        }

        return text
            .Append(CultureInfo.InvariantCulture, $"\nGửi lúc: {local:HH:mm} ngày {local:dd/MM} ({Ago(now - request.CreatedAt)})")
            .ToString();
    }
}
