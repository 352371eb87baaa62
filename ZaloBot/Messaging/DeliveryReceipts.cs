namespace ZaloBot.Messaging;

/// <summary>An observer of every event: a delivery or read receipt marks the outbox rows it names delivered or seen.</summary>
public static class DeliveryReceipts
{
    public static async Task ObserveAsync(EventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Event is DeliveryReceipt receipt)
        {
            await OutboxStore.MarkReceiptAsync(context.Connection, context.Transaction, receipt.MessageIds, receipt.Seen, context.Now);
        }
    }
}
