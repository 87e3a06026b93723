using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>Create label: Accepted orders get a label and move to Awaiting; a label failure leaves them Accepted with the reason.</summary>
public sealed class OrderLabelling(OrderBatch batch, LabelRequests labels)
{
    public Task<BulkOutcome> CreateLabelAsync(int instanceId, IEnumerable<long> orderIds, Actor actor, CancellationToken ct = default) =>
        batch.RunOnOrdersAsync(instanceId, orderIds, actor, (unit, order) => LabelOneAsync(unit, order, ct), ct);

    private async Task<OrderOutcome> LabelOneAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        if (order.Status != OrderStatus.Accepted)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is {order.Status}, not Accepted.");
        var kind = OrderOutcomeKind.Failed;
        if (await labels.TryCreateAsync(order, ct) is { } trackingNumber)
        {
            order.AttachLabel(trackingNumber, unit.Now);
            kind = OrderOutcomeKind.Moved;
        }
        return await unit.SaveAsync(order, ct) ? OrderOutcome.Of(order, kind) : OrderOutcome.ChangedElsewhere(order);
    }
}
