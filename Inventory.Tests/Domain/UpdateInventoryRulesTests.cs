using Inventory.Domain.Import;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>Rule 1 (Update Inventory) and rule 2 (all or nothing), through the domain service.</summary>
public abstract class UpdateInventoryRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    [SkippableFact]
    public async Task Import_SetsQuantityToTheFileValue_RatherThanAddingToIt()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));

        var result = await Db.StockAsync(store.Id, ("SKU-1", 3));

        Assert.Equal(3, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(new ImportSummary(result.Summary!.ImportId, 1, Created: 0, Updated: 1, Unchanged: 0), result.Summary);
    }

    [SkippableFact]
    public async Task Import_RowWithoutWarehouse_GoesToTheInstanceDefaultWarehouse()
    {
        var store = await Db.InstanceAsync(defaultWarehouse: "EWR2");

        await Db.StockAsync(store.Id, ("SKU-1", 7));

        Assert.Equal(7, await Db.QuantityAsync(store.Id, "SKU-1", "EWR2"));
        Assert.Null(await Db.QuantityAsync(store.Id, "SKU-1", "LAX1"));
    }

    [SkippableFact]
    public async Task Import_SkuWithLeadingZeros_KeepsItsZeros()
    {
        var store = await Db.InstanceAsync();

        await Db.StockAsync(store.Id, ("00123", 5));

        var page = await Db.Stock.QueryAsync(store.Id, new StockQuery(), Db.User);
        Assert.Equal("00123", Assert.Single(page.Items).Sku);
        Assert.Null(await Db.QuantityAsync(store.Id, "123"));
    }

    [SkippableFact]
    public async Task Import_SkusDifferingOnlyInCaseAndSpaces_AreOneItem()
    {
        var store = await Db.InstanceAsync();
        await Db.StockInAsync(store.Id, ("lax1", "sku-1", 4));

        var result = await Db.StockInAsync(store.Id, (" LAX1 ", " SKU-1 ", 9));

        Assert.Equal(1, result.Summary!.Updated);
        var page = await Db.Stock.QueryAsync(store.Id, new StockQuery(), Db.User);
        var item = Assert.Single(page.Items);
        Assert.Equal(9, item.Quantity);
        Assert.Equal("sku-1", item.Sku); // the text first typed stays; the key matched
    }

    [SkippableFact]
    public async Task Import_ItemsNotInTheFile_AreLeftAsTheyAre()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 20));

        var result = await Db.StockAsync(store.Id, ("SKU-2", 20), ("SKU-3", 1));

        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal((1, 0, 1), (result.Summary!.Created, result.Summary.Updated, result.Summary.Unchanged));
    }

    [SkippableFact]
    public async Task Import_DuplicateWarehouseAndSku_RejectsTheWholeFileAndChangesNothing()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var before = await Db.SnapshotAsync();

        var result = await Db.StockInAsync(store.Id, ("LAX1", "SKU-9", 1), ("LAX1", "SKU-1", 2), ("lax1", "sku-1 ", 3));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((4, "SKU"), (error.Row, error.Column));
        Assert.Contains("row 3", error.Message);
        Assert.Equal(before, await Db.SnapshotAsync());
    }

    [SkippableFact]
    public async Task Import_EveryRepeatOfAnItem_IsReportedBesideTheFilesOtherErrors_NamingTheItemsFirstRow()
    {
        var store = await Db.InstanceAsync();

        var result = await Db.Inventory.ApplyImportAsync(store.Id, "repeats.csv",
        [
            new ImportRow(2, "LAX1", "SKU-B", 1), new ImportRow(3, "LAX1", "SKU-A", 1), new ImportRow(4, "lax1", "sku-b", 2),
            new ImportRow(5, "LAX1", "SKU-C", -1), new ImportRow(6, "LAX1", "sku-a ", 3), new ImportRow(7, "LAX1", "SKU-B", 4),
            new ImportRow(8, "EWR2", "SKU-B", 5),
        ], Db.User);

        Assert.Equal(4, result.ErrorCount);
        Assert.Collection(result.Errors,
            e => Assert.Equal((4, "SKU", "Warehouse lax1 and SKU sku-b are already on row 2; each may appear once."), (e.Row, e.Column, e.Message)),
            e => Assert.Equal((5, "Quantity"), (e.Row, e.Column)),
            e => Assert.Equal((6, "SKU", "Warehouse LAX1 and SKU sku-a are already on row 3; each may appear once."), (e.Row, e.Column, e.Message)),
            e => Assert.Equal((7, "SKU", "Warehouse LAX1 and SKU SKU-B are already on row 2; each may appear once."), (e.Row, e.Column, e.Message)));
        Assert.Equal("items[] ledger=0 imports=0", await Db.SnapshotAsync());
    }

    [SkippableFact]
    public async Task Import_DuplicateIntoAnEmptyInstance_LeavesNoItemsNoLedgerAndNoImportRow()
    {
        var store = await Db.InstanceAsync();

        var result = await Db.StockInAsync(store.Id, ("LAX1", "SKU-1", 2), ("LAX1", "SKU-1", 3));

        Assert.False(result.Succeeded);
        Assert.Equal("items[] ledger=0 imports=0", await Db.SnapshotAsync());
    }

    [SkippableFact]
    public async Task Import_InvalidRows_AreAllReportedWithRowColumnValueAndReason()
    {
        var store = await Db.InstanceAsync();

        var result = await Db.Inventory.ApplyImportAsync(store.Id, "bad.csv",
            [new ImportRow(2, null, "  ", 1), new ImportRow(3, null, "SKU-2", -1), new ImportRow(4, null, "SKU-3", 1)], Db.User);

        Assert.Equal(2, result.ErrorCount);
        Assert.Collection(result.Errors,
            e => Assert.Equal((2, "SKU", "SKU is empty."), (e.Row, e.Column, e.Message)),
            e => Assert.Equal((3, "Quantity", "-1"), (e.Row, e.Column, e.Value)));
        Assert.Equal("items[] ledger=0 imports=0", await Db.SnapshotAsync());
    }

    [SkippableFact]
    public async Task Import_Applied_RecordsTheImportAndLedgerRowsOnlyForChangedQuantities()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 5));

        var result = await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 6), ("SKU-3", 0));

        Assert.Equal((1, 1, 1), (result.Summary!.Created, result.Summary.Updated, result.Summary.Unchanged));
        var movements = await Db.Stock.MovementsAsync(store.Id, Db.User);
        Assert.Equal(4, movements.Count); // 2 from the first file, SKU-2 and SKU-3 from the second
        var sku2 = movements.First(m => m.Sku == "SKU-2");
        Assert.Equal((1, 6, MovementReason.Import, result.Summary.ImportId), (sku2.Change, sku2.QuantityAfter, sku2.Reason, sku2.ImportId));
    }
}

public sealed class UpdateInventoryRulesOnSqlite() : UpdateInventoryRulesTests(Engine.Sqlite);

public sealed class UpdateInventoryRulesOnPostgres() : UpdateInventoryRulesTests(Engine.Postgres);
