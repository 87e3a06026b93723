namespace Inventory.Domain.Stock;

/// <summary>
/// The grid's orders, each total (ties broken down to a unique key) and each matching one index of
/// <c>StockItems</c> column for column in one direction, so both a page and a seek are read off it.
/// </summary>
internal static class StockOrder
{
    public static IQueryable<StockItem> Sort(IQueryable<StockItem> items, StockSort sort, bool descending) => (sort, descending) switch
    {
        (StockSort.Warehouse, false) => items.OrderBy(s => s.WarehouseKey).ThenBy(s => s.SkuKey),
        (StockSort.Warehouse, true) => items.OrderByDescending(s => s.WarehouseKey).ThenByDescending(s => s.SkuKey),
        (StockSort.Quantity, false) => items.OrderBy(s => s.Quantity).ThenBy(s => s.SkuKey).ThenBy(s => s.WarehouseKey),
        (StockSort.Quantity, true) => items.OrderByDescending(s => s.Quantity).ThenByDescending(s => s.SkuKey).ThenByDescending(s => s.WarehouseKey),
        (StockSort.UpdatedAt, false) => items.OrderBy(s => s.UpdatedAt).ThenBy(s => s.Id),
        (StockSort.UpdatedAt, true) => items.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id),
        (_, true) => items.OrderByDescending(s => s.SkuKey).ThenByDescending(s => s.WarehouseKey),
        _ => items.OrderBy(s => s.SkuKey).ThenBy(s => s.WarehouseKey),
    };

    /// <summary>
    /// The items after <paramref name="row"/> in that order. Each condition starts with a bound on the
    /// leading column alone (<c>&gt;=</c>), which is what lets the database start reading the index there.
    /// </summary>
    public static IQueryable<StockItem> After(IQueryable<StockItem> items, StockSort sort, bool descending, StockItemView row)
    {
        var (sku, warehouse, quantity, updated, id) = (Common.Keys.Normalize(row.Sku), Common.Keys.Normalize(row.Warehouse),
            row.Quantity, row.UpdatedAt, row.Id);
        return (sort, descending) switch
        {
            (StockSort.Warehouse, false) => items.Where(s => s.WarehouseKey.CompareTo(warehouse) >= 0
                && (s.WarehouseKey.CompareTo(warehouse) > 0 || s.SkuKey.CompareTo(sku) > 0)),
            (StockSort.Warehouse, true) => items.Where(s => s.WarehouseKey.CompareTo(warehouse) <= 0
                && (s.WarehouseKey.CompareTo(warehouse) < 0 || s.SkuKey.CompareTo(sku) < 0)),
            (StockSort.Quantity, false) => items.Where(s => s.Quantity >= quantity
                && (s.Quantity > quantity || s.SkuKey.CompareTo(sku) > 0 || (s.SkuKey == sku && s.WarehouseKey.CompareTo(warehouse) > 0))),
            (StockSort.Quantity, true) => items.Where(s => s.Quantity <= quantity
                && (s.Quantity < quantity || s.SkuKey.CompareTo(sku) < 0 || (s.SkuKey == sku && s.WarehouseKey.CompareTo(warehouse) < 0))),
            (StockSort.UpdatedAt, false) => items.Where(s => s.UpdatedAt >= updated && (s.UpdatedAt > updated || s.Id > id)),
            (StockSort.UpdatedAt, true) => items.Where(s => s.UpdatedAt <= updated && (s.UpdatedAt < updated || s.Id < id)),
            (_, true) => items.Where(s => s.SkuKey.CompareTo(sku) <= 0
                && (s.SkuKey.CompareTo(sku) < 0 || s.WarehouseKey.CompareTo(warehouse) < 0)),
            _ => items.Where(s => s.SkuKey.CompareTo(sku) >= 0
                && (s.SkuKey.CompareTo(sku) > 0 || s.WarehouseKey.CompareTo(warehouse) > 0)),
        };
    }
}
