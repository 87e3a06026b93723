using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>Rule 7 (sync with Auto Label) and rule 8 (deduction exactly once).</summary>
public abstract class SyncRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    [SkippableFact]
    public async Task Sync_WithAutoLabelOff_LandsInNewUnchecked()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 0));

        var outcome = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 5));

        Assert.Equal((OrderOutcomeKind.Created, OrderStatus.New, Hold.None), (outcome.Kind, outcome.Status, outcome.Hold));
        Assert.Equal(0, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task Sync_WithAutoLabelAndCheckOnAndStockShort_LandsInNewWithNoInventory()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 1));

        var outcome = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));

        Assert.Equal((OrderOutcomeKind.NoInventory, OrderStatus.New, Hold.NoInventory), (outcome.Kind, outcome.Status, outcome.Hold));
        Assert.Equal(new Shortage("SKU-1", "LAX1", 2, 1), Assert.Single(outcome.Shortages));
        Assert.Equal(1, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Null((await Db.OrderAsync(store.Id, "A-1")).TrackingNumber);
    }

    [SkippableFact]
    public async Task Sync_WithAutoLabelAndSufficientStock_IsDeductedLabelledAndLandsInAwaiting()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 5));

        var outcome = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));

        Assert.Equal((OrderOutcomeKind.Moved, OrderStatus.Awaiting), (outcome.Kind, outcome.Status));
        Assert.Equal(3, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.StartsWith("1Z", (await Db.OrderAsync(store.Id, "A-1")).TrackingNumber);
    }

    [SkippableFact]
    public async Task Sync_WithAutoLabelAndCheckOff_DeductsEvenBelowZero()
    {
        var store = await Db.InstanceAsync(autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 1));

        var outcome = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));

        Assert.Equal(OrderStatus.Awaiting, outcome.Status);
        Assert.Equal(-1, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task Sync_OfAnExistingOrderNumber_NeverDeductsAgain()
    {
        var store = await Db.InstanceAsync(autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));

        var again = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));

        Assert.Equal((OrderOutcomeKind.Duplicate, OrderStatus.Awaiting), (again.Kind, again.Status));
        Assert.Equal(8, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(1, await Db.LedgerCountAsync(store.Id, MovementReason.Accept));
    }

    [SkippableFact]
    public async Task Sync_UsesTheMarketplaceWarehouse_ElseTheDefault()
    {
        var store = await Db.InstanceAsync(autoLabel: true);
        await Db.StockInAsync(store.Id, ("LAX1", "SKU-1", 10), ("EWR2", "SKU-1", 10));

        await Db.SyncAtAsync(store.Id, "A-1", DateTime.UtcNow, "ewr2", ("SKU-1", 4));
        await Db.SyncAsync(store.Id, "A-2", ("SKU-1", 1));

        Assert.Equal(6, await Db.QuantityAsync(store.Id, "SKU-1", "EWR2"));
        Assert.Equal(9, await Db.QuantityAsync(store.Id, "SKU-1", "LAX1"));
    }

    [SkippableFact]
    public async Task Sync_InvalidOrder_IsRejectedWhileTheOthersGoThrough()
    {
        var store = await Db.InstanceAsync();

        var result = await Db.Intake.SyncAsync(store.Id,
        [
            new IncomingOrder("BAD-1", null, DateTime.UtcNow, [new IncomingLine("SKU-1", 0)]),
            new IncomingOrder("OK-1", null, DateTime.UtcNow, [new IncomingLine("SKU-1", 1)]),
            new IncomingOrder("BAD-2", null, DateTime.UtcNow, []),
        ], Db.User);

        Assert.Equal([OrderOutcomeKind.Rejected, OrderOutcomeKind.Created, OrderOutcomeKind.Rejected], result.Orders.Select(o => o.Kind));
        Assert.Equal("Quantity", result.Orders[0].Field);
        Assert.Equal(1, (await Db.Orders.CountsAsync(store.Id, Db.User)).New);
    }
}

public sealed class SyncRulesOnSqlite() : SyncRulesTests(Engine.Sqlite);

public sealed class SyncRulesOnPostgres() : SyncRulesTests(Engine.Postgres);
