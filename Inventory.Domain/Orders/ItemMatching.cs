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
}
