using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>Labels that fail, cancel with restock, held orders released, ship-by dates.</summary>
public abstract class OrderIntakeRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private async Task<OrderOutcome> AcceptAsync(int instanceId, string orderNumber) =>
        Assert.Single((await Db.Acceptance.AcceptAsync(instanceId, [(await Db.OrderAsync(instanceId, orderNumber)).Id], Db.User)).Orders);

    private async Task<BulkOutcome> CancelAsync(int instanceId, string orderNumber) =>
        await Db.Cancellation.CancelAsync(instanceId, [(await Db.OrderAsync(instanceId, orderNumber)).Id], "customer asked", Db.User);

    [SkippableFact]
    public async Task Cancel_AnAcceptedOrder_RestocksExactlyWhatWasDeducted()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 5));
        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3), ("SKU-2", 1), ("UNTRACKED", 7));
        await AcceptAsync(store.Id, "A-1");

        var result = await CancelAsync(store.Id, "A-1");

        var outcome = Assert.Single(result.Orders);
        Assert.Equal((OrderOutcomeKind.Cancelled, 0), (outcome.Kind, outcome.NotRestocked.Count));
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(5, await Db.QuantityAsync(store.Id, "SKU-2"));
        Assert.Null(await Db.QuantityAsync(store.Id, "UNTRACKED"));
        Assert.Equal(2, await Db.LedgerCountAsync(store.Id, MovementReason.Restock));
        var cancelled = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((OrderStatus.Cancelled, "customer asked"), (cancelled.Status, cancelled.CancelReason));
    }

    [SkippableFact]
    public async Task Cancel_PutsNothingBackOnItemsClearedSinceTheAccept_EvenIfImportedAgain()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 10));
        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3), ("SKU-2", 3));
        await AcceptAsync(store.Id, "A-1");
        await Db.Inventory.ClearAsync(store.Id, ClearRequest.Selected([new StockKey("LAX1", "SKU-1")]), Db.User);
        await Db.StockAsync(store.Id, ("SKU-1", 4)); // tracked again, but the count it was deducted from is gone

        await CancelAsync(store.Id, "A-1");

        Assert.Equal(4, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-2"));
    }

    [SkippableFact]
    public async Task Cancel_ANewOrder_RestocksNothing_AndACancelledOrderCannotBeCancelledAgain()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 3));

        await CancelAsync(store.Id, "A-1");
        var again = await CancelAsync(store.Id, "A-1");

        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(OrderOutcomeKind.Skipped, Assert.Single(again.Orders).Kind);
        Assert.Equal(0, await Db.LedgerCountAsync(store.Id, MovementReason.Restock));
        Assert.Equal(1, (await Db.Orders.CountsAsync(store.Id, Db.User)).Cancelled);
    }

    [SkippableFact]
    public async Task ReleaseHeld_WithAutoLabel_GoesOldestFirstAndNeverOversells()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 0));
        var now = DateTime.UtcNow;
        await Db.SyncAtAsync(store.Id, "NEWEST", now, null, ("SKU-1", 2));
        await Db.SyncAtAsync(store.Id, "OLDEST", now.AddHours(-2), null, ("SKU-1", 2));
        await Db.SyncAtAsync(store.Id, "MIDDLE", now.AddHours(-1), null, ("SKU-1", 2));
        await Db.StockAsync(store.Id, ("SKU-1", 3));

        var result = await Db.Release.ReleaseHeldAsync(store.Id, Db.User);

        Assert.Equal(["OLDEST", "MIDDLE", "NEWEST"], result.Orders.Select(o => o.OrderNumber));
        Assert.Equal(OrderStatus.Awaiting, (await Db.OrderAsync(store.Id, "OLDEST")).Status);
        var middle = await Db.OrderAsync(store.Id, "MIDDLE");
        Assert.Equal((OrderStatus.New, Hold.NoInventory), (middle.Status, middle.Hold));
        Assert.Equal(new Shortage("SKU-1", "LAX1", 2, OnHand: 1), Assert.Single(middle.Shortages)); // fresh detail
        Assert.Equal(1, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task ReleaseHeld_WithAutoLabelOff_ClearsTheErrorOfSufficientOrders_WhichStayNew()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 0), ("SKU-2", 0));
        await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));
        await Db.SyncAsync(store.Id, "A-2", ("SKU-2", 2));
        await AcceptAsync(store.Id, "A-1");
        await AcceptAsync(store.Id, "A-2");
        await Db.StockAsync(store.Id, ("SKU-1", 5));

        await Db.Release.ReleaseHeldAsync(store.Id, Db.User);

        var released = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((OrderStatus.New, Hold.None), (released.Status, released.Hold));
        Assert.Equal(Hold.NoInventory, (await Db.OrderAsync(store.Id, "A-2")).Hold);
        Assert.Equal(5, await Db.QuantityAsync(store.Id, "SKU-1")); // nothing deducted until it is accepted
    }

    [SkippableFact]
    public async Task ShipByDates_SortTheListsAndFlagHeldOrdersDueSoon()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        var now = DateTime.UtcNow;
        await Db.StockAsync(store.Id, ("SKU-1", 0));
        foreach (var (number, shipBy) in new[] { ("LATER", now.AddDays(3)), ("SOON", now.AddHours(5)), ("NONE", (DateTime?)null) })
            await Db.Intake.SyncAsync(store.Id, [new IncomingOrder(number, null, now, [new IncomingLine("SKU-1", 1)], shipBy)], Db.User);

        var page = await Db.Orders.QueryAsync(store.Id, new OrderQuery(OrderStatus.New), Db.User);

        Assert.Equal(["SOON", "LATER", "NONE"], page.Items.Select(o => o.OrderNumber));
        Assert.Equal([true, false, false], page.Items.Select(o => o.ShipBySoon));
    }
}

