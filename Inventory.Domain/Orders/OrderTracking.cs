using Inventory.Domain.Persistence;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Orders;

/// <summary>
/// Which lines of a page of orders Inventory Check looks at, so a seller sees what was never checked:
/// an untracked SKU passes the check silently (unless the instance counts it as short), and an order
/// from a warehouse the stock file never named passes it whole.
/// </summary>
internal sealed class OrderTracking
{
    private readonly HashSet<(string WarehouseKey, string SkuKey)> _trackedNow;
    private readonly HashSet<(long OrderId, string SkuKey)> _deducted;
    private readonly HashSet<string> _knownWarehouses;

    private OrderTracking(HashSet<(string, string)> trackedNow, HashSet<(long, string)> deducted, HashSet<string> knownWarehouses) =>
        (_trackedNow, _deducted, _knownWarehouses) = (trackedNow, deducted, knownWarehouses);

    /// <summary>
    /// A NEW order's line is tracked when its SKU is tracked in the order's warehouse now; a line of an
    /// order that left NEW, when its accept deducted it (the ledger says so).
    /// </summary>
    public bool IsTracked(Order order, OrderLine line) => order.Status == OrderStatus.New
        ? _trackedNow.Contains((order.WarehouseKey, line.SkuKey))
        : _deducted.Contains((order.Id, line.SkuKey));

    public IReadOnlyList<OrderWarning> WarningsOf(Order order) =>
        _knownWarehouses.Contains(order.WarehouseKey) ? [] : [OrderWarning.UnknownWarehouse];

    /// <summary>A few indexed reads for the whole page: per warehouse, whether it tracks anything and which of the page's SKUs.</summary>
    public static async Task<OrderTracking> ReadAsync(InventoryDbContext db, int instanceId, IReadOnlyList<Order> orders, CancellationToken ct)
    {
        var stock = db.StockOf(instanceId);
        var trackedNow = new HashSet<(string, string)>();
        var known = new HashSet<string>();
        foreach (var warehouse in orders.Select(o => o.WarehouseKey).Distinct())
        {
            if (!await stock.AnyAsync(s => s.WarehouseKey == warehouse, ct))
                continue;
            known.Add(warehouse);
            var skus = orders.Where(o => o.Status == OrderStatus.New && o.WarehouseKey == warehouse)
                .SelectMany(o => o.Lines.Select(l => l.SkuKey)).Distinct().ToList();
            if (skus.Count > 0)
                foreach (var sku in await stock.Where(s => s.WarehouseKey == warehouse && skus.Contains(s.SkuKey)).Select(s => s.SkuKey).ToListAsync(ct))
                    trackedNow.Add((warehouse, sku));
        }

        var left = orders.Where(o => o.Status != OrderStatus.New).Select(o => (long?)o.Id).ToList();
        var deducted = left.Count == 0
            ? []
            : (await db.MovementsOf(instanceId)
                    .Where(m => left.Contains(m.OrderId) && m.Reason == MovementReason.Accept)
                    .Select(m => new { m.OrderId, m.SkuKey }).ToListAsync(ct))
                .Select(m => (m.OrderId!.Value, m.SkuKey)).ToHashSet();
        return new OrderTracking(trackedNow, deducted, known);
    }
}
