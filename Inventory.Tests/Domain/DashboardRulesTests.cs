using Inventory.Domain.Dashboard;
using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>What the dashboard shows: the days' orders by outcome, stock health, what needs attention, the last imports and clears.</summary>
public abstract class DashboardRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private DashboardQueries Dashboard => Db.Services.GetRequiredService<DashboardQueries>();

    private async Task<long> SyncedAsync(int instanceId, string number, string sku, int quantity) =>
        (await Db.SyncAsync(instanceId, number, (sku, quantity))).OrderId!.Value;

    [SkippableFact]
    public async Task TheDashboard_CountsTodaysOrdersByOutcome_TheStocksHealth_AndWhatNeedsAttention()
    {
        var store = await Db.InstanceAsync(name: "Main store");
        await Db.StockAsync(store.Id, ("OK-1", 50), ("LOW-1", 3), ("ZERO-1", 0), ("ONE-1", 1));
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(LowStockThreshold: 5), Db.User);
        await Db.Acceptance.AcceptAsync(store.Id, [await SyncedAsync(store.Id, "OVERSELL-1", "ONE-1", 3)], Db.User); // check off: -2
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: true), Db.User);
        await Db.Acceptance.AcceptAsync(store.Id, [await SyncedAsync(store.Id, "HELD-1", "LOW-1", 9)], Db.User);
        var cancelled = await SyncedAsync(store.Id, "GONE-1", "OK-1", 1);
        await Db.Cancellation.CancelAsync(store.Id, [cancelled], "buyer asked", Db.User);
        await SyncedAsync(store.Id, "BLIND-1", "NEVER-1", 1);
        await Db.Inventory.ClearAsync(store.Id, ClearRequest.Selected([new StockKey("LAX1", "ZERO-1")]), Db.User);

        var view = await Dashboard.GetAsync(store.Id, Db.User);

        Assert.Equal(DashboardQueries.Days, view.OrdersPerDay.Count);
        var today = view.OrdersPerDay[^1];
        Assert.Equal((1, 1, 1), (today.Accepted, today.Held, today.Cancelled));
        Assert.Equal(new StockHealth(Ok: 1, Low: 1, Zero: 0, Oversold: 1), view.Stock); // ZERO-1 was cleared
        var held = Assert.Single(view.Held);
        Assert.Equal(("HELD-1", "LOW-1"), (held.OrderNumber, Assert.Single(held.Shortages).Sku));
        Assert.Equal(["NEVER-1"], Assert.Single(view.Unchecked).UncheckedSkus);
        Assert.Equal(("ONE-1", -2), (Assert.Single(view.Oversold).Sku, view.Oversold[0].Quantity));
        Assert.Equal(["Clear", "Import"], view.Recent.Select(e => e.Kind));
    }

    [SkippableFact]
    public async Task TheAllInstancesView_AddsUpTheAccountsInstances()
    {
        var first = await Db.InstanceAsync(name: "First");
        var second = await Db.InstanceAsync(name: "Second");
        await Db.StockAsync(first.Id, ("A", 5));
        await Db.StockAsync(second.Id, ("B", 5), ("C", 0));

        var view = await Dashboard.GetAsync(null, Db.User);

        Assert.Equal(new StockHealth(Ok: 2, Low: 0, Zero: 1, Oversold: 0), view.Stock);
        Assert.Equal(2, view.Recent.Count);
    }
}

public sealed class DashboardRulesOnSqlite() : DashboardRulesTests(Engine.Sqlite);

public sealed class DashboardRulesOnPostgres() : DashboardRulesTests(Engine.Postgres);