/// <summary>A label provider that is down: the order stays where it was and nothing is deducted.</summary>
public abstract class LabelFailureRulesTests(Engine engine) : DomainTest(new TestDatabase
{
    Engine = engine,
    Configure = services => services.AddSingleton<ILabelService>(new FailingLabelService()),
})
{
    private sealed class FailingLabelService : ILabelService
    {
        public Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct) => throw new HttpRequestException("carrier API is down");
    }

    [SkippableFact]
    public async Task SyncWithAutoLabel_WhenTheLabelFails_LandsInNewWithTheErrorAndNoDeduction()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 5));

        var outcome = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));

        Assert.Equal(OrderOutcomeKind.Failed, outcome.Kind);
        var order = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal((Hold.LabelFailed, "carrier API is down"), (order.Hold, order.HoldDetail));
        Assert.Equal(5, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(0, await Db.LedgerCountAsync(store.Id, MovementReason.Accept));
    }

    [SkippableFact]
    public async Task AcceptWithAutoLabel_WhenTheLabelFails_RollsTheDeductionBack()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 5));
        var synced = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(AutoLabel: true), Db.User);

        var result = await Db.Acceptance.AcceptAsync(store.Id, [synced.OrderId!.Value], Db.User);

        Assert.Equal(OrderOutcomeKind.Failed, Assert.Single(result.Orders).Kind);
        Assert.Equal(OrderStatus.New, (await Db.OrderAsync(store.Id, "A-1")).Status);
        Assert.Equal(5, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task CreateLabel_WhenTheLabelFails_LeavesTheOrderAcceptedWithTheError()
    {
        var store = await Db.InstanceAsync();
        var synced = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));
        await Db.Acceptance.AcceptAsync(store.Id, [synced.OrderId!.Value], Db.User);

        await Db.Labelling.CreateLabelAsync(store.Id, [synced.OrderId!.Value], Db.User);

        var order = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((OrderStatus.Accepted, Hold.LabelFailed, "carrier API is down"), (order.Status, order.Hold, order.HoldDetail));
    }
}

public sealed class OrderIntakeRulesOnSqlite() : OrderIntakeRulesTests(Engine.Sqlite);

public sealed class OrderIntakeRulesOnPostgres() : OrderIntakeRulesTests(Engine.Postgres);

public sealed class LabelFailureRulesOnSqlite() : LabelFailureRulesTests(Engine.Sqlite);

public sealed class LabelFailureRulesOnPostgres() : LabelFailureRulesTests(Engine.Postgres);
