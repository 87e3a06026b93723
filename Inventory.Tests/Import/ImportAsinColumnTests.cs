using Inventory.Domain.Import;
using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Import;

/// <summary>
/// Issue 26, row 4: a stock file's optional ASIN column fills the instance's item map when the file is applied,
/// with the stock, and an order waiting with "Unknown item" for one of its ASINs is matched again.
/// </summary>
public abstract class ImportAsinColumnTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private readonly TestFiles _files = new();
    private InstanceView _store = null!;

    private ItemMap Map => Db.Services.GetRequiredService<ItemMap>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = await Db.InstanceAsync(inventoryCheck: true, defaultWarehouse: "LAX1");
    }

    public override async Task DisposeAsync()
    {
        _files.Dispose();
        await base.DisposeAsync();
    }

    private async Task<PreviewResult> PreviewAsync(string path)
    {
        await using var content = File.OpenRead(path);
        return await Db.Inventory.PreviewFileAsync(_store.Id, Path.GetFileName(path), content, null, Db.User);
    }

    private async Task<List<(string Asin, string Sku)>> MapAsync() =>
        (await Map.ListAsync(_store.Id, Db.User)).Select(r => (r.Asin, r.Sku)).ToList();

    private async Task SyncByAsinAsync(string orderNumber, string asin, int quantity) =>
        await Db.Intake.SyncAsync(_store.Id, [new IncomingOrder(orderNumber, null, DateTime.UtcNow, [new IncomingLine("", quantity, "1", asin)])],
            Db.User);

    [SkippableFact]
    public async Task ACsvWithAnAsinColumn_MapsItsAsinsWhenApplied_TheLastRowWinning_AndTheHeldOrderIsMatchedAgain()
    {
        await Map.PutAsync(_store.Id, [new ItemMapChange("B0MOVED002", "OLD-SKU")], Db.User);
        // The file leaves every count as it is: only its mappings can release the order.
        await Db.StockAsync(_store.Id, ("SKU-1", 5), ("SKU-2", 3), ("SKU-3", 4), ("SKU-4", 1));
        await SyncByAsinAsync("A-1", "B0HELD0001", 2);
        Assert.Equal(Hold.UnknownItem, (await Db.OrderAsync(_store.Id, "A-1")).Hold);
        await Db.ReleasePendingAsync();
        var path = _files.Csv("SKU,Quantity,asin\nSKU-1,5,B0HELD0001\nSKU-2,3,\nSKU-3,4, b0moved002 \nSKU-4,1,B0MOVED002\n");

        var preview = (await PreviewAsync(path)).Preview!;

        Assert.Equal(2, preview.AsinsMapped);
        Assert.Equal([("B0MOVED002", "OLD-SKU")], await MapAsync()); // nothing mapped before the apply

        var applied = await Db.Inventory.ApplyAsync(_store.Id, preview.ImportId, Db.User);

        Assert.True(applied.Succeeded);
        Assert.Equal(5, await Db.QuantityAsync(_store.Id, "SKU-1"));
        Assert.Equal([("B0HELD0001", "SKU-1"), ("B0MOVED002", "SKU-4")], await MapAsync());
        Assert.Contains(_store.Id, await Db.ReleasePendingAsync());
        var order = await Db.OrderAsync(_store.Id, "A-1");
        Assert.Equal(Hold.None, order.Hold);
        Assert.Equal("SKU-1", Assert.Single(order.Lines).Sku);
    }

    [SkippableFact]
    public async Task AnXlsxWithAnAsinColumn_FillsTheItemMap()
    {
        var path = _files.Xlsx(["Seller SKU", "Qty", "ASIN"], ["SKU-1", 5d, "B0XLSX0001"], ["SKU-2", 2d, null]);

        var preview = (await PreviewAsync(path)).Preview!;
        await Db.Inventory.ApplyAsync(_store.Id, preview.ImportId, Db.User);

        Assert.Equal(1, preview.AsinsMapped);
        Assert.Equal([("B0XLSX0001", "SKU-1")], await MapAsync());
        Assert.Equal(2, await Db.QuantityAsync(_store.Id, "SKU-2"));
    }

    [SkippableFact]
    public async Task ABadAsin_RefusesTheFile_NamingRowColumnAndReason_AndNothingIsApplied()
    {
        var path = _files.Csv("SKU,Quantity,ASIN\nSKU-1,5,B0GOOD0001\nSKU-2,3,B0-SHORT\n");

        var result = await PreviewAsync(path);

        Assert.Null(result.Preview);
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "ASIN", "B0-SHORT"), (error.Row, error.Column, error.Value));
        Assert.Contains("10 letters or digits", error.Message, StringComparison.Ordinal);
        Assert.Null(await Db.QuantityAsync(_store.Id, "SKU-1"));
        Assert.Empty(await MapAsync());
    }

    [SkippableFact]
    public async Task AFileWithoutTheColumn_ImportsAsBefore_AndMapsNothing()
    {
        await Map.PutAsync(_store.Id, [new ItemMapChange("B0KEPT0001", "SKU-1")], Db.User);
        var path = _files.Csv("SKU,Quantity\nSKU-1,5\n");

        var preview = (await PreviewAsync(path)).Preview!;
        var applied = await Db.Inventory.ApplyAsync(_store.Id, preview.ImportId, Db.User);

        Assert.Equal(0, preview.AsinsMapped);
        Assert.Equal(1, applied.Summary!.Created);
        Assert.Equal([("B0KEPT0001", "SKU-1")], await MapAsync());
    }
}

public sealed class ImportAsinColumnOnSqlite() : ImportAsinColumnTests(Engine.Sqlite);

public sealed class ImportAsinColumnOnPostgres() : ImportAsinColumnTests(Engine.Postgres);
