using System.Collections.Concurrent;
using Inventory.Domain.Instances;

namespace Inventory.Domain.Stock;

/// <summary>
/// How many items recent SKU searches found. What a search finds changes only when items come or go,
/// which moves the instance's <see cref="Instance.ItemsVersion"/>, so a count is kept under that
/// version and is exact for as long as it is used: paging through a search, and every open page's
/// re-query after a change, then skip counting a hundred thousand matches again.
/// </summary>
internal sealed class SearchCounts
{
    private const int MaxKept = 1_000;
    private readonly ConcurrentDictionary<(int Instance, int Version, string Search), int> _counts = new();

    public int? Find(Instance instance, string search) =>
        _counts.TryGetValue((instance.Id, instance.ItemsVersion, search), out var count) ? count : null;

    public int Remember(Instance instance, string search, int count)
    {
        // Old versions are never asked for again; a bound is all the upkeep needed.
        if (_counts.Count >= MaxKept)
            _counts.Clear();
        _counts[(instance.Id, instance.ItemsVersion, search)] = count;
        return count;
    }
}
