using Inventory.Domain.Instances;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Tests.Domain;

/// <summary>Rule 10: every change of a quantity writes a stock movement in the same transaction.</summary>
public abstract class LedgerRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    [SkippableFact]
    public async Task AfterAnySequence_EachItemsLedgerChangesAddUpToItsQuantity()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        var random = new Random(42);
        var skus = Enumerable.Range(1, 6).Select(i => $"SKU-{i}").ToArray();
        for (var step = 0; step < 40; step++)
        {
            switch (random.Next(5))
            {
                case 0:
                    await Db.StockAsync(store.Id, skus.Where(_ => random.Next(2) == 0).Select(s => (s, random.Next(0, 8))).ToArray());
                    break;
                case 1:
                    await Db.Inventory.ClearAsync(store.Id, ClearRequest.Selected([new StockKey("LAX1", skus[random.Next(skus.Length)])]), Db.User);
                    break;
                case 2:
                    await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(InventoryCheck: random.Next(2) == 0, AutoLabel: random.Next(2) == 0), Db.User);
                    break;
                default:
                    var order = await Db.SyncAsync(store.Id, $"O-{step}", (skus[random.Next(skus.Length)], random.Next(1, 4)), (skus[random.Next(skus.Length)], 1));
                    if (order.OrderId is { } id)
                        await Db.Acceptance.AcceptAsync(store.Id, [id], Db.User);
                    break;
            }
        }

        await using var db = Db.Context();
        var items = await db.StockOf(store.Id).ToListAsync();
        var sums = await db.MovementsOf(store.Id)
            .GroupBy(m => new { m.WarehouseKey, m.SkuKey })
            .Select(g => new { g.Key.WarehouseKey, g.Key.SkuKey, Sum = g.Sum(m => m.Change) })
            .ToListAsync();
        Assert.NotEmpty(items);
        foreach (var sum in sums)
        {
            var item = items.SingleOrDefault(i => i.WarehouseKey == sum.WarehouseKey && i.SkuKey == sum.SkuKey);
            Assert.Equal(item?.Quantity ?? 0, sum.Sum); // cleared items sum to zero
        }
        Assert.All(items, i => Assert.Contains(sums, s => s.SkuKey == i.SkuKey && s.WarehouseKey == i.WarehouseKey));
    }
}

public sealed class LedgerRulesOnSqlite() : LedgerRulesTests(Engine.Sqlite);

public sealed class LedgerRulesOnPostgres() : LedgerRulesTests(Engine.Postgres);
