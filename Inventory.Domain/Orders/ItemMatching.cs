using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Orders;

/// <summary>
/// A marketplace line that names only the product id (Amazon's ASIN, no vendor SKU) is matched to a SKU through
/// the instance's item map, read inside the order's transaction; see <see cref="Order.MatchItems"/>.
/// </summary>
internal static class ItemMatching
{
    /// <summary>True when every line of the order has a SKU; otherwise the order is held with "Unknown item".</summary>
    public static async Task<bool> MatchAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        var keys = order.Lines.Where(l => l.IsUnknown).Select(l => l.ProductKey!).Distinct().ToList();
        if (keys.Count == 0)
            return true;
        var skus = await unit.Db.ItemMap.AsNoTracking()
            .Where(e => e.InstanceId == unit.InstanceId && keys.Contains(e.ProductIdKey))
            .ToDictionaryAsync(e => e.ProductIdKey, e => e.Sku, ct);
        return order.MatchItems(skus);
    }

    /// <summary>
    /// For a step that moves an order on: null when every line has a SKU; otherwise the order stays held, what the
    /// map resolved meanwhile (or a changed hold) is saved, and the outcome says why it did not move.
    /// </summary>
    public static async Task<OrderOutcome?> StillUnknownAsync(OrderTransaction unit, Order order, CancellationToken ct)
    {
        var before = (order.Hold, order.HoldDetail);
        if (await MatchAsync(unit, order, ct))
            return null;
        var changed = before != (order.Hold, order.HoldDetail) || order.Lines.Any(l => l.WasResolvedNow());
        return !changed || await unit.SaveAsync(order, ct)
            ? OrderOutcome.Skipped(order, order.UnknownItemsMessage())
            : OrderOutcome.ChangedElsewhere(order);
    }
}
