using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>
/// Reject: an order held with "No inventory" on an instance connected to Amazon is refused to Amazon as
/// out of stock (its acknowledgement queued in the same transaction) and moves to Cancelled. Nothing was
/// deducted for it, so nothing goes back. An order held with "Unknown item" (an ASIN the item map does not know)
/// may be rejected the same way. Without a connection there is no one to tell: Cancel it instead.
/// </summary>
public sealed class OrderRejection(OrderBatch batch)
{
    public Task<BulkOutcome> RejectAsync(int instanceId, IEnumerable<long> orderIds, Actor actor, CancellationToken ct = default) =>
        batch.RunOnOrdersAsync(instanceId, orderIds, actor, (unit, order) => RejectOneAsync(unit, order, ct), ct);

    private static async Task<OrderOutcome> RejectOneAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        if (unit.Settings.MarketplacePartyId is null)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} cannot be rejected: the instance is not connected to Amazon. Cancel it instead.");
        if (!order.IsHeld && !order.HasUnknownItem)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is not held with \"No inventory\" or \"Unknown item\"; only such orders can be rejected.");
        var reason = order.HasUnknownItem
            ? $"Rejected to Amazon: unknown item ({string.Join(", ", order.UnknownItems())})"
            : $"Rejected to Amazon: out of stock ({string.Join(", ", order.Shortages.Select(s => s.Sku))})";
        order.Cancel(Fields.Truncate(reason, Fields.ReasonMaxLength), unit.Now);
        if (!await unit.SaveAsync(order, ct))
            return OrderOutcome.ChangedElsewhere(order);
        await Marketplace.Outbox.QueueAcknowledgementAsync(unit, order, accepted: false, ct);
        return OrderOutcome.Of(order, OrderOutcomeKind.Cancelled);
    }
}
