using Inventory.Domain.Common;

namespace Inventory.Domain.Stock;

public sealed record StockItemView(long Id, string Warehouse, string Sku, int Quantity, DateTime UpdatedAt)
{
    /// <summary>An item as the grid shows it, for a query to select.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<StockItem, StockItemView>> Of =
        s => new StockItemView(s.Id, s.Warehouse, s.Sku, s.Quantity, s.UpdatedAt);
}

public enum StockSort { Sku, Warehouse, Quantity, UpdatedAt }

/// <param name="After">
/// The last row of the page before, when paging forward: the page is then the rows after it, found by
/// a seek rather than by counting <see cref="Page"/> × <see cref="PageSize"/> rows off from the start.
/// </param>
/// <summary>Items by how much is on hand: the dashboard's slices and the grid's filter.</summary>
public enum StockLevel
{
    /// <summary>Above the low-stock threshold (above zero when there is none).</summary>
    Ok,
    /// <summary>At or below the instance's low-stock threshold (zero and oversold included).</summary>
    Low,
    /// <summary>None on hand.</summary>
    Zero,
    /// <summary>Below zero: more was accepted than was there.</summary>
    Oversold,
}

/// <param name="Level">Only the items at that level.</param>
public sealed record StockQuery(
    string? Search = null, string? Warehouse = null, int Page = 0, int PageSize = 50,
    StockSort Sort = StockSort.Sku, bool Descending = false, StockItemView? After = null, StockLevel? Level = null);

/// <summary>A stock item named by its key, as a user or an API client gives it.</summary>
public sealed record StockKey(string Warehouse, string Sku);

/// <summary>Clear Inventory: every item of the instance, or the ones named.</summary>
public sealed record ClearRequest(bool All, IReadOnlyList<StockKey> Items)
{
    public static ClearRequest Everything { get; } = new(true, []);

    /// <summary>The items named; each must be a valid warehouse code and SKU (the field names say which item is not).</summary>
    public static ClearRequest Selected(IEnumerable<StockKey> items)
    {
        var list = items.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (Fields.WarehouseProblem(list[i].Warehouse) is { } warehouse)
                throw new ValidationException($"items[{i}].warehouse", warehouse);
            if (Fields.SkuProblem(list[i].Sku) is { } sku)
                throw new ValidationException($"items[{i}].sku", sku);
        }
        return new(false, list);
    }
}

public sealed record MovementView(
    long Id, DateTime At, string Warehouse, string Sku, int Change, int QuantityAfter, MovementReason Reason,
    string User, string? Note, long? OrderId, string? OrderNumber, long? ImportId);

public sealed record StockSummary(int Tracked, int AtOrBelowZero);
