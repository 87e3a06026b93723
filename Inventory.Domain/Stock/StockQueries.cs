using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Stock;

/// <summary>The read side of stock: the grid's pages, warehouses, summaries and the ledger.</summary>
public sealed class StockQueries(IDbContextFactory<InventoryDbContext> dbFactory, IDatabaseEngine provider)
{
    private readonly FilterCounts _counts = new();
    private readonly OrderMarks _marks = new();
    private static readonly Func<StockItem, StockItemView> ItemView = StockItemView.Of.Compile();

    /// <summary>
    /// One page of the grid. Each sort is a total order read off an index of its own; with
    /// <see cref="StockQuery.After"/> (the last row of the page before) the page is found by seeking
    /// past that row instead of counting rows off from the start.
    /// </summary>
    public async Task<Page<StockItemView>> QueryAsync(int instanceId, StockQuery query, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var items = db.StockOf(instanceId);
        int? total = null;
        var search = string.IsNullOrWhiteSpace(query.Search) ? "" : Keys.Normalize(query.Search);
        if (search.Length > 0)
        {
            var count = _counts.Find(instance, search, "") ?? await provider.CountSkusAsync(db, instanceId, search, ct);
            if (count is { } found)
                (items, total) = (provider.FindSkus(db, instanceId, search, _counts.Remember(instance, search, "", found)), found);
            else
                items = items.Where(s => s.SkuKey.Contains(search));
        }
        var warehouse = string.IsNullOrWhiteSpace(query.Warehouse) ? "" : Keys.Normalize(query.Warehouse);
        if (warehouse.Length > 0)
        {
            items = items.Where(s => s.WarehouseKey == warehouse);
            // A search's count above is of every warehouse; the warehouse's own is kept apart.
            total = _counts.Find(instance, search, warehouse);
        }
        if (query.Level is { } level)
        {
            // Each level is a range of the quantity index.
            var threshold = instance.LowStockThreshold;
            if (level == StockLevel.Low && threshold is null)
                throw new ValidationException("lowStock",
                    $"{instance.Name} has no low-stock threshold; set one on the instance (lowStockThreshold) to filter by it.");
            var low = threshold ?? 0;
            items = level switch
            {
                StockLevel.Low => items.Where(s => s.Quantity <= low),
                StockLevel.Zero => items.Where(s => s.Quantity == 0),
                StockLevel.Oversold => items.Where(s => s.Quantity < 0),
                _ => items.Where(s => s.Quantity > low),
            };
            // Quantities change all day: a level's count is never kept.
            total = await items.CountAsync(ct);
        }
        else if (search.Length == 0 && warehouse.Length == 0)
            total = instance.ItemCount;
        else
            total ??= _counts.Remember(instance, search, warehouse, await items.CountAsync(ct));
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        int offset;
        if (query.After is { } after)
            (items, offset) = (StockOrder.After(items, query.Sort, query.Descending, after), 0);
        else if (Paging.Offset(query.Page, pageSize, total.Value) is { } start)
            offset = start;
        else
            return new Page<StockItemView>([], total.Value);
        var take = Math.Min(pageSize, total.Value - offset);
        if (query.After is null && search.Length == 0 && query.Level is null && OrderMarks.Serves(query.Sort)
            && await _marks.PageAsync(instance, items, query, warehouse, offset, take, total.Value, ct) is { } marked)
            return marked;
        // A page past the middle is nearer the end: it is counted off from there, in the opposite order, and
        // turned round, so the last page of a million items is as quick as the first. (Every order is total.)
        var fromEnd = total.Value - offset - take;
        var backwards = query.After is null && fromEnd < offset;
        var descending = query.Descending != backwards;
        var skip = backwards ? fromEnd : offset;
        var pageItems = StockOrder.Sort(items.AsNoTracking(), query.Sort, descending).Skip(skip).Take(backwards ? take : pageSize);
        var page = skip > 0 && search.Length == 0 && provider.OffsetReadsSkippedRows
            ? await KeysFirstAsync(db.StockOf(instanceId).AsNoTracking(), pageItems, query.Sort, descending, ct)
            : await pageItems.Select(StockItemView.Of).ToListAsync(ct);
        if (backwards)
            page.Reverse();
        return new Page<StockItemView>(page, total.Value);
    }

    /// <summary>
    /// A page counted off by offset, found by its keys first and only then read whole, so the rows skipped
    /// are read from the sort's index alone: PostgreSQL otherwise reads every one from the table, half a
    /// million for the middle of a million items (SQLite reads the index alone either way). The keys are
    /// the unique ones each sort's index holds: the item's SKU and warehouse, or, for the time sort, its
    /// id. Two statements, not a join: a join's prepared (generic) plan does not know the page is 25 rows
    /// and hashes the whole instance. The index alone also needs the table's pages marked all-visible,
    /// which the vacuum after a big import does.
    /// </summary>
    private static async Task<List<StockItemView>> KeysFirstAsync(IQueryable<StockItem> stock, IQueryable<StockItem> page,
        StockSort sort, bool descending, CancellationToken ct)
    {
        IQueryable<StockItem> rows;
        Func<StockItem, bool> onPage;
        if (sort == StockSort.UpdatedAt)
        {
            var ids = await page.Select(s => s.Id).ToListAsync(ct);
            (rows, onPage) = (stock.Where(s => ids.Contains(s.Id)), _ => true);
        }
        else
        {
            var keys = (await page.Select(s => new { s.SkuKey, s.WarehouseKey }).ToListAsync(ct))
                .Select(k => (k.SkuKey, k.WarehouseKey)).ToHashSet();
            var skus = keys.Select(k => k.SkuKey).Distinct().ToList();
            // The SKUs' other warehouses come along (the unique index is by SKU first) and are left out here.
            (rows, onPage) = (stock.Where(s => skus.Contains(s.SkuKey)), s => keys.Contains((s.SkuKey, s.WarehouseKey)));
        }
        return (await StockOrder.Sort(rows, sort, descending).ToListAsync(ct)).Where(onPage).Select(ItemView).ToList();
    }

