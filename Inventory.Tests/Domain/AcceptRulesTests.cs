using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>Rules 5, 6 and 8: the sufficiency check and the deduction that go with Accept.</summary>
public abstract class AcceptRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private async Task<BulkOutcome> AcceptAsync(int instanceId, params OrderOutcome[] orders) =>
        await Db.Acceptance.AcceptAsync(instanceId, orders.Select(o => o.OrderId!.Value), Db.User);

    [SkippableFact]
    public async Task Accept_WhenCheckOff_DeductsAndMovesToAccepted()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3));

        var result = await AcceptAsync(store.Id, order);

        Assert.Equal((1, 0), (result.Moved, result.Stopped));
        Assert.Equal(7, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(OrderStatus.Accepted, (await Db.OrderAsync(store.Id, "A-1")).Status);
    }

    [SkippableFact]
    public async Task Accept_WhenCheckOffAndStockShort_GoesBelowZero()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 1));
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3));

        await AcceptAsync(store.Id, order);

        Assert.Equal(-2, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(OrderStatus.Accepted, (await Db.OrderAsync(store.Id, "A-1")).Status);
    }

    [SkippableFact]
    public async Task Accept_WhenCheckOnAndStockShort_StaysNewWithNoInventoryAndDeductsNothing()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 1));
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2), ("SKU-2", 5));

        var result = await AcceptAsync(store.Id, order);

        Assert.Equal((0, 1), (result.Moved, result.Stopped));
        var stopped = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((OrderStatus.New, Hold.NoInventory), (stopped.Status, stopped.Hold));
        Assert.Equal(new Shortage("SKU-2", "LAX1", Needed: 5, OnHand: 1), Assert.Single(stopped.Shortages));
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-1")); // the sufficient SKU was not deducted either
        Assert.Equal(1, await Db.QuantityAsync(store.Id, "SKU-2"));
        Assert.Equal(0, await Db.LedgerCountAsync(store.Id, MovementReason.Accept));
    }

    [SkippableFact]
    public async Task Accept_UntrackedSkus_PassTheCheckAndAreNotDeducted()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 5));
        await Db.StockInAsync(store.Id, ("EWR2", "SKU-2", 0)); // tracked, but in another warehouse
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 1), ("NEVER-IMPORTED", 4), ("SKU-2", 3));

        var result = await AcceptAsync(store.Id, order);

        Assert.Equal(1, result.Moved);
        Assert.Equal(4, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(0, await Db.QuantityAsync(store.Id, "SKU-2", "EWR2"));
        Assert.Equal(1, await Db.LedgerCountAsync(store.Id, MovementReason.Accept));
    }

    [SkippableFact]
    public async Task Accept_TwoLinesOfOneSku_AreSummedForTheCheck()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 3));
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2), ("sku-1", 2));

        var result = await AcceptAsync(store.Id, order);

        Assert.Equal(1, result.Stopped);
        Assert.Equal(new Shortage("SKU-1", "LAX1", 4, 3), Assert.Single((await Db.OrderAsync(store.Id, "A-1")).Shortages));
    }

    [SkippableFact]
    public async Task Accept_Bulk_GoesOldestFirst_SoTheEarlierOrderTakesTheStock()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 2));
        var now = DateTime.UtcNow;
        var later = await Db.SyncAtAsync(store.Id, "LATER", now, null, ("SKU-1", 2));
        var earlier = await Db.SyncAtAsync(store.Id, "EARLIER", now.AddHours(-1), null, ("SKU-1", 2));

        var result = await AcceptAsync(store.Id, later, earlier);

        Assert.Equal(["EARLIER", "LATER"], result.Orders.Select(o => o.OrderNumber));
        Assert.Equal((1, 1), (result.Moved, result.Stopped));
        Assert.Equal(OrderStatus.Accepted, (await Db.OrderAsync(store.Id, "EARLIER")).Status);
        Assert.Equal(Hold.NoInventory, (await Db.OrderAsync(store.Id, "LATER")).Hold);
    }

    [SkippableFact]
    public async Task Accept_AfterStockArrives_ClearsTheNoInventoryError()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 0));
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 1));
        await AcceptAsync(store.Id, order);

        await Db.StockAsync(store.Id, ("SKU-1", 5));
        await AcceptAsync(store.Id, order);

        var accepted = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((OrderStatus.Accepted, Hold.None), (accepted.Status, accepted.Hold));
        Assert.Empty(accepted.Shortages);
    }

    [SkippableFact]
    public async Task Accept_AnOrderAlreadyAccepted_IsSkippedAndNeverDeductedTwice()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3));
        await AcceptAsync(store.Id, order);

        var again = await AcceptAsync(store.Id, order);

        Assert.Equal(OrderOutcomeKind.Skipped, Assert.Single(again.Orders).Kind);
        Assert.Equal(7, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task Accept_WhileAutoLabelOn_LabelsAndLandsInAwaiting()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3)); // Auto Label off: lands in NEW
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(AutoLabel: true), Db.User);

        await AcceptAsync(store.Id, order);

        var labelled = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal(OrderStatus.Awaiting, labelled.Status);
        Assert.False(string.IsNullOrEmpty(labelled.TrackingNumber));
        Assert.Equal(7, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task SettingsChange_AppliesOnlyToLaterAccepts()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 1));
        var first = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));
        var second = await Db.SyncAsync(store.Id, "A-2", ("SKU-1", 2));
        await AcceptAsync(store.Id, first); // check off: oversells to -1

        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: true), Db.User);
        var result = await AcceptAsync(store.Id, second);

        Assert.Equal(OrderStatus.Accepted, (await Db.OrderAsync(store.Id, "A-1")).Status);
        Assert.Equal(1, result.Stopped);
        Assert.Equal(-1, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task CreateLabel_OnAcceptedOrders_MovesThemToAwaiting()
    {
        var store = await Db.InstanceAsync();
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 1));
        await AcceptAsync(store.Id, order);

        var result = await Db.Labelling.CreateLabelAsync(store.Id, [order.OrderId!.Value], Db.User);

        Assert.Equal(1, result.Moved);
        var counts = await Db.Orders.CountsAsync(store.Id, Db.User);
        Assert.Equal(new OrderCounts(New: 0, NoInventory: 0, Accepted: 0, Awaiting: 1), counts);
    }
}

public sealed class AcceptRulesOnSqlite() : AcceptRulesTests(Engine.Sqlite);

public sealed class AcceptRulesOnPostgres() : AcceptRulesTests(Engine.Postgres);
