using Inventory.Domain.Common;
using Inventory.Domain.Orders;
using Inventory.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>
/// The bulk skeleton: orders read ahead are decided on as they stand inside their own transaction,
/// and a carrier's label is asked for without holding the database's write lock.
/// </summary>
public abstract class OrderBatchTests(Engine engine) : DomainTest(new TestDatabase
{
    Engine = engine,
    Configure = services => services.AddSingleton<ILabelService>(new HookedLabelService()),
})
{
    private HookedLabelService Labels => (HookedLabelService)Db.Services.GetRequiredService<ILabelService>();

    private async Task<long> AcceptedOrderAsync(int instanceId, string orderNumber)
    {
        var id = (await Db.SyncAsync(instanceId, orderNumber, ("SKU-1", 1))).OrderId!.Value;
        await Db.Acceptance.AcceptAsync(instanceId, [id], Db.User);
        return id;
    }

    [SkippableFact]
    public async Task AnOrderChangedAfterTheReadAhead_IsHandedToTheWorkAsItStandsInItsTransaction()
    {
        var store = await Db.InstanceAsync();
        var a = (await Db.SyncAtAsync(store.Id, "A", DateTime.UtcNow.AddMinutes(-2), null, ("SKU-1", 1))).OrderId!.Value;
        var b = (await Db.SyncAtAsync(store.Id, "B", DateTime.UtcNow.AddMinutes(-1), null, ("SKU-1", 1))).OrderId!.Value;
        var batch = Db.Services.GetRequiredService<OrderBatch>();
        var seen = new List<(string, OrderStatus)>();

        await batch.RunOnOrdersAsync(store.Id, [a, b], Db.User, async (unit, order) =>
        {
            seen.Add((order.OrderNumber, order.Status));
            if (order.OrderNumber == "A") // another writer accepts B after both were read ahead
                await unit.Db.Orders.Where(o => o.Id == b).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Accepted));
            return OrderOutcome.Skipped(order, "looked at");
        }, CancellationToken.None);

        Assert.Equal([("A", OrderStatus.New), ("B", OrderStatus.Accepted)], seen);
    }

    [SkippableFact]
    public async Task CreateLabel_AsksTheCarrierWithoutHoldingTheWriteLock()
    {
        var store = await Db.InstanceAsync();
        var id = await AcceptedOrderAsync(store.Id, "A-1");
        // While the carrier answers, another user's import must commit at once, not wait for the label.
        Labels.WhileAnswering = () => Db.StockAsync(store.Id, ("SKU-9", 1)).WaitAsync(TimeSpan.FromSeconds(20));

        var result = await Db.Labelling.CreateLabelAsync(store.Id, [id], Db.User);

        Assert.Equal(OrderOutcomeKind.Moved, Assert.Single(result.Orders).Kind);
        Assert.Equal(1, await Db.QuantityAsync(store.Id, "SKU-9"));
    }

    [SkippableFact]
    public async Task CreateLabel_ForAnOrderCancelledWhileTheCarrierAnswered_SkipsIt_AndTheCancelStands()
    {
        var store = await Db.InstanceAsync();
        var id = await AcceptedOrderAsync(store.Id, "A-1");
        Labels.WhileAnswering = () => Db.Cancellation.CancelAsync(store.Id, [id], "buyer asked", Db.User);

        var result = await Db.Labelling.CreateLabelAsync(store.Id, [id], Db.User);

        Assert.Equal(OrderOutcomeKind.Skipped, Assert.Single(result.Orders).Kind);
        var order = await Db.OrderAsync(store.Id, "A-1");
        Assert.Equal((OrderStatus.Cancelled, null), (order.Status, order.TrackingNumber));
    }

    [SkippableFact]
    public async Task AFailingOrder_IsItsOwnOutcome_AndTheBatchGoesOn()
    {
        var store = await Db.InstanceAsync();
        var a = (await Db.SyncAtAsync(store.Id, "A", DateTime.UtcNow.AddMinutes(-2), null, ("SKU-1", 1))).OrderId!.Value;
        var b = (await Db.SyncAtAsync(store.Id, "B", DateTime.UtcNow.AddMinutes(-1), null, ("SKU-1", 1))).OrderId!.Value;
        var batch = Db.Services.GetRequiredService<OrderBatch>();

        var result = await batch.RunOnOrdersAsync(store.Id, [a, b], Db.User, (unit, order) =>
            order.OrderNumber == "A"
                ? throw new InvalidOperationException("boom")
                : Task.FromResult(OrderOutcome.Skipped(order, "looked at")), CancellationToken.None);

        Assert.Equal([OrderOutcomeKind.Failed, OrderOutcomeKind.Skipped], result.Orders.Select(o => o.Kind));
        Assert.Contains("boom", result.Orders[0].Message);
    }

    private sealed class HookedLabelService : ILabelService
    {
        public Func<Task>? WhileAnswering { get; set; }

        public async Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct)
        {
            if (WhileAnswering is { } hook)
                await hook();
            return new ShippingLabel("1ZTEST" + order.Id);
        }
    }
}

public sealed class OrderBatchOnSqlite() : OrderBatchTests(Engine.Sqlite);

public sealed class OrderBatchOnPostgres() : OrderBatchTests(Engine.Postgres);
