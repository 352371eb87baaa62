using ZaloBot.Zalo;

namespace ZaloBot.Messaging;

/// <summary>Marks outbox rows delivered or seen from Zalo's <c>user_received_message</c> / <c>user_seen_message</c>.</summary>
public sealed class ReceiptHandler : IEventHandler
{
    public async Task<bool> TryHandleAsync(EventContext context, CancellationToken cancellationToken)
    {
        if (context.Event is not MessageReceiptEvent receipt)
        {
            return false;
        }

        await OutboxStore.MarkReceiptAsync(context.Connection, context.Transaction, receipt.MsgIds, receipt.Seen, context.Now);
        return true;
    }
}
