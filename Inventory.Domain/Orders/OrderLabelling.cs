using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>Create label: Accepted orders get a label and move to Awaiting; a label failure leaves them Accepted with the reason.</summary>
public sealed class OrderLabelling(OrderBatch batch, LabelRequests labels)
{
    public async Task<BulkOutcome> CreateLabelAsync(int instanceId, IEnumerable<long> orderIds, Actor actor, CancellationToken ct = default) =>
        await batch.RunAsync(instanceId, await batch.OldestFirstAsync(instanceId, orderIds, ct), actor,
            (unit, id) => LabelOneAsync(unit, id, ct), ct);

    private async Task<OrderOutcome> LabelOneAsync(OrderTransaction unit, long orderId, CancellationToken ct)
    {
        var order = await unit.OrderAsync(orderId, ct) ?? throw new NotFoundException($"No order {orderId}.");
        if (order.Status != OrderStatus.Accepted)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is {order.Status}, not Accepted.");
        var kind = OrderOutcomeKind.Failed;
        if (await labels.TryCreateAsync(order, ct) is { } trackingNumber)
        {
            order.AttachLabel(trackingNumber, unit.Now);
            kind = OrderOutcomeKind.Moved;
        }
        return await unit.SaveAsync(ct) ? OrderOutcome.Of(order, kind) : OrderOutcome.ChangedElsewhere(order);
    }
}
