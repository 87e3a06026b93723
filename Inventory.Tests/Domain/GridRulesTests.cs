using Inventory.Domain.Common;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Tests.Domain;

/// <summary>
/// The grid at any size: the SKU search index and the item count stay in step with the stock through
/// every path that changes it, and paging forward by seeking returns exactly what offset paging does.
/// Each expectation is computed here from every item of the instance, read without the grid's query.
/// </summary>
public abstract class GridRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private static readonly StockSort[] Sorts = Enum.GetValues<StockSort>();

    /// <summary>Every item of the instance, straight from the table.</summary>
    private async Task<List<StockItem>> AllItemsAsync(int instanceId)
    {
        await using var db = Db.Context();
        return await db.StockOf(instanceId).AsNoTracking().ToListAsync();
    }

    /// <summary>What a search must find: the items whose SKU key contains the text, as LIKE would.</summary>
    private async Task AssertSearchFindsExactlyAsync(int instanceId, string search)
    {
        var key = Keys.Normalize(search);
        var expected = (await AllItemsAsync(instanceId)).Where(i => i.SkuKey.Contains(key, StringComparison.Ordinal))
            .Select(i => i.Id).Order().ToList();
        var found = await OffsetPagesAsync(instanceId, new StockQuery(Search: search, PageSize: 1000));
        Assert.Equal(expected, found.Select(i => i.Id).Order().ToList());
        Assert.Equal(expected.Count, (await Db.Stock.QueryAsync(instanceId, new StockQuery(Search: search), Db.User)).Total);
    }

    /// <summary>The instance's count, and each warehouse's alone and with a search (kept between changes, as a search's is).</summary>
    private async Task AssertCountIsExactAsync(int instanceId)
    {
        var all = await AllItemsAsync(instanceId);
        Assert.Equal(all.Count, await TotalAsync(instanceId, new StockQuery(PageSize: 1)));
        foreach (var warehouse in new[] { "LAX1", "EWR2" })
        {
            Assert.Equal(all.Count(i => i.WarehouseKey == warehouse), await TotalAsync(instanceId, new StockQuery(Warehouse: warehouse, PageSize: 1)));
            Assert.Equal(all.Count(i => i.WarehouseKey == warehouse && i.SkuKey.Contains("BOLT", StringComparison.Ordinal)),
                await TotalAsync(instanceId, new StockQuery(Search: "bolt", Warehouse: warehouse, PageSize: 1)));
        }
    }

    private async Task<int> TotalAsync(int instanceId, StockQuery query) => (await Db.Stock.QueryAsync(instanceId, query, Db.User)).Total;

    [SkippableFact]
    public async Task TheSearchIndexAndTheCount_StayInStep_ThroughImportAcceptCancelAndClear()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        var other = await Db.InstanceAsync(name: "Other store");
        await Db.StockAsync(other.Id, ("BOLT-M4", 5)); // another instance's SKU never shows up in this one's search
        await Db.StockInAsync(store.Id, ("LAX1", "BOLT-M4", 10), ("EWR2", "BOLT-M4", 3), ("LAX1", "BOLT-M5", 2), ("LAX1", "NUT-M4", 7));
        await AssertSearchFindsExactlyAsync(store.Id, "bolt");
        await AssertSearchFindsExactlyAsync(store.Id, "-M4");
        await AssertCountIsExactAsync(store.Id);

        var order = (await Db.SyncAsync(store.Id, "A-1", ("BOLT-M4", 4))).OrderId!.Value;
        await Db.Acceptance.AcceptAsync(store.Id, [order], Db.User);
        await Db.Cancellation.CancelAsync(store.Id, [order], "customer asked", Db.User);
        await Db.StockAsync(store.Id, ("WASHER-M4", 1), ("BOLT-M5", 9)); // one new, one changed
        await AssertSearchFindsExactlyAsync(store.Id, "-M4");
        await AssertSearchFindsExactlyAsync(store.Id, "WASHER");
        await AssertCountIsExactAsync(store.Id);

        await Db.Inventory.ClearAsync(store.Id, new ClearRequest(false, [new StockKey("LAX1", "BOLT-M4")]), Db.User);
        await AssertSearchFindsExactlyAsync(store.Id, "BOLT");
        await AssertCountIsExactAsync(store.Id);
        await Db.StockAsync(store.Id, ("BOLT-M4", 8)); // tracked again after the clear
        await AssertSearchFindsExactlyAsync(store.Id, "BOLT-M4");
        await AssertSearchFindsExactlyAsync(store.Id, "BOLT"); // the same search as before: its count moved back
        await AssertCountIsExactAsync(store.Id);

        // One item goes and another comes: the count is the same, what a search finds is not.
        await Db.Inventory.ClearAsync(store.Id, new ClearRequest(false, [new StockKey("LAX1", "NUT-M4")]), Db.User);
        await Db.StockAsync(store.Id, ("BOLT-M6", 1));
        await AssertSearchFindsExactlyAsync(store.Id, "BOLT");
        await AssertSearchFindsExactlyAsync(store.Id, "NUT");
        await AssertCountIsExactAsync(store.Id);

        await Db.Inventory.ClearAsync(store.Id, new ClearRequest(true, []), Db.User);
        await AssertSearchFindsExactlyAsync(store.Id, "-M4");
        await AssertCountIsExactAsync(store.Id);
        await AssertSearchFindsExactlyAsync(other.Id, "BOLT");
        await AssertCountIsExactAsync(other.Id);
    }

    [SkippableFact]
    public async Task TheSearchIndexAndTheCount_StayInStep_ThroughPreviewApplyAndUndoOfAnImportAndOfAClear()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("BOLT-M4", 10), ("NUT-M4", 7));
        var preview = (await Db.Inventory.PreviewAsync(store.Id, "more.csv", channel =>
        {
            channel.Write(new Inventory.Domain.Import.ImportRow(2, null, "BOLT-M5", 3));
            channel.Write(new Inventory.Domain.Import.ImportRow(3, null, "NUT-M4", 2));
        }, null, Db.User)).Preview!;
        await AssertSearchFindsExactlyAsync(store.Id, "M5"); // a preview tracks nothing yet
        await AssertCountIsExactAsync(store.Id);
        await Db.Inventory.ApplyAsync(store.Id, preview.ImportId, Db.User);
        await AssertSearchFindsExactlyAsync(store.Id, "M5");
        await AssertCountIsExactAsync(store.Id);

        await Db.Inventory.UndoImportAsync(store.Id, preview.ImportId, Db.User); // BOLT-M5 untracked again
        await AssertSearchFindsExactlyAsync(store.Id, "BOLT");
        await AssertSearchFindsExactlyAsync(store.Id, "-M");
        await AssertCountIsExactAsync(store.Id);

        var clear = await Db.Inventory.ClearAsync(store.Id, ClearRequest.Everything, Db.User);
        await AssertSearchFindsExactlyAsync(store.Id, "-M4");
        await AssertCountIsExactAsync(store.Id);
        await Db.Inventory.UndoClearAsync(store.Id, clear.ClearId, Db.User);
        await AssertSearchFindsExactlyAsync(store.Id, "-M4");
        await AssertSearchFindsExactlyAsync(store.Id, "NUT");
        await AssertCountIsExactAsync(store.Id);
    }

    [SkippableFact]
    public async Task ASearchWithManyMatchesOrFew_FindsWhatLikeWould_InEveryOrder()
    {
        var store = await Db.InstanceAsync();
        // Past the point where the search reads along the sort order instead of from the matches.
        await Db.StockAsync(store.Id, Enumerable.Range(0, 2_600).Select(i => ($"MANY-{i:0000}-X", i % 7)).ToArray());
        await Db.StockAsync(store.Id, ("FEW-1", 1), ("FEW-2", 2), ("A\"QUOTE\"", 3));

        foreach (var search in new[] { "many-", "-00", "FEW", "\"QUOTE\"", "ma" })
        {
            await AssertSearchFindsExactlyAsync(store.Id, search);
            foreach (var sort in Sorts)
                foreach (var descending in new[] { false, true })
                {
                    var offsetPaged = await OffsetPagesAsync(store.Id, new StockQuery(Search: search, PageSize: 500, Sort: sort, Descending: descending));
                    var expected = Sorted((await AllItemsAsync(store.Id))
                        .Where(i => i.SkuKey.Contains(Keys.Normalize(search), StringComparison.Ordinal)), sort, descending);
                    Assert.Equal(expected, offsetPaged.Select(i => i.Id).ToList());
                }
        }
    }

    [SkippableFact]
    public async Task PagingForwardBySeeking_ReturnsExactlyTheRowsOfOffsetPaging_ForEverySortFilterAndDirection()
    {
        var store = await Db.InstanceAsync();
        // Ties everywhere: one import gives every item the same time, quantities repeat, SKUs repeat
        // across warehouses. A seek that broke ties wrongly would skip or repeat a row.
        await Db.StockInAsync(store.Id, Enumerable.Range(0, 137)
            .Select(i => (new[] { "LAX1", "EWR2", "DFW3" }[i % 3], $"ITEM-{i / 3:000}", i % 5)).ToArray());
        await Db.StockInAsync(store.Id, ("LAX1", "LATE-1", 2), ("EWR2", "ITEM-001", 9));

        foreach (var filter in new[] { new StockQuery(), new StockQuery(Warehouse: "lax1"), new StockQuery(Search: "item-0") })
            foreach (var sort in Sorts)
                foreach (var descending in new[] { false, true })
                {
                    var query = filter with { Sort = sort, Descending = descending, PageSize = 10 };
                    var byOffset = await OffsetPagesAsync(store.Id, query);
                    var bySeek = new List<StockItemView>();
                    StockItemView? last = null;
                    while (true)
                    {
                        var page = await Db.Stock.QueryAsync(store.Id, query with { After = last }, Db.User);
                        if (page.Items.Count == 0)
                            break;
                        bySeek.AddRange(page.Items);
                        last = page.Items[^1];
                    }
                    Assert.True(byOffset.Count > 10, "the query must span several pages");
                    Assert.Equal(byOffset.Select(i => i.Id), bySeek.Select(i => i.Id));
                }
    }

    [SkippableFact]
    public async Task AfterImportsLargeEnoughToRebuildTheGridsIndexes_TheyAreAllThere_AndTheGridSortsAsBefore()
    {
        var store = await Db.InstanceAsync();
        var indexesBefore = await StockIndexesAsync();
        // Past the size from which the apply builds the grid's indexes afresh instead of row by row:
        // first every item created (all of them rebuilt), then every quantity changed (those on quantity
        // and time), then the same file again (nothing changes, nothing is rebuilt).
        (string, int)[] Rows(int salt) => Enumerable.Range(0, 100_500).Select(i => ($"BULK-{i:000000}", (i + salt) * 7919 % 1000)).ToArray();
        foreach (var rows in new[] { Rows(0), Rows(1), Rows(1) })
        {
            await Db.StockAsync(store.Id, rows);

            Assert.Equal(indexesBefore, await StockIndexesAsync());
            var items = await AllItemsAsync(store.Id);
            Assert.Equal(rows.ToDictionary(r => r.Item1, r => r.Item2), items.ToDictionary(i => i.Sku, i => i.Quantity));
            foreach (var sort in Sorts)
            {
                var page = await Db.Stock.QueryAsync(store.Id, new StockQuery(PageSize: 25, Sort: sort, Descending: true), Db.User);
                Assert.Equal(Sorted(items, sort, descending: true).Take(25), page.Items.Select(i => i.Id));
            }
            await AssertSearchFindsExactlyAsync(store.Id, "BULK-00012");
            // Deep enough to start from the marks kept every 10,000 items (OrderMarks), at a mark's
            // edge, between marks and past the last one, both ways.
            foreach (var (size, number) in new[] { (25, 400), (7, 3573), (1000, 100) })
                foreach (var sort in new[] { StockSort.Sku, StockSort.Warehouse })
                    foreach (var descending in new[] { false, true })
                    {
                        var page = await Db.Stock.QueryAsync(store.Id,
                            new StockQuery(Page: number, PageSize: size, Sort: sort, Descending: descending), Db.User);
                        Assert.Equal(Sorted(items, sort, descending).Skip(size * number).Take(size), page.Items.Select(i => i.Id));
                    }
            if (engine == Engine.Sqlite)
                await AssertSearchIndexIsSoundAndMergesAsUsualAsync();
        }
    }

    /// <summary>
    /// A large apply writes the SQLite search index without merging it as it goes, and must leave it
    /// consistent and merging again: an index that never merged would slow every later search.
    /// </summary>
    private async Task AssertSearchIndexIsSoundAndMergesAsUsualAsync()
    {
        await using var db = Db.Context();
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "StockSearch" ("StockSearch") VALUES ('integrity-check')""");
        var automerge = await db.Database.SqlQueryRaw<long?>("""SELECT v AS "Value" FROM "StockSearch_config" WHERE k = 'automerge'""")
            .SingleOrDefaultAsync();
        Assert.True(automerge is null or > 0, $"the search index's automerge is {automerge}: it would never merge again");
    }

    /// <summary>The stock table's indexes, by name, as the database lists them.</summary>
    private async Task<List<string>> StockIndexesAsync()
    {
        await using var db = Db.Context();
        var sql = engine == Engine.Sqlite
            ? """SELECT name AS "Value" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'StockItems' ORDER BY name"""
            : """SELECT indexname AS "Value" FROM pg_indexes WHERE tablename = 'StockItems' ORDER BY indexname""";
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
    }

    private async Task<List<StockItemView>> OffsetPagesAsync(int instanceId, StockQuery query)
    {
        var rows = new List<StockItemView>();
        for (var page = 0; ; page++)
        {
            var result = await Db.Stock.QueryAsync(instanceId, query with { Page = page }, Db.User);
            rows.AddRange(result.Items);
            if (rows.Count >= result.Total || result.Items.Count == 0)
                return rows;
        }
    }

    /// <summary>The grid's orders, spelled out here independently of the query code.</summary>
    private static List<long> Sorted(IEnumerable<StockItem> items, StockSort sort, bool descending)
    {
        var ordered = sort switch
        {
            StockSort.Warehouse => items.OrderBy(i => i.WarehouseKey, StringComparer.Ordinal).ThenBy(i => i.SkuKey, StringComparer.Ordinal),
            StockSort.Quantity => items.OrderBy(i => i.Quantity).ThenBy(i => i.SkuKey, StringComparer.Ordinal).ThenBy(i => i.WarehouseKey, StringComparer.Ordinal),
            StockSort.UpdatedAt => items.OrderBy(i => i.UpdatedAt).ThenBy(i => i.Id),
            _ => items.OrderBy(i => i.SkuKey, StringComparer.Ordinal).ThenBy(i => i.WarehouseKey, StringComparer.Ordinal),
        };
        var ids = ordered.Select(i => i.Id).ToList();
        if (descending)
            ids.Reverse();
        return ids;
    }

    [SkippableFact]
    public async Task Warehouses_ListAPageOfTheInstancesCodesContainingTheSearch_AsTyped_InCodeOrder()
    {
        var store = await Db.InstanceAsync();
        var other = await Db.InstanceAsync(name: "Other");
        await Db.Inventory.ApplyImportAsync(store.Id, "stock.csv",
            Enumerable.Range(0, 50).Select(i => new Inventory.Domain.Import.ImportRow(i + 2, $"wh{i:00}", "SKU-1", 1)), Db.User);
        await Db.StockInAsync(store.Id, ("WH07", "SKU-2", 1));
        await Db.StockInAsync(other.Id, ("WH99", "SKU-1", 1));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"wh{i:00}"), await Db.Stock.WarehousesAsync(store.Id, Db.User));
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"wh{i:00}"), await Db.Stock.WarehousesAsync(store.Id, Db.User, " H1"));
        Assert.Equal(["wh03", "wh13", "wh23", "wh30", "wh31"], await Db.Stock.WarehousesAsync(store.Id, Db.User, "3", limit: 5));
        Assert.Empty(await Db.Stock.WarehousesAsync(store.Id, Db.User, "H_1")); // LIKE's wildcards are text here
        Assert.Empty(await Db.Stock.WarehousesAsync(store.Id, Db.User, "%"));
        Assert.Empty(await Db.Stock.WarehousesAsync(store.Id, Db.User, "WH99")); // another instance's
    }
}

public sealed class GridRulesOnSqlite() : GridRulesTests(Engine.Sqlite);

public sealed class GridRulesOnPostgres() : GridRulesTests(Engine.Postgres);
