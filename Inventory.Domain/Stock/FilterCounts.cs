using System.Collections.Concurrent;
using Inventory.Domain.Instances;

namespace Inventory.Domain.Stock;

/// <summary>
/// How many items recent SKU searches and warehouse filters found. An item's SKU and warehouse never
/// change, so what such a filter finds changes only when items come or go, which moves the instance's
/// <see cref="Instance.ItemsVersion"/>: a count kept under that version is exact for as long as it is
/// used. Paging through a search or a warehouse, and every open page's re-query after a change, then
/// skip counting a hundred thousand matches again.
/// </summary>
internal sealed class FilterCounts
{
    private const int MaxKept = 1_000;
    private readonly ConcurrentDictionary<(int Instance, int Version, string Search, string Warehouse), int> _counts = new();

    /// <param name="search">The normalized search, or "" for none.</param>
    /// <param name="warehouse">The normalized warehouse, or "" for every warehouse.</param>
    public int? Find(Instance instance, string search, string warehouse) =>
        _counts.TryGetValue((instance.Id, instance.ItemsVersion, search, warehouse), out var count) ? count : null;

    public int Remember(Instance instance, string search, string warehouse, int count)
    {
        // Old versions are never asked for again; a bound is all the upkeep needed.
        if (_counts.Count >= MaxKept)
            _counts.Clear();
        _counts[(instance.Id, instance.ItemsVersion, search, warehouse)] = count;
        return count;
    }
}
