using System.Collections.Concurrent;
using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Stock;

/// <summary>
/// Every <see cref="Interval"/>th item of an instance in SKU order and in warehouse order, alone or
/// within one warehouse: a page deep in those orders starts from the nearest mark before it and counts
/// off fewer than <see cref="Interval"/> rows, instead of half a million. The orders follow only the
/// items' keys, which never change, so the marks change only when items come or go, which moves the
/// instance's <see cref="Instance.ItemsVersion"/>: marks kept under that version stay exact for as long
/// as they are used, as <see cref="FilterCounts"/>' counts do.
/// </summary>
/// <remarks>
/// Each mark is found from the one before it, <see cref="Interval"/> rows on along the order's index,
/// and only as far as a page asks for: the first jump to the middle of a million items reads the index
/// once up to there, in fifty short queries, and every jump after that reads at most one stretch.
/// </remarks>
internal sealed class OrderMarks
{
    public const int Interval = 10_000;
    private const int MaxKept = 100;

    /// <summary>A mark: the row at 0-based <paramref name="Position"/> in ascending order, as keys.</summary>
    private sealed record Mark(int Position, StockItemView Row);

    private readonly ConcurrentDictionary<(int Instance, int Version, StockSort Sort, string Warehouse), IReadOnlyList<Mark>> _kept = new();

    public static bool Serves(StockSort sort) => sort is StockSort.Sku or StockSort.Warehouse;

    /// <summary>The last mark before ascending position <paramref name="position"/> of <paramref name="items"/>, or null when there is none.</summary>
    /// <param name="items">The instance's items, filtered by <paramref name="warehouse"/> when there is one.</param>
    /// <param name="warehouse">The normalized warehouse, or "" for every warehouse.</param>
    private async Task<Mark?> BeforeAsync(Instance instance, IQueryable<StockItem> items, StockSort sort, string warehouse, int position,
        CancellationToken ct)
    {
        var wanted = position / Interval - 1;
        if (wanted < 0)
            return null;
        var key = (instance.Id, instance.ItemsVersion, sort, warehouse);
        var marks = _kept.TryGetValue(key, out var kept) ? kept : [];
        if (marks.Count <= wanted)
        {
            var found = marks.ToList();
            while (found.Count <= wanted && await NextAsync(items, sort, found.Count > 0 ? found[^1] : null, ct) is { } next)
                found.Add(next);
            // Old versions are never asked for again; a bound is all the upkeep needed.
            if (_kept.Count >= MaxKept)
                _kept.Clear();
            _kept[key] = marks = found;
        }
        return wanted < marks.Count ? marks[wanted] : null;
    }

    /// <summary>
    /// A deep page in SKU or warehouse order, counted off from the nearest mark before it (in ascending
    /// order, then turned round for a descending one); null when the page starts before the first mark.
    /// </summary>
    /// <param name="items">The instance's items, filtered by <paramref name="warehouse"/> when there is one.</param>
    public async Task<Page<StockItemView>?> PageAsync(Instance instance, IQueryable<StockItem> items, StockQuery query,
        string warehouse, int offset, int take, int total, CancellationToken ct)
    {
        // The page's first row in ascending order.
        var first = query.Descending ? total - offset - take : offset;
        if (await BeforeAsync(instance, items, query.Sort, warehouse, first, ct) is not { } mark)
            return null;
        var page = await StockOrder.Sort(StockOrder.After(items.AsNoTracking(), query.Sort, descending: false, mark.Row), query.Sort,
                descending: false)
            .Skip(first - mark.Position - 1).Take(take)
            .Select(StockItemView.Of)
            .ToListAsync(ct);
        if (query.Descending)
            page.Reverse();
        return new Page<StockItemView>(page, total);
    }

    /// <summary>The mark <see cref="Interval"/> rows after <paramref name="previous"/> (or the first), read off the order's index.</summary>
    private static async Task<Mark?> NextAsync(IQueryable<StockItem> items, StockSort sort, Mark? previous, CancellationToken ct)
    {
        var after = previous is null ? items : StockOrder.After(items, sort, descending: false, previous.Row);
        var keys = await StockOrder.Sort(after.AsNoTracking(), sort, descending: false)
            .Skip(Interval - 1)
            .Select(s => new { s.SkuKey, s.WarehouseKey })
            .FirstOrDefaultAsync(ct);
        return keys is null
            ? null
            : new Mark((previous?.Position ?? -1) + Interval, new StockItemView(0, keys.WarehouseKey, keys.SkuKey, 0, default));
    }
}
