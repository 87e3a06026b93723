using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>Ship (issue 26, row 7) on an instance without a marketplace connection: Awaiting orders move to Shipped at once.</summary>
public abstract class ShipRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private async Task<OrderOutcome> AwaitingAsync(int instanceId, string number, params (string Sku, int Quantity)[] lines)
    {
        var order = await Db.SyncAsync(instanceId, number, lines);
        await Db.Acceptance.AcceptAsync(instanceId, [order.OrderId!.Value], Db.User);
        await Db.Labelling.CreateLabelAsync(instanceId, [order.OrderId!.Value], Db.User);
        return order;
    }

    [SkippableFact]
    public async Task Ship_AnAwaitingOrder_MovesItToShippedWithItsTime_AndLeavesStockAsItIs()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var order = await AwaitingAsync(store.Id, "S-1", ("SKU-1", 3));
        var shippedAt = new DateTime(2026, 12, 7, 9, 30, 0, DateTimeKind.Utc);

        var result = await Db.Shipping.ShipAsync(store.Id, [order.OrderId!.Value], shippedAt, Db.User);

        Assert.Equal(1, result.Moved);
        var shipped = await Db.OrderAsync(store.Id, "S-1");
        Assert.Equal((OrderStatus.Shipped, shippedAt), (shipped.Status, shipped.ShippedAt));
        Assert.Equal(7, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(0, await Db.LedgerCountAsync(store.Id, MovementReason.Restock));
        Assert.Equal(1, (await Db.Orders.CountsAsync(store.Id, Db.User)).Shipped);
    }

    [SkippableFact]
    public async Task Ship_AnOrderThatIsNotAwaiting_IsSkipped()
    {
        var store = await Db.InstanceAsync();
        var order = await Db.SyncAsync(store.Id, "S-2", ("SKU-1", 1));
        await Db.Acceptance.AcceptAsync(store.Id, [order.OrderId!.Value], Db.User);

        var result = await Db.Shipping.ShipAsync(store.Id, [order.OrderId!.Value], null, Db.User);

        var outcome = Assert.Single(result.Orders);
        Assert.Equal(OrderOutcomeKind.Skipped, outcome.Kind);
        Assert.Equal(OrderStatus.Accepted, (await Db.OrderAsync(store.Id, "S-2")).Status);
    }

    [SkippableFact]
    public async Task Cancel_OfAShippedOrder_IsRefused_AndPutsNothingBack()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var order = await AwaitingAsync(store.Id, "S-3", ("SKU-1", 4));
        await Db.Shipping.ShipAsync(store.Id, [order.OrderId!.Value], null, Db.User);

        var result = await Db.Cancellation.CancelAsync(store.Id, [order.OrderId!.Value], "too late", Db.User);

        Assert.Equal(OrderOutcomeKind.Skipped, Assert.Single(result.Orders).Kind);
        Assert.Equal(OrderStatus.Shipped, (await Db.OrderAsync(store.Id, "S-3")).Status);
        Assert.Equal(6, await Db.QuantityAsync(store.Id, "SKU-1"));
    }
}

public sealed class ShipRulesOnSqlite() : ShipRulesTests(Engine.Sqlite);

public sealed class ShipRulesOnPostgres() : ShipRulesTests(Engine.Postgres);
