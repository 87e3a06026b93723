using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Tests.Domain;

/// <summary>
/// Rules 3, 4 and 11 as the seed words them: a clear stops checking, so held orders are released; the
/// check switched off releases them too; a cancel after a recount keeps the count.
/// </summary>
public abstract class HeldAndRestockRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private async Task<OrderOutcome> AcceptAsync(int instanceId, string orderNumber) =>
        Assert.Single((await Db.Acceptance.AcceptAsync(instanceId, [(await Db.OrderAsync(instanceId, orderNumber)).Id], Db.User)).Orders);

    private async Task<OrderOutcome> CancelAsync(int instanceId, string orderNumber) =>
        Assert.Single((await Db.Cancellation.CancelAsync(instanceId, [(await Db.OrderAsync(instanceId, orderNumber)).Id],
            "customer asked", Db.User)).Orders);

    [SkippableFact]
    public async Task Rule3_ClearInventory_WithAutoLabelOn_LabelsTheHeldOrderIntoAwaiting_WithoutDeducting()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 1), ("SKU-2", 10));
        Assert.Equal(OrderOutcomeKind.NoInventory, (await Db.SyncAsync(store.Id, "HELD-1", ("SKU-1", 3))).Kind);

        await Db.Inventory.ClearAsync(store.Id, ClearRequest.Selected([new StockKey("LAX1", "SKU-1")]), Db.User);
        var released = await Db.ReleasePendingAsync();

        Assert.Equal([store.Id], released);
        var order = await Db.OrderAsync(store.Id, "HELD-1");
        Assert.Equal((OrderStatus.Awaiting, Hold.None), (order.Status, order.Hold));
        Assert.NotNull(order.TrackingNumber);
        Assert.Equal(0, await Db.LedgerCountAsync(store.Id, MovementReason.Accept)); // SKU-1 is untracked now
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-2"));
    }

    [SkippableFact]
    public async Task Rule3_ClearInventory_WithAutoLabelOff_ClearsTheNoInventory_SoTheOrderCanBeAccepted()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 1));
        await Db.SyncAsync(store.Id, "HELD-1", ("SKU-1", 3));
        Assert.Equal(OrderOutcomeKind.NoInventory, (await AcceptAsync(store.Id, "HELD-1")).Kind);

        await Db.Inventory.ClearAsync(store.Id, ClearRequest.Everything, Db.User);
        await Db.ReleasePendingAsync();

        var order = await Db.OrderAsync(store.Id, "HELD-1");
        Assert.Equal((OrderStatus.New, Hold.None), (order.Status, order.Hold));
        Assert.Equal(OrderOutcomeKind.Moved, (await AcceptAsync(store.Id, "HELD-1")).Kind);
    }

    [SkippableFact]
    public async Task Rule3_ClearingAnotherSku_KeepsTheOrderHeld()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 1), ("SKU-2", 1));
        await Db.SyncAsync(store.Id, "HELD-1", ("SKU-1", 3));
        await AcceptAsync(store.Id, "HELD-1");

        await Db.Inventory.ClearAsync(store.Id, ClearRequest.Selected([new StockKey("LAX1", "SKU-2")]), Db.User);
        await Db.ReleasePendingAsync();

        var order = await Db.OrderAsync(store.Id, "HELD-1");
        Assert.Equal(Hold.NoInventory, order.Hold);
        Assert.Equal(("SKU-1", 3, 1), (order.Shortages[0].Sku, order.Shortages[0].Needed, order.Shortages[0].OnHand));
    }

    [SkippableFact]
    public async Task Rule4_SwitchingInventoryCheckOff_ReleasesTheHeldOrders()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 1));
        await Db.SyncAsync(store.Id, "HELD-1", ("SKU-1", 3));
        await AcceptAsync(store.Id, "HELD-1");

        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: false), Db.User);
        var released = await Db.ReleasePendingAsync();

        Assert.Equal([store.Id], released);
        Assert.Equal(Hold.None, (await Db.OrderAsync(store.Id, "HELD-1")).Hold);
    }

    [SkippableFact]
    public async Task Rule4_ARecheckWhileTheCheckIsOff_NeverMarksNoInventory()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 1));
        await Db.SyncAsync(store.Id, "HELD-1", ("SKU-1", 3));
        await AcceptAsync(store.Id, "HELD-1");
        await Db.StockAsync(store.Id, ("SKU-1", 2)); // still short: asks for a re-check
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: false), Db.User);

        await Db.ReleasePendingAsync();

        var order = await Db.OrderAsync(store.Id, "HELD-1");
        Assert.Equal((Hold.None, 0), (order.Hold, order.Shortages.Count));
    }

    [SkippableFact]
    public async Task Rule4_TurningOtherSettingsOrTheCheckOn_AsksForNoRecheck()
    {
        var store = await Db.InstanceAsync();

        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: true, Name: "Renamed"), Db.User);

        Assert.Empty(await Db.ReleasePendingAsync());
    }

    [SkippableFact]
    public async Task Rule11_CancelAfterARecount_KeepsTheCount_AndTheOutcomeAndLedgerSayWhy()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 20), ("SKU-2", 10));
        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3), ("SKU-2", 2));
        await AcceptAsync(store.Id, "A-1");
        await Db.StockAsync(store.Id, ("SKU-1", 50)); // a count taken after the accept

        var outcome = await CancelAsync(store.Id, "A-1");

        Assert.Equal(OrderOutcomeKind.Cancelled, outcome.Kind);
        Assert.Equal(50, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-2"));
        var refused = Assert.Single(outcome.NotRestocked);
        Assert.Equal(("SKU-1", "LAX1", 3, RestockRefusal.CountedSince), (refused.Sku, refused.Warehouse, refused.Quantity, refused.Why));
        var ledger = await Db.Stock.MovementsAsync(store.Id, Db.User, "SKU-1");
        var restock = Assert.Single(ledger, m => m.Reason == MovementReason.Restock);
        Assert.Equal((0, 50), (restock.Change, restock.QuantityAfter));
        Assert.Contains("counted again", restock.Note);
    }

    [SkippableFact]
    public async Task Rule11_CancelAfterAnImportThatConfirmedTheSameFigure_PutsTheUnitsBack()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 20));
        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3));
        await AcceptAsync(store.Id, "A-1");
        await Db.StockAsync(store.Id, ("SKU-1", 17)); // unchanged: no new count replaced the accept

        var outcome = await CancelAsync(store.Id, "A-1");

        Assert.Empty(outcome.NotRestocked);
        Assert.Equal(20, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task Rule11_CancelAfterAClear_SaysTheItemWasCleared()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 20));
        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3));
        await AcceptAsync(store.Id, "A-1");
        await Db.Inventory.ClearAsync(store.Id, ClearRequest.Everything, Db.User);

        var outcome = await CancelAsync(store.Id, "A-1");

        Assert.Equal(RestockRefusal.ClearedSince, Assert.Single(outcome.NotRestocked).Why);
        Assert.Null(await Db.QuantityAsync(store.Id, "SKU-1"));
        await using var db = Db.Context();
        Assert.Equal(0, await db.StockItems.CountAsync());
    }
}

public sealed class HeldAndRestockRulesOnSqlite() : HeldAndRestockRulesTests(Engine.Sqlite);

public sealed class HeldAndRestockRulesOnPostgres() : HeldAndRestockRulesTests(Engine.Postgres);