    /// <summary>How many warehouses a picker lists at most: it asks again as the seller types.</summary>
    public const int WarehousePage = 20;

    /// <summary>
    /// Up to <paramref name="limit"/> of the instance's warehouses whose code contains <paramref name="search"/>
    /// (compared as keys, rule 12), in code order, as sellers typed them. Never the whole list: an instance
    /// may have up to <see cref="Import.ImportOptions.MaxWarehouses"/> of them, and more from before that limit.
    /// </summary>
    public async Task<IReadOnlyList<string>> WarehousesAsync(int instanceId, Actor actor, string? search = null, int limit = WarehousePage,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        await db.Database.OpenConnectionAsync(ct);
        return await WarehousesSql.FindAsync(db.Database.GetDbConnection(), instanceId,
            string.IsNullOrWhiteSpace(search) ? "" : Keys.Normalize(search), Math.Clamp(limit, 1, 100), ct);
    }

    /// <summary>Some of the instance's items (for the simulated marketplace), from a random place in the list.</summary>
    public async Task<IReadOnlyList<StockItemView>> SampleAsync(int instanceId, int count, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var stock = db.StockOf(instanceId).AsNoTracking();
        var total = await stock.CountAsync(ct);
        return await stock.OrderBy(s => s.SkuKey).ThenBy(s => s.WarehouseKey)
            .Skip(total <= count ? 0 : Random.Shared.Next(total - count))
            .Take(count)
            .Select(StockItemView.Of)
            .ToListAsync(ct);
    }

    public async Task<StockSummary> SummaryAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var stock = db.StockOf(instanceId);
        return new StockSummary(await stock.CountAsync(ct), await stock.CountAsync(s => s.Quantity <= 0, ct));
    }

    /// <summary>The ledger of one SKU (in one warehouse, or all), newest first.</summary>
    public async Task<IReadOnlyList<MovementView>> MovementsAsync(int instanceId, Actor actor, string? sku = null, string? warehouse = null,
        int limit = 500, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var movements = db.MovementsOf(instanceId).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(sku))
        {
            var skuKey = Keys.Normalize(sku);
            movements = movements.Where(m => m.SkuKey == skuKey);
        }
        if (!string.IsNullOrWhiteSpace(warehouse))
        {
            var warehouseKey = Keys.Normalize(warehouse);
            movements = movements.Where(m => m.WarehouseKey == warehouseKey);
        }
        return await movements
            .OrderByDescending(m => m.Id)
            .Take(Math.Clamp(limit, 1, 10_000))
            .Select(m => new MovementView(m.Id, m.At, m.Warehouse, m.Sku, m.Change, m.QuantityAfter, m.Reason, m.User,
                m.Note, m.OrderId, db.Orders.Where(o => o.Id == m.OrderId).Select(o => o.OrderNumber).FirstOrDefault(), m.ImportId))
            .ToListAsync(ct);
    }

    /// <summary>The instance's stock files, newest first, with who uploaded each.</summary>
    public async Task<IReadOnlyList<ImportView>> ImportsAsync(int instanceId, Actor actor, int limit = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        return await db.Imports.AsNoTracking().Where(i => i.InstanceId == instanceId)
            .OrderByDescending(i => i.Id).Take(Math.Clamp(limit, 1, 500))
            .Select(ToView)
            .ToListAsync(ct);
    }

    private static readonly System.Linq.Expressions.Expression<Func<InventoryImport, ImportView>> ToView = i => new ImportView(
        i.Id, i.At, i.User, i.FileName, i.RowsRead, i.Created, i.Updated, i.Unchanged, i.Status, i.CountedAt, i.ErrorCount,
        i.AppliedAt, i.UndoneAt, i.UndoneBy);

    /// <summary>
    /// One stock file and its changes: while previewed, what it would change now; once applied (or
    /// undone), what it did, as its ledger rows say.
    /// </summary>
    public async Task<ImportDetails> ImportDetailsAsync(int instanceId, long importId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var import = await db.Imports.AsNoTracking().Where(i => i.Id == importId && i.InstanceId == instanceId).Select(ToView)
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException($"Import {importId} does not exist in this instance.");
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        switch (import.Status)
        {
            case ImportStatus.Previewed:
                return new ImportDetails(import, await ImportRowsSql.ChangesAsync(connection, null, instanceId, importId, ct),
                    import.Created + import.Updated);
            case ImportStatus.Applied or ImportStatus.Undone:
                var (changes, count) = await ImportRowsSql.AppliedChangesAsync(connection, importId, ct);
                return new ImportDetails(import, changes, count);
            default:
                return new ImportDetails(import, [], 0);
        }
    }

    /// <summary>What an import created or changed, as its ledger rows say (unchanged items have none).</summary>
    public async Task<Page<MovementView>> ImportedAsync(int instanceId, long importId, Actor actor, int limit = 200, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var movements = db.MovementsOf(instanceId).AsNoTracking().Where(m => m.ImportId == importId);
        var items = await movements.OrderBy(m => m.Id).Take(limit)
            .Select(m => new MovementView(m.Id, m.At, m.Warehouse, m.Sku, m.Change, m.QuantityAfter, m.Reason, m.User, m.Note, null, null, m.ImportId))
            .ToListAsync(ct);
        return new Page<MovementView>(items, await movements.CountAsync(ct));
    }

}
