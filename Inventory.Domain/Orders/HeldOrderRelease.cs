using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Orders;

/// <summary>
/// Re-checks an instance's held ("No inventory") NEW orders, oldest first, after something that may
/// let them through: stock went up (an import, a restock), items were cleared (rule 3), or Inventory
/// Check was switched off (rule 4). With Auto Label on, the orders that now pass are deducted, labelled
/// and moved to Awaiting; with it off, their hold is cleared so they can be accepted. Orders still
/// short keep the hold with fresh shortage detail. While the check is off, nothing is held.
/// Orders held with "Unknown item" are matched through the item map again (it changed): once every line
/// has a SKU, they go the same way.
/// </summary>
public sealed class HeldOrderRelease(
    IDbContextFactory<InventoryDbContext> dbFactory, OrderBatch batch, LeavingNewStep leavingNew)
{
    public async Task<BulkOutcome> ReleaseHeldAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        List<long> held;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.EnsureInstanceAsync(instanceId, actor, Accounts.Permission.HandleOrders, ct);
            held = await db.OrdersOf(instanceId)
                .Where(o => o.Status == OrderStatus.New && (o.Hold == Hold.NoInventory || o.Hold == Hold.UnknownItem))
                .OrderBy(o => o.OrderedAt).ThenBy(o => o.Id)
                .Select(o => o.Id)
                .ToListAsync(ct);
        }
        return await batch.RunOnOrdersAsync(instanceId, held, actor, (unit, order) => ReleaseOneAsync(unit, order, ct), ct);
    }

    private async Task<OrderOutcome> ReleaseOneAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        if (!order.IsHeld && !order.HasUnknownItem)
            return OrderOutcome.Skipped(order, $"Order {order.OrderNumber} is no longer held.");
        if (await ItemMatching.StillUnknownAsync(unit, order, ct) is { } unknown)
            return unknown;
        if (unit.Settings.AutoLabel)
            return await leavingNew.RunAsync(unit, order, ct);

        var shortages = unit.Settings.InventoryCheck ? await StockLedger.ShortagesAsync(unit, order, ct) : [];
        if (shortages.Count > 0)
            order.MarkNoInventory(shortages);
        else
            order.Release();
        var kind = shortages.Count > 0 ? OrderOutcomeKind.NoInventory : OrderOutcomeKind.Released;
        return await unit.SaveAsync(order, ct) ? OrderOutcome.Of(order, kind) : OrderOutcome.ChangedElsewhere(order);
    }
}
