using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>Accept (rule 6): NEW orders, oldest first, each on its own; a short one stops only itself.</summary>
public sealed class OrderAcceptance(OrderBatch batch, LeavingNewStep leavingNew)
{
    public Task<BulkOutcome> AcceptAsync(int instanceId, IEnumerable<long> orderIds, Actor actor, CancellationToken ct = default) =>
        batch.RunOnOrdersAsync(instanceId, orderIds, actor, (unit, order) => AcceptOneAsync(unit, order, ct), ct);

    private async Task<OrderOutcome> AcceptOneAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        if (order.Status != OrderStatus.New)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is {order.Status}, not NEW.");
        return await leavingNew.RunAsync(unit, order, ct);
    }
}
