using System.Text;
using Inventory.Domain.Import;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>
/// Rule 2's bound on warehouses: a file that would take an instance beyond <c>Import:MaxWarehouses</c>
/// is refused at preview, naming the limit, and changes nothing (here the limit is 3).
/// </summary>
public abstract class WarehouseLimitRulesTests(Engine engine)
    : DomainTest(new TestDatabase { Engine = engine, Settings = { ["Import:MaxWarehouses"] = "3" } })
{
    private readonly Engine _engine = engine;

    [SkippableFact]
    public async Task Preview_OfAFileWhoseNewWarehousesWouldTakeTheInstanceBeyondTheLimit_IsRefusedNamingTheLimit_AndWritesNothing()
    {
        var store = await Db.InstanceAsync();
        await Db.StockInAsync(store.Id, ("LAX1", "SKU-A", 1), ("EWR2", "SKU-B", 2));
        var before = await Db.SnapshotAsync();

        var result = await PreviewAsync(store.Id, ("lax1", "SKU-C", 3), ("DFW3", "SKU-D", 4), ("ORD4", "SKU-E", 5), ("ORD4", "SKU-F", 6));

        Assert.Null(result.Preview);
        var error = Assert.Single(result.Errors);
        Assert.Equal((0, "Warehouse", "This file would give the instance 4 warehouses (2 new); an instance has at most 3 (Import:MaxWarehouses)."),
            (error.Row, error.Column, error.Message));
        Assert.Equal(before, await Db.SnapshotAsync());
    }

    [SkippableFact]
    public async Task Preview_OfAFileNamingMoreWarehousesThanTheLimit_StopsReadingAtTheFirstCodePastIt_AndNamesItsRow()
    {
        var store = await Db.InstanceAsync();
        var written = 0;

        var result = await Db.Inventory.PreviewAsync(store.Id, "many.csv", channel =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                written++;
                channel.Write(new ImportRow(i + 2, $"W{i}", "SKU-1", 1));
            }
        }, countedAt: null, Db.User);

        var error = Assert.Single(result.Errors);
        Assert.Equal((5, "Warehouse", "W3", "This file names more than 3 warehouses; an instance has at most 3 (Import:MaxWarehouses)."),
            (error.Row, error.Column, error.Value, error.Message));
        Assert.Equal(4, written);
        Assert.Equal("items[] ledger=0 imports=0", await Db.SnapshotAsync());
    }

    [SkippableFact]
    public async Task Import_OfNewItemsInTheWarehousesTheInstanceHas_IsApplied_WhenTheInstanceIsAtTheLimit()
    {
        var store = await Db.InstanceAsync();
        await Db.StockInAsync(store.Id, ("LAX1", "SKU-A", 1), ("EWR2", "SKU-B", 2), ("DFW3", "SKU-C", 3));

        var result = await Db.StockInAsync(store.Id, (" lax1", "SKU-D", 4), ("ewr2 ", "SKU-E", 5), ("DFW3", "SKU-A", 6));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(4, await Db.QuantityAsync(store.Id, "SKU-D"));
    }

    [SkippableFact]
    public async Task Preview_OfAFileOfAHundredThousandWarehouses_IsRefusedNamingTheDefaultLimit()
    {
        var db = new TestDatabase { Engine = _engine };
        await db.InitializeAsync();
        try
        {
            var store = await db.InstanceAsync();
            var csv = new StringBuilder("Warehouse,SKU,Quantity\n");
            for (var i = 0; i < 100_000; i++)
                csv.Append("WH").Append(i.ToString("000000", System.Globalization.CultureInfo.InvariantCulture)).Append(",SKU-1,1\n");
            using var file = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));

            var result = await db.Inventory.PreviewFileAsync(store.Id, "warehouses.csv", file, countedAt: null, db.User);

            var error = Assert.Single(result.Errors);
            Assert.Equal((1002, "Warehouse", "WH001000", "This file names more than 1,000 warehouses; an instance has at most 1,000 (Import:MaxWarehouses)."),
                (error.Row, error.Column, error.Value, error.Message));
            Assert.Equal("items[] ledger=0 imports=0", await db.SnapshotAsync());
        }
        finally
        {
            await db.DisposeAsync();
        }
    }

    private Task<Inventory.Domain.Stock.PreviewResult> PreviewAsync(int instanceId, params (string Warehouse, string Sku, int Quantity)[] rows) =>
        Db.Inventory.PreviewAsync(instanceId, "stock.csv", channel =>
        {
            foreach (var (row, i) in rows.Select((r, i) => (r, i)))
                channel.Write(new ImportRow(i + 2, row.Warehouse, row.Sku, row.Quantity));
        }, countedAt: null, Db.User);
}

public sealed class WarehouseLimitRulesOnSqlite() : WarehouseLimitRulesTests(Engine.Sqlite);

public sealed class WarehouseLimitRulesOnPostgres() : WarehouseLimitRulesTests(Engine.Postgres);
