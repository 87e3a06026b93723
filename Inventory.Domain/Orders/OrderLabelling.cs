using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

/// <summary>
/// Create label: Accepted orders get a label and move to Awaiting; a label failure leaves them Accepted
/// with the reason. The carrier is asked before the order's transaction, so the database's write lock
/// is never held while it answers.
/// </summary>
public sealed class OrderLabelling(OrderBatch batch, LabelRequests labels, TimeProvider clock)
{
    public Task<BulkOutcome> CreateLabelAsync(int instanceId, IEnumerable<long> orderIds, Actor actor, CancellationToken ct = default) =>
        batch.RunOnOrdersAsync(instanceId, orderIds, actor, (unit, order) => SaveLabelAsync(unit, order, ct), ct,
            beforeTransaction: order => RequestLabelAsync(order, ct));

    private async Task RequestLabelAsync(Order order, CancellationToken ct)
    {
        if (order.Status == OrderStatus.Accepted && await labels.TryCreateAsync(order, ct) is { } label)
            order.AttachLabel(label, clock.GetUtcNow().UtcDateTime);
    }

    private static async Task<OrderOutcome> SaveLabelAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        if (unit.LoadedStatus != OrderStatus.Accepted)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is {unit.LoadedStatus}, not Accepted.");
        var kind = order.Status == OrderStatus.Awaiting ? OrderOutcomeKind.Moved : OrderOutcomeKind.Failed;
        return await unit.SaveAsync(order, ct) ? OrderOutcome.Of(order, kind) : OrderOutcome.ChangedElsewhere(order);
    }
}
