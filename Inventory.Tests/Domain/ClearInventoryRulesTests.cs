using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>Rule 3: Clear Inventory untracks SKUs and the ledger keeps what was cleared.</summary>
public abstract class ClearInventoryRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    [SkippableFact]
    public async Task ClearAll_RemovesEveryItemOfTheInstanceAndWritesLedgerRows()
    {
        var store = await Db.InstanceAsync();
        var other = await Db.InstanceAsync(name: "eBay");
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 3));
        await Db.StockAsync(other.Id, ("SKU-1", 8));

        var cleared = await Db.Inventory.ClearAsync(store.Id, ClearRequest.Everything, Db.User);

        Assert.Equal(2, cleared.Cleared);
        Assert.Equal(0, (await Db.Stock.QueryAsync(store.Id, new StockQuery(), Db.User)).Total);
        Assert.Equal(8, await Db.QuantityAsync(other.Id, "SKU-1"));
        var clears = (await Db.Stock.MovementsAsync(store.Id, Db.User)).Where(m => m.Reason == MovementReason.Clear).ToList();
        Assert.Equal([-10, -3], clears.OrderBy(m => m.Sku).Select(m => m.Change));
        Assert.All(clears, m => Assert.Equal("tester", m.User));
    }

    [SkippableFact]
    public async Task ClearSelected_RemovesOnlyThoseItems()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 3));

        var cleared = await Db.Inventory.ClearAsync(store.Id, ClearRequest.Selected([new StockKey("lax1", " sku-2")]), Db.User);

        Assert.Equal(1, cleared.Cleared);
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Null(await Db.QuantityAsync(store.Id, "SKU-2"));
        Assert.Equal(1, await Db.LedgerCountAsync(store.Id, MovementReason.Clear));
    }

    [SkippableFact]
    public async Task ClearedSku_IsUntracked_SoAnAcceptWithTheCheckOnPasses()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 0));
        var order = await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 2));
        Assert.Equal(OrderOutcomeKind.NoInventory, (await Db.Acceptance.AcceptAsync(store.Id, [order.OrderId!.Value], Db.User)).Orders[0].Kind);

        await Db.Inventory.ClearAsync(store.Id, ClearRequest.Everything, Db.User);
        var accept = await Db.Acceptance.AcceptAsync(store.Id, [order.OrderId!.Value], Db.User);

        Assert.Equal(OrderOutcomeKind.Moved, Assert.Single(accept.Orders).Kind);
        Assert.Equal(0, await Db.LedgerCountAsync(store.Id, MovementReason.Accept));
    }
}

public sealed class ClearInventoryRulesOnSqlite() : ClearInventoryRulesTests(Engine.Sqlite);

public sealed class ClearInventoryRulesOnPostgres() : ClearInventoryRulesTests(Engine.Postgres);
