using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Domain;

/// <summary>Rule 9, for real: many tasks, separate contexts, one database file.</summary>
public abstract class ConcurrencyRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    [SkippableFact]
    public async Task FiftyConcurrentAccepts_OfOneUnitAgainstTen_AcceptExactlyTenAndNeverOversell()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var orders = new List<long>();
        for (var i = 0; i < 50; i++)
            orders.Add((await Db.SyncAsync(store.Id, $"A-{i:00}", ("SKU-1", 1))).OrderId!.Value);

        // Each accept is its own call, so each opens its own context and connection.
        var results = await Task.WhenAll(orders.Select(id => Task.Run(() => Db.Acceptance.AcceptAsync(store.Id, [id], Db.User))));

        var outcomes = results.SelectMany(r => r.Orders).ToList();
        Assert.Equal(10, outcomes.Count(o => o.Kind == OrderOutcomeKind.Moved));
        Assert.Equal(40, outcomes.Count(o => o.Kind == OrderOutcomeKind.NoInventory));
        Assert.Equal(0, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(10, await Db.LedgerCountAsync(store.Id, MovementReason.Accept));
        var counts = await Db.Orders.CountsAsync(store.Id, Db.User);
        Assert.Equal((40, 40, 10), (counts.New, counts.NoInventory, counts.Accepted));
    }

    [SkippableFact]
    public async Task FiftyConcurrentSyncs_WithAutoLabelAgainstTen_LabelExactlyTenAndNeverOversell()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => Db.SyncAsync(store.Id, $"S-{i:00}", ("SKU-1", 1)))));

        Assert.Equal(10, results.Count(o => o.Kind == OrderOutcomeKind.Moved && o.Status == OrderStatus.Awaiting));
        Assert.Equal(40, results.Count(o => o.Kind == OrderOutcomeKind.NoInventory));
        Assert.Equal(0, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(10, await Db.LedgerCountAsync(store.Id, MovementReason.Accept));
    }

    [SkippableFact]
    public async Task ConcurrentSyncsOfOneOrderNumber_DeductOnce()
    {
        var store = await Db.InstanceAsync(autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => Db.SyncAsync(store.Id, "SAME-1", ("SKU-1", 3)))));

        Assert.Single(results, o => o.Kind == OrderOutcomeKind.Moved);
        Assert.Equal(19, results.Count(o => o.Kind == OrderOutcomeKind.Duplicate));
        Assert.Equal(7, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task ConcurrentAcceptsOfOneOrder_DeductOnce()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 10));
        var id = (await Db.SyncAsync(store.Id, "A-1", ("SKU-1", 4))).OrderId!.Value;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => Db.Acceptance.AcceptAsync(store.Id, [id], Db.User))));

        Assert.Single(results.SelectMany(r => r.Orders), o => o.Kind == OrderOutcomeKind.Moved);
        Assert.Equal(6, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task AcceptsDuringAnImport_AllCommit_AndTheLedgerStillAddsUp()
    {
        var store = await Db.InstanceAsync();
        await Db.StockAsync(store.Id, ("SKU-1", 1000));
        var orders = new List<long>();
        for (var i = 0; i < 30; i++)
            orders.Add((await Db.SyncAsync(store.Id, $"A-{i:00}", ("SKU-1", 1))).OrderId!.Value);
        var rows = Enumerable.Range(0, 20_000).Select(i => (Sku: $"BULK-{i}", Quantity: i % 50)).ToArray();

        var import = Task.Run(() => Db.StockAsync(store.Id, rows));
        var accepts = orders.Select(id => Task.Run(() => Db.Acceptance.AcceptAsync(store.Id, [id], Db.User))).ToList();
        await Task.WhenAll(accepts);
        var imported = await import;

        Assert.True(imported.Succeeded);
        Assert.Equal(30, accepts.Sum(a => a.Result.Moved));
        Assert.Equal(970, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(20_001, (await Db.Stock.QueryAsync(store.Id, new StockQuery(), Db.User)).Total);
    }
}

public sealed class ConcurrencyRulesOnSqlite() : ConcurrencyRulesTests(Engine.Sqlite);

public sealed class ConcurrencyRulesOnPostgres() : ConcurrencyRulesTests(Engine.Postgres);
