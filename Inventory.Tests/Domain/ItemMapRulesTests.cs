using Inventory.Domain.Common;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>Issue 26, row 4: lines naming only an ASIN are matched through the item map; unknown ones hold the order.</summary>
public abstract class ItemMapRulesTests(Engine engine) : DomainTest(new TestDatabase { Engine = engine })
{
    private ItemMap Map => Db.Services.GetRequiredService<ItemMap>();

    private async Task<OrderOutcome> SyncByAsinAsync(int instanceId, string orderNumber, params (string Sku, string? Asin, int Quantity)[] lines) =>
        Assert.Single((await Db.Intake.SyncAsync(instanceId,
            [new IncomingOrder(orderNumber, null, DateTime.UtcNow, lines.Select((l, i) => new IncomingLine(l.Sku, l.Quantity, $"{i + 1}", l.Asin)).ToList())],
            Db.User)).Orders);

    [SkippableFact]
    public async Task AnUnknownAsin_HoldsTheOrderNamingEveryUnknownAsin_AndItCannotLeaveNewUntilMapped()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true);
        await Db.StockAsync(store.Id, ("SKU-1", 10), ("SKU-2", 10));
        await Map.PutAsync(store.Id, [new ItemMapChange("B0KNOWN001", "SKU-2")], Db.User);

        var synced = await SyncByAsinAsync(store.Id, "A-1", ("SKU-1", "B0WITHSKU1", 1), ("", "B0UNKNOWN1", 2), ("", "B0KNOWN001", 1), ("", "b0unknown1", 1));

        Assert.Equal((OrderOutcomeKind.Created, Hold.UnknownItem), (synced.Kind, synced.Hold));
        var held = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((Hold.UnknownItem, "B0UNKNOWN1"), (held.Hold, held.HoldDetail));
        Assert.Equal(["SKU-1", "", "SKU-2", ""], held.Lines.Select(l => l.Sku));
        var accept = Assert.Single((await Db.Acceptance.AcceptAsync(store.Id, [held.Id], Db.User)).Orders);
        Assert.Equal(OrderOutcomeKind.Skipped, accept.Kind);
        Assert.Contains("unknown item (B0UNKNOWN1)", accept.Message, StringComparison.Ordinal);
        Assert.Equal(10, await Db.QuantityAsync(store.Id, "SKU-1"));

        var put = await Map.PutAsync(store.Id, [new ItemMapChange("B0UNKNOWN1", "SKU-1")], Db.User);

        Assert.Equal(OrderOutcomeKind.Released, Assert.Single(put.Rematched.Orders).Kind);
        var released = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal(Hold.None, released.Hold);
        Assert.Equal(["SKU-1", "SKU-1", "SKU-2", "SKU-1"], released.Lines.Select(l => l.Sku));
        Assert.Equal(OrderOutcomeKind.Moved, Assert.Single((await Db.Acceptance.AcceptAsync(store.Id, [held.Id], Db.User)).Orders).Kind);
        Assert.Equal(6, await Db.QuantityAsync(store.Id, "SKU-1"));
        Assert.Equal(9, await Db.QuantityAsync(store.Id, "SKU-2"));
    }

    [SkippableFact]
    public async Task Mapping_AnAsinWhoseSkuIsShort_LiftsUnknownItem_ButInventoryCheckHoldsItWithNoInventory()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 1));
        await SyncByAsinAsync(store.Id, "A-1", ("", "B0SHORT001", 5));
        Assert.Equal(Hold.UnknownItem, (await Db.OrderAsync(store.Id, "A-1")).Hold);

        await Map.PutAsync(store.Id, [new ItemMapChange("B0SHORT001", "SKU-1")], Db.User);

        var order = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((OrderStatus.New, Hold.NoInventory), (order.Status, order.Hold));
        Assert.Equal(1, await Db.QuantityAsync(store.Id, "SKU-1"));
    }

    [SkippableFact]
    public async Task MappingOneOfTwoUnknownAsins_KeepsItsLine_AndTheOrderHeldNamingOnlyTheOther()
    {
        var store = await Db.InstanceAsync();
        await SyncByAsinAsync(store.Id, "A-1", ("", "B0PARTONE1", 1), ("", "B0PARTTWO2", 1));

        var put = await Map.PutAsync(store.Id, [new ItemMapChange("B0PARTONE1", "SKU-1")], Db.User);

        Assert.Equal(OrderOutcomeKind.Skipped, Assert.Single(put.Rematched.Orders).Kind);
        var order = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((Hold.UnknownItem, "B0PARTTWO2"), (order.Hold, order.HoldDetail));
        Assert.Equal(["SKU-1", ""], order.Lines.Select(l => l.Sku));
    }

    [SkippableFact]
    public async Task ARepeatOfAnAsinOnlyOrder_IsADuplicate_BeforeAndAfterTheAsinIsMapped()
    {
        var store = await Db.InstanceAsync();
        await SyncByAsinAsync(store.Id, "A-1", ("", "B0REPEAT01", 2));
        Assert.Equal(OrderOutcomeKind.Duplicate, (await SyncByAsinAsync(store.Id, "A-1", ("", "B0REPEAT01", 2))).Kind);

        await Map.PutAsync(store.Id, [new ItemMapChange("B0REPEAT01", "SKU-1")], Db.User);

        Assert.Equal(OrderOutcomeKind.Duplicate, (await SyncByAsinAsync(store.Id, "A-1", ("", "B0REPEAT01", 2))).Kind);
        Assert.Equal(OrderOutcomeKind.Conflict, (await SyncByAsinAsync(store.Id, "A-1", ("", "B0REPEAT01", 3))).Kind);
    }

    [SkippableFact]
    public async Task TheMap_RefusesABadAsinByRowAndField_AndSavesNothingOfTheChange()
    {
        var store = await Db.InstanceAsync();

        var bad = await Assert.ThrowsAsync<ValidationException>(() =>
            Map.PutAsync(store.Id, [new ItemMapChange("B0GOOD0001", "SKU-1"), new ItemMapChange("B0 BAD", "SKU-1")], Db.User));
        Assert.Equal("entries[1].asin", bad.Field);
        Assert.StartsWith("Row 2, asin:", bad.Message, StringComparison.Ordinal);
        Assert.Empty(await Map.ListAsync(store.Id, Db.User));
    }
}

public sealed class ItemMapRulesOnSqlite() : ItemMapRulesTests(Engine.Sqlite);

public sealed class ItemMapRulesOnPostgres() : ItemMapRulesTests(Engine.Postgres);
