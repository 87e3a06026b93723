using Inventory.Domain.Common;
using Inventory.Domain.Stock;

namespace Inventory.Domain.Orders;

/// <summary>
/// Cancel (rule 11): orders in NEW, Accepted or Awaiting. What an order's accept deducted goes back, in
/// the same transaction, to items still tracked whose count was not replaced since; the outcome lists
/// the lines that were not put back. A restock may let held orders through, so they are re-checked.
/// </summary>
public sealed class OrderCancellation(OrderBatch batch, HeldOrderReleaseRequests releases)
{
    public async Task<BulkOutcome> CancelAsync(int instanceId, IEnumerable<long> orderIds, string reason, Actor actor,
        CancellationToken ct = default)
    {
        try
        {
            return await batch.RunOnOrdersAsync(instanceId, orderIds, actor, (unit, order) => CancelOneAsync(unit, order, reason, ct), ct);
        }
        finally
        {
            // Even when the call stops part-way: restocks that committed may let held orders through.
            releases.Request(instanceId);
        }
    }

    private static async Task<OrderOutcome> CancelOneAsync(OrderTransaction unit, Order order, string reason, CancellationToken ct)
    {
        if (order.Status is not (OrderStatus.New or OrderStatus.Accepted or OrderStatus.Awaiting))
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is {order.Status}; it cannot be cancelled.");
        if (order.ShippedAt is not null)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} has been reported shipped to Amazon; it cannot be cancelled.");
        order.Cancel(reason, unit.Now);
        var notRestocked = order.Deducted ? await StockLedger.RestockForOrderAsync(unit, order, ct) : [];
        return await unit.SaveAsync(order, ct)
            ? OrderOutcome.Of(order, OrderOutcomeKind.Cancelled) with { NotRestocked = notRestocked }
            : OrderOutcome.ChangedElsewhere(order);
    }
}
