using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.Guides;

/// <summary>Greets a resident who follows the OA and shows what the bot can help with.</summary>
public sealed class WelcomeHandler : IEventHandler
{
    public const string MenuPayload = "#menu";

    public static OutgoingMessage Welcome { get; } = OutgoingMessage.WithButtons(
        """
        Chào mừng bà con đến với Tổ công nghệ số cộng đồng! 👋
        Mình là trợ lý của Tổ, giúp bà con từng bước: cài VNeID, làm thủ tục trên Cổng Dịch vụ công, mở gian hàng bán online, thanh toán điện tử, y tế, học tập.
        Bà con muốn làm gì hôm nay?
        """,
        ZaloButton.QueryHide("Xem các hướng dẫn", MenuPayload));

    public async Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken)
    {
        if (context.Event is not FollowEvent)
        {
            return false;
        }

        await context.ReplyAsync(Welcome);
        return true;
    }
}
