using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>
/// What a seller must see to trust the check: low stock, the lines Inventory Check never looked at, and
/// an instance that would rather hold an order than pass an untracked SKU.
/// </summary>
public abstract class SellersViewRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private async Task<OrderOutcome> AcceptAsync(int instanceId, long orderId) =>
        Assert.Single((await Db.Acceptance.AcceptAsync(instanceId, [orderId], Db.User)).Orders);

    [SkippableFact]
    public async Task LowStock_ListsTheItemsAtOrBelowTheThreshold_InEverySort()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("A", 0), ("B", 5), ("C", 6), ("D", 100), ("E", 3));
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(LowStockThreshold: 5), Db.User);

        foreach (var sort in Enum.GetValues<StockSort>())
        {
            var low = await Db.Stock.QueryAsync(store.Id, new StockQuery(Level: StockLevel.Low, Sort: sort), Db.User);
            Assert.Equal(["A", "B", "E"], low.Items.Select(i => i.Sku).Order());
            Assert.Equal(3, low.Total);
        }
        var searched = await Db.Stock.QueryAsync(store.Id, new StockQuery(Search: "B", Level: StockLevel.Low), Db.User);
        Assert.Equal(["B"], searched.Items.Select(i => i.Sku));
        Assert.Equal(["A"], (await Db.Stock.QueryAsync(store.Id, new StockQuery(Level: StockLevel.Zero), Db.User)).Items.Select(i => i.Sku));
        Assert.Equal(["C", "D"], (await Db.Stock.QueryAsync(store.Id, new StockQuery(Level: StockLevel.Ok), Db.User)).Items.Select(i => i.Sku));
    }

    [SkippableFact]
    public async Task LowStock_IsOffUntilSet_AndCanBeSwitchedOffAgain()
    {
        var store = await Db.InstanceAsync();
        Assert.Null(store.LowStockThreshold);
        var off = await Assert.ThrowsAsync<ValidationException>(() => Db.Stock.QueryAsync(store.Id, new StockQuery(Level: StockLevel.Low), Db.User));
        Assert.Equal("lowStock", off.Field);

        Assert.Equal(3, (await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(LowStockThreshold: 3), Db.User)).LowStockThreshold);
        Assert.Null((await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(LowStockOff: true), Db.User)).LowStockThreshold);
        var negative = await Assert.ThrowsAsync<ValidationException>(() =>
            Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(LowStockThreshold: -1), Db.User));
        Assert.Equal("lowStockThreshold", negative.Field);
    }

    [SkippableFact]
    public async Task OrderLines_SayWhetherTheCheckLooksAtThem_AndAnUnknownWarehouseIsFlagged()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("TRACKED-1", 10));
        await Db.SyncAtAsync(store.Id, "MIXED-1", DateTime.UtcNow, null, ("TRACKED-1", 1), ("UNKNOWN-1", 1));
        await Db.SyncAtAsync(store.Id, "ELSEWHERE-1", DateTime.UtcNow, "NOWHERE9", ("TRACKED-1", 1));

        var mixed = await Db.OrderAsync(store.Id, "MIXED-1");
        var elsewhere = await Db.OrderAsync(store.Id, "ELSEWHERE-1");

        Assert.Equal([("TRACKED-1", true), ("UNKNOWN-1", false)], mixed.Lines.Select(l => (l.Sku, l.Tracked)));
        Assert.Empty(mixed.Warnings!);
        Assert.Equal([false], elsewhere.Lines.Select(l => l.Tracked));
        Assert.Equal([OrderWarning.UnknownWarehouse], elsewhere.Warnings);

        // Once accepted, a line says what the accept did: the tracked SKU was deducted, the other was not.
        Assert.Equal(OrderOutcomeKind.Moved, (await AcceptAsync(store.Id, mixed.Id)).Kind);
        var page = await Db.Orders.QueryAsync(store.Id, new OrderQuery(OrderStatus.Accepted), Db.User);
        Assert.Equal([true, false], Assert.Single(page.Items).Lines.Select(l => l.Tracked));
    }

    [SkippableFact]
    public async Task UntrackedCountsAsShort_HoldsAnOrderWithAnUntrackedSku_OnAcceptAndOnSync()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("TRACKED-1", 10));
        var seedBehaviour = (await Db.SyncAsync(store.Id, "PASSES-1", ("UNKNOWN-1", 1))).OrderId!.Value;
        Assert.Equal(OrderOutcomeKind.Moved, (await AcceptAsync(store.Id, seedBehaviour)).Kind); // the seed's behaviour: not checked

        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(UntrackedCountsAsShort: true), Db.User);
        var held = (await Db.SyncAsync(store.Id, "HELD-1", ("TRACKED-1", 1), ("UNKNOWN-1", 2))).OrderId!.Value;
        var accept = await AcceptAsync(store.Id, held);

        Assert.Equal(OrderOutcomeKind.NoInventory, accept.Kind);
        Assert.Equal(new Shortage("UNKNOWN-1", "LAX1", 2, 0), Assert.Single(accept.Shortages));
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "TRACKED-1")); // all lines or none

        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(AutoLabel: true), Db.User);
        Assert.Equal(OrderOutcomeKind.NoInventory, (await Db.SyncAsync(store.Id, "SYNCED-1", ("UNKNOWN-1", 1))).Kind);

        // Switched off again, the orders held only for untracked SKUs are re-checked and go through.
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(UntrackedCountsAsShort: false, AutoLabel: false), Db.User);
        Assert.Contains(store.Id, await Db.ReleasePendingAsync());
        Assert.Equal(Hold.None, (await Db.OrderAsync(store.Id, "HELD-1")).Hold);
    }
}

public sealed class SellersViewRulesOnSqlite() : SellersViewRulesTests(Engine.Sqlite);

public sealed class SellersViewRulesOnPostgres() : SellersViewRulesTests(Engine.Postgres);
