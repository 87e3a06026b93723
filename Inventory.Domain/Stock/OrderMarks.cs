using System.Collections.Concurrent;
using Inventory.Domain.Instances;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Stock;

/// <summary>
/// Every <see cref="Interval"/>th item of an instance in SKU order and in warehouse order, alone or
/// within one warehouse: a page deep in those orders starts from the nearest mark and counts off fewer
/// than <see cref="Interval"/> rows, instead of half a million. The orders follow only the items' keys,
/// which never change, so the marks change only when items come or go, which moves the instance's
/// <see cref="Instance.ItemsVersion"/>: marks kept under that version stay exact for as long as they
/// are used, as <see cref="FilterCounts"/>' counts do. Finding them walks the order's index once.
/// </summary>
internal sealed class OrderMarks
{
    public const int Interval = 10_000;
    private const int MaxKept = 100;

    /// <summary>A mark: the row at 0-based <paramref name="Position"/> in ascending order, as keys.</summary>
    public sealed record Mark(int Position, StockItemView Row);

    private readonly ConcurrentDictionary<(int Instance, int Version, StockSort Sort, string Warehouse), IReadOnlyList<Mark>> _kept = new();

    public static bool Serves(StockSort sort) => sort is StockSort.Sku or StockSort.Warehouse;

    /// <summary>The last mark before ascending position <paramref name="position"/>, or null when there is none.</summary>
    /// <param name="warehouse">The normalized warehouse, or "" for every warehouse.</param>
    public async Task<Mark?> BeforeAsync(InventoryDbContext db, Instance instance, StockSort sort, string warehouse, int position,
        CancellationToken ct)
    {
        if (position < Interval)
            return null;
        var key = (instance.Id, instance.ItemsVersion, sort, warehouse);
        if (!_kept.TryGetValue(key, out var marks))
        {
            marks = await FindAsync(db, instance.Id, sort, warehouse, ct);
            // Old versions are never asked for again; a bound is all the upkeep needed.
            if (_kept.Count >= MaxKept)
                _kept.Clear();
            _kept[key] = marks;
        }
        var before = position / Interval - 1;
        return before < marks.Count ? marks[before] : null;
    }

    private static async Task<IReadOnlyList<Mark>> FindAsync(InventoryDbContext db, int instanceId, StockSort sort, string warehouse,
        CancellationToken ct)
    {
        // The same statement on both engines; each row's number in the order, kept every Interval rows.
        var order = sort == StockSort.Warehouse ? "\"WarehouseKey\", \"SkuKey\"" : "\"SkuKey\", \"WarehouseKey\"";
        var inWarehouse = warehouse.Length > 0 ? "AND \"WarehouseKey\" = {1}" : "";
        // Only constants are spliced in; the instance and the warehouse are parameters.
        var sql = $$"""
            SELECT "SkuKey", "WarehouseKey" FROM (
                SELECT "SkuKey", "WarehouseKey", row_number() OVER (ORDER BY {{order}}) AS "Number"
                FROM "StockItems" WHERE "InstanceId" = {0} {{inWarehouse}}) AS "Numbered"
            WHERE "Number" % {{Interval}} = 0
            ORDER BY "Number"
            """;
        var rows = await db.Database.SqlQueryRaw<MarkRow>(sql, warehouse.Length > 0 ? [instanceId, warehouse] : [instanceId])
            .ToListAsync(ct);
        return rows.Select((r, i) => new Mark((i + 1) * Interval - 1, new StockItemView(0, r.WarehouseKey, r.SkuKey, 0, default)))
            .ToList();
    }

    private sealed class MarkRow
    {
        public string SkuKey { get; init; } = "";
        public string WarehouseKey { get; init; } = "";
    }
}
