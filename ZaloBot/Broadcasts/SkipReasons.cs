namespace ZaloBot.Broadcasts;

/// <summary>Why a recipient was left out; stored codes with the Vietnamese a person reads.</summary>
public static class SkipReasons
{
    /// <summary>A 1:1 recipient who has not interacted with the OA in the last 7 days: Zalo would refuse (-230).</summary>
    public const string OutOfWindow = "out_of_window";

    /// <summary>A team whose Zalo group is not bound yet (#ketnoi).</summary>
    public const string NoGroup = "no_group";

    /// <summary>A resident who unfollowed the OA after the announcement started.</summary>
    public const string Unfollowed = "unfollowed";

    public static string DisplayName(string? reason) => reason switch
    {
        OutOfWindow => "ngoài thời hạn 7 ngày",
        NoGroup => "tổ chưa kết nối nhóm Zalo",
        Unfollowed => "đã bỏ quan tâm OA",
        _ => "không rõ lý do",
    };
}
