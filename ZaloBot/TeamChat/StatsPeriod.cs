namespace ZaloBot.TeamChat;

/// <summary>The period of <c>#thongke</c>. Without one the command means <see cref="Month"/> (this month).</summary>
public enum StatsPeriod
{
    Week,
    Month,
    Year,
    All,
}
