using Inventory.Domain.Marketplace;

namespace Inventory.Domain.Stock.Feed;

/// <summary>
/// One inventory update the marketplace took (Amazon's 202 with a transaction id), followed until the
/// marketplace has processed it: a Failure puts the feed's cursor back to <see cref="CursorFrom"/>, so the
/// items it carried go again once the cause is fixed.
/// </summary>
public class FeedTransaction
{
    private FeedTransaction() { }

    public FeedTransaction(int instanceId, string warehouse, int itemCount, long cursorFrom, string transactionId, DateTime sentAt, DateTime checkAt)
    {
        InstanceId = instanceId;
        Warehouse = warehouse;
        ItemCount = itemCount;
        CursorFrom = cursorFrom;
        TransactionId = transactionId;
        SentAt = sentAt;
        NextCheckAt = checkAt;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public string Warehouse { get; private set; } = string.Empty;
    public int ItemCount { get; private set; }

    /// <summary>The feed's cursor before the push that sent this: where a refusal rewinds it to.</summary>
    public long CursorFrom { get; private set; }
    public string TransactionId { get; private set; } = string.Empty;
    public DateTime SentAt { get; private set; }
    public TransactionOutcome Outcome { get; private set; }
    public DateTime? AnsweredAt { get; private set; }
    public string? Refusal { get; private set; }
    public DateTime NextCheckAt { get; private set; }
    public int Checks { get; private set; }

    internal void MarkProcessing(DateTime nextCheckAt)
    {
        Checks++;
        NextCheckAt = nextCheckAt;
    }

    internal void MarkConfirmed(DateTime at)
    {
        Checks++;
        Outcome = TransactionOutcome.Success;
        AnsweredAt = at;
    }

    internal void MarkRefused(string errors, DateTime at)
    {
        Checks++;
        Outcome = TransactionOutcome.Failure;
        AnsweredAt = at;
        Refusal = errors.Length > 500 ? errors[..500] : errors;
    }
}
