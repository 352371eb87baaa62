namespace ZaloBot.Guides;

// The router's knowledge of how residents write, apart from the guides' own keywords. Everything is folded (no
// diacritics, lower case, đ → d), the form GuideRouter.Tokens gives.
public sealed partial class GuideRouter
{
    // Words residents wrap around a command ("về menu đi ạ", "cho tôi quay lại nhé"); they never change it.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "ah", "ak", "nhe", "nha", "nhen", "di", "voi", "oi", "ad", "admin", "bot", "ban", "minh", "toi", "em", "con",
        "chau", "cho", "xin", "muon", "ve", "giup", "ok", "vay", "roi", "nao", "chon", "muc", "so",
    };

    /// <summary>
    /// Words that say nothing about the topic: pronouns, particles, question words (with the central ones: răng
    /// "sao", mô "đâu", chi "gì", rứa "vậy", ni "này", tê "kia", nớ "đó"), greetings and the verbs of asking. A message
    /// made only of these has nothing for a guide to answer; the words a menu area must account for are the others.
    /// </summary>
    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "ah", "ak", "ad", "admin", "bot", "oi", "nhe", "nha", "nhen", "nghe", "di", "voi", "vay", "roi", "nao", "thi",
        "la", "ma", "va", "hay", "hoac", "cua", "cho", "ve", "o", "tai", "toi", "tui", "tao", "minh", "em", "anh", "chi",
        "con", "chau", "me", "ba", "ong", "co", "chu", "bac", "ban", "ai", "gi", "sao", "dau", "khong", "ko", "k", "hong",
        "hok", "duoc", "dc", "phai", "can", "muon", "xin", "giup", "nho", "hoi", "biet", "cach", "lam", "nay", "kia", "do",
        "day", "nhu", "rang", "mo", "ri", "rua", "ni", "te", "no", "he", "hi", "ha", "hen", "khi", "nhieu", "lau", "may",
        "cai", "mot", "cac", "nhung", "de", "se", "da", "dang", "alo", "hello", "chao", "vui", "u", "uh", "vang", "dum",
        "giu", "lai", "nua", "ne", "nhi", "huong", "dan", "chuyen", "qua", "that", "luon", "ho",
    };

    /// <summary>
    /// Everyday words a typo must never be taken from: "hôn" is not a slip for "học", nor "vợ" for "con". With the
    /// keywords' own words, they are what a typed word already is, so only words nobody writes on purpose ("vneiid",
    /// "onlien", "snh") get corrected.
    /// </summary>
    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "ai", "am", "an", "anh", "ao", "ba", "bac", "bai", "ban", "bang", "bao", "bat", "bay", "be", "ben", "bi", "biet", "binh",
        "bo", "boi", "bon", "bong", "bu", "bua", "bui", "buoc", "buoi", "buon", "ca", "cac", "cach", "cai", "cam", "can", "cang",
        "canh", "cao", "cap", "cat", "cau", "cay", "chi", "cho", "choi", "chon", "chong", "chu", "chua", "chuc", "chung", "chuyen",
        "co", "coi", "con", "cong", "cu", "cua", "cung", "cuoc", "cuoi", "cuon", "da", "dai", "dan", "dang", "danh", "dao", "dat",
        "dau", "day", "de", "den", "deu", "di", "dia", "diem", "dien", "dieu", "dinh", "do", "doc", "doi", "don", "dong", "du", "dua",
        "dung", "duoc", "duong", "em", "ga", "gan", "gap", "gay", "gi", "gia", "giai", "giam", "gian", "giao", "giay", "gio",
        "gioi", "giu", "giua", "go", "goi", "gop", "gui", "ha", "hai", "han", "hang", "hanh", "hay", "he", "het", "hieu", "hinh",
        "ho", "hoa", "hoc", "hoi", "hom", "hon", "hong", "hop", "hu", "huong", "it", "ke", "kem", "keo", "khac", "khach", "khai",
        "kham", "khi", "kho", "khoe", "khong", "khu", "kia", "la", "lai", "lam", "lan", "lang", "lanh", "lau", "lay", "le", "len",
        "lich", "lien", "linh", "lo", "loai", "loi", "lon", "long", "lua", "luc", "luon", "luong", "ly", "ma", "mai", "man",
        "mang", "manh", "mat", "mau", "may", "me", "mien", "minh", "mo", "moi", "mon", "mot", "mua", "muc", "muoi", "muon",
        "nam", "nang", "nao", "nay", "nen", "neu", "ngay", "nghe", "nghi", "ngoai", "ngon", "nguoi", "nha", "nhan", "nhanh",
        "nhat", "nhau", "nhe", "nhieu", "nhin", "nho", "nhu", "nhung", "ni", "no", "noi", "nong", "nuoc", "nua", "o", "oi", "on",
        "ong", "phai", "phan", "phat", "phi", "pho", "phong", "phu", "qua", "quan", "quay", "que", "quen", "ra", "rang", "rat",
        "re", "ri", "roi", "rua", "sach", "sai", "san", "sang", "sao", "sau", "se", "so", "song", "su", "sua", "suc", "ta", "tai",
        "tam", "tan", "tao", "tat", "tay", "te", "than", "thang", "thanh", "the", "them", "thi", "thich", "thieu", "tho", "thoi", "thu",
        "thuc", "thuoc", "thuong", "tien", "tieng", "tiep", "tim", "tin", "tinh", "to", "toi", "tot", "tra", "trai", "tre",
        "tren", "trong", "truoc", "truong", "tu", "tuan", "tui", "tuoi", "va", "vai", "van", "vao", "vay", "ve", "vi", "viec",
        "vo", "voi", "vua", "vui", "vung", "vuon", "xa", "xac", "xe", "xem", "xin", "xong", "xuong", "y",
    };

    // The words a button title or a command typed with a slip is checked against. Declared after both sets: static
    // fields start in the order they are written.
    private static readonly HashSet<string> EverydayWords = [.. CommonWords, .. Stopwords];

    /// <summary>
    /// Ways of saying the same thing, rewritten the same way in the keywords and in what residents type, so "nộp hồ
    /// sơ qua mạng" meets the keyword "nộp hồ sơ trực tuyến" and "mần" is "làm". Longest first at each word.
    /// </summary>
    private static readonly (string[] From, string[] To)[] Synonyms =
    [
        (["thu", "tuc", "hanh", "chinh"], ["thu", "tuc"]),
        (["dien", "thoai", "thong", "minh"], ["dien", "thoai"]),
        (["bao", "hiem", "y", "te"], ["bhyt"]),
        (["bao", "hiem", "xa", "hoi"], ["bhxh"]),
        (["tren", "mang"], ["online"]),
        (["qua", "mang"], ["online"]),
        (["len", "mang"], ["online"]),
        (["truc", "tuyen"], ["online"]),
        (["moi", "de"], ["moi", "sinh"]),
        (["nhap", "khau"], ["nhap", "ho", "khau"]),
        (["chuyen", "khau"], ["chuyen", "ho", "khau"]),
        (["tach", "khau"], ["tach", "ho", "khau"]),
        (["hoc", "hanh"], ["hoc", "tap"]),
        (["y", "te"], ["suc", "khoe"]),
        (["onl"], ["online"]),
        (["man"], ["lam"]),
        (["xai"], ["dung"]),
        (["app"], ["ung", "dung"]),
        (["smartphone"], ["dien", "thoai"]),
        (["dk"], ["dang", "ky"]),
        (["dky"], ["dang", "ky"]),
        (["tk"], ["tai", "khoan"]),
    ];

    /// <summary>
    /// The means of doing something rather than the thing done: apps, wallets, portals, "online". A guide reached
    /// only through these words yields to a guide about the task itself: "nộp học phí qua Viettel Money" is about
    /// school payments.
    /// </summary>
    private static readonly string[][] ChannelPhrases =
    [
        ["vneid"], ["viettel", "money"], ["vnpt", "money"], ["mobile", "money"], ["viettelpay"], ["viettel", "pay"], ["viettel"],
        ["vinaphone"], ["momo"], ["zalo"], ["zalopay"], ["vi", "dien", "tu"], ["vi"], ["cong", "dich", "vu", "cong"],
        ["dich", "vu", "cong"], ["dichvucong"], ["dvc"], ["ung", "dung"], ["dien", "thoai"], ["ngan", "hang"], ["online"],
        ["chuyen", "khoan"], ["chuyen", "tien"], ["thanh", "toan", "dien", "tu"], ["khong", "dung", "tien", "mat"],
        ["tien", "di", "dong"], ["tai", "khoan", "thanh", "toan"], ["tai", "khoan"],
    ];

    /// <summary>The verbs in front of a keyword ("nộp hồ sơ …", "mở shop"); the rest of it still names the task.</summary>
    private static readonly string[][] GenericVerbs =
    [
        ["kich", "hoat"], ["dang", "ky"], ["dang", "nhap"], ["cai", "dat"], ["su", "dung"], ["mo"], ["cai"], ["tai"], ["tao"],
        ["lam"], ["nop"], ["dong"], ["xin"], ["dung"],
    ];

    // A person is wanted wherever these appear, even inside a longer sentence that names a topic.
    private static readonly string[] HandoffPhrases =
    [
        "gap to cong nghe so", "to cong nghe so", "to cong nghe", "gap nguoi", "nho nguoi", "can nguoi", "gap can bo",
        "nguoi huong dan", "nguoi giup", "to cnscd", "to cns", "noi chuyen voi nguoi", "nguoi ho tro", "noi chuyen voi can bo",
        "so dien thoai cua to", "sdt cua to", "lien he voi to", "lien he to", "nho to", "goi to",
    ];

    // Asking for someone to come or to help, when no guide topic is named ("có ai tới nhà giúp không"); with a topic
    // ("giao hàng tới nhà") the topic is the question.
    private static readonly string[] HelpFromSomeonePhrases =
    [
        "ai giup", "ai chi", "ai ho tro", "ai huong dan", "ai den", "ai toi", "ai xuong", "toi nha", "den nha", "xuong nha",
        "tan noi", "tan nha",
    ];

    private static readonly (string Phrase, GuideCommand Command)[] Commands =
    [
        ("quay lai", GuideCommand.Back), ("tro lai", GuideCommand.Back), ("lui lai", GuideCommand.Back), ("back", GuideCommand.Back),
        ("buoc truoc", GuideCommand.Back), ("quay ve", GuideCommand.Back),
        ("menu", GuideCommand.Menu), ("menu chinh", GuideCommand.Menu), ("danh muc", GuideCommand.Menu), ("trang chu", GuideCommand.Menu),
        ("bat dau lai", GuideCommand.Restart), ("lam lai tu dau", GuideCommand.Restart), ("lam lai", GuideCommand.Restart),
        ("bat dau lai tu dau", GuideCommand.Restart), ("restart", GuideCommand.Restart),
        ("xin chao", GuideCommand.Greeting), ("chao", GuideCommand.Greeting), ("alo", GuideCommand.Greeting), ("hello", GuideCommand.Greeting),
        ("hi", GuideCommand.Greeting), ("chao ban", GuideCommand.Greeting),
        ("cam on", GuideCommand.Thanks), ("cam on nhieu", GuideCommand.Thanks), ("thank", GuideCommand.Thanks), ("thanks", GuideCommand.Thanks),
        ("tks", GuideCommand.Thanks),
    ];
}
