using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Orders;

/// <summary>
/// Orders arriving from the marketplace (rule 7): into NEW, or — with Auto Label on — checked,
/// deducted and labelled into Awaiting. Idempotent by order number: a repeat never deducts again.
/// </summary>
public sealed class OrderIntake(OrderBatch batch, LeavingNewStep leavingNew)
{
    public Task<BulkOutcome> SyncAsync(int instanceId, IEnumerable<IncomingOrder> orders, Actor actor, CancellationToken ct = default) =>
        batch.RunAsync(instanceId, orders, o => Keys.Display(o.OrderNumber), actor, (unit, incoming) => SyncOneAsync(unit, incoming, ct), ct);

    private async Task<OrderOutcome> SyncOneAsync(OrderTransaction unit, IncomingOrder incoming, CancellationToken ct)
    {
        var number = Keys.Display(incoming.OrderNumber);
        if (await KnownAsync(unit, number, ct) is { } known)
            return OrderOutcome.Of(known, OrderOutcomeKind.AlreadyKnown);

        Order order;
        try
        {
            order = await NewOrderAsync(unit, incoming, ct);
        }
        catch (ValidationException ex)
        {
            return new OrderOutcome(number, OrderOutcomeKind.Rejected, null, Hold.None, ex.Message, [], Field: ex.Field);
        }
        if (!await unit.AddAsync(order, ct))
            return OrderOutcome.Of(await KnownAsync(unit, number, ct) ?? order, OrderOutcomeKind.AlreadyKnown);
        return unit.Settings.AutoLabel
            ? await leavingNew.RunAsync(unit, order, ct)
            : OrderOutcome.Of(order, OrderOutcomeKind.Created);
    }

    private static Task<Order?> KnownAsync(OrderTransaction unit, string number, CancellationToken ct) =>
        unit.Db.OrdersOf(unit.InstanceId).AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.OrderNumber == number, ct);

    private static async Task<Order> NewOrderAsync(OrderTransaction unit, IncomingOrder incoming, CancellationToken ct)
    {
        var warehouse = string.IsNullOrWhiteSpace(incoming.Warehouse)
            ? await unit.Db.Instances.Where(i => i.Id == unit.InstanceId).Select(i => i.DefaultWarehouse).SingleAsync(ct)
            : incoming.Warehouse;
        var lines = (incoming.Lines ?? []).Select(l => new OrderLine(l.Sku, l.Quantity)).ToList();
        var orderedAt = incoming.OrderedAt == default ? unit.Now : incoming.OrderedAt.ToUniversalTime();
        return new Order(unit.InstanceId, incoming.OrderNumber, warehouse, orderedAt, unit.Now, lines, incoming.ShipBy?.ToUniversalTime());
    }
}
