using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>Accept (rule 6): NEW orders, oldest first, each on its own; a short one stops only itself.</summary>
public sealed class OrderAcceptance(OrderBatch batch, LeavingNew leavingNew)
{
    public async Task<BulkOutcome> AcceptAsync(int instanceId, IEnumerable<long> orderIds, Actor actor, CancellationToken ct = default) =>
        await batch.RunAsync(instanceId, await batch.OldestFirstAsync(instanceId, orderIds, ct), actor,
            (unit, id) => AcceptOneAsync(unit, id, ct), ct);

    private async Task<OrderOutcome> AcceptOneAsync(OrderTransaction unit, long orderId, CancellationToken ct)
    {
        var order = await unit.OrderAsync(orderId, ct) ?? throw new NotFoundException($"No order {orderId}.");
        if (order.Status != OrderStatus.New)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is {order.Status}, not NEW.");
        return await leavingNew.RunAsync(unit, order, ct);
    }
}
