using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inventory.Tests.Domain;

/// <summary>Orders pulled from a marketplace by the background service, on a short interval.</summary>
public abstract class MarketplaceSyncTests(Engine engine) : DomainTest(new TestDatabase
{
    Engine = engine,
    Settings = { ["Sync:IntervalSeconds"] = "0.2", ["Sync:SimulatedOrdersPerMinute"] = "600", ["Sync:MaxBackoffSeconds"] = "1" },
    Configure = services => services.AddSingleton<IMarketplace, BrokenSource>(),
})
{
    /// <summary>A store whose marketplace connection throws on every pull.</summary>
    private sealed class BrokenSource : IMarketplace
    {
        public string Name => "Broken store";
        public MarketplaceCapabilities Capabilities => MarketplaceCapabilities.Orders;
        public bool Serves(InstanceView instance) => instance.Name == "Broken";
        public Task<IReadOnlyList<IncomingOrder>> FetchOrdersAsync(InstanceView instance, DateTime since, CancellationToken ct) =>
            throw new InvalidOperationException("marketplace returned 503");
    }

    private async Task<IHostedService> StartSyncServiceAsync()
    {
        var service = Db.Services.GetServices<IHostedService>().OfType<MarketplaceSyncService>().Single();
        await service.StartAsync(CancellationToken.None);
        return service;
    }

    /// <summary>Completes when <paramref name="condition"/> holds after a change of the instance.</summary>
    private Task WhenAsync(int instanceId, Func<Task<bool>> condition) => Changes.WhenAsync(Db.Notifier, instanceId, condition);

    [SkippableFact]
    public async Task SimulatedStore_OrdersAppear_AndAutoLabelRoutesThem()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("PLENTY-1", 100_000), ("NONE-1", 0));
        await Db.Instances.UpdateAsync(store.Id, new InstanceUpdate(SimulateOrders: true), Db.User);
        var service = await StartSyncServiceAsync();

        // Every simulated order uses these two SKUs (or an untracked one): some pass, some are held.
        await WhenAsync(store.Id, async () =>
        {
            var counts = await Db.Orders.CountsAsync(store.Id, Db.User);
            return counts.Awaiting > 0 && counts.NoInventory > 0;
        });
        await service.StopAsync(CancellationToken.None);

        var awaiting = await Db.Orders.QueryAsync(store.Id, new OrderQuery(OrderStatus.Awaiting), Db.User);
        Assert.All(awaiting.Items, o => Assert.False(string.IsNullOrEmpty(o.TrackingNumber)));
        Assert.All(awaiting.Items, o => Assert.Matches(@"^\d{3}-\d{7}-\d{7}$", o.OrderNumber));
        var held = await Db.Orders.QueryAsync(store.Id, new OrderQuery(OrderStatus.New), Db.User);
        Assert.All(held.Items, o => Assert.Contains(o.Shortages, s => s.Sku == "NONE-1"));
        Assert.Null((await Db.Instances.GetAsync(store.Id, Db.User)).LastSyncError);
    }

    [SkippableFact]
    public async Task FailingSource_IsRecordedAndRetried_AndDoesNotStopAnotherInstancesSync()
    {
        var broken = await Db.InstanceAsync(name: "Broken");
        var healthy = await Db.InstanceAsync(name: "Healthy");
        await Db.Instances.UpdateAsync(healthy.Id, new InstanceUpdate(SimulateOrders: true), Db.User);
        var service = await StartSyncServiceAsync();

        await WhenAsync(broken.Id, async () => (await Db.Instances.GetAsync(broken.Id, Db.User)).LastSyncError is not null);
        await WhenAsync(healthy.Id, async () => (await Db.Orders.CountsAsync(healthy.Id, Db.User)).New >= 3);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal("Broken store failed: marketplace returned 503", (await Db.Instances.GetAsync(broken.Id, Db.User)).LastSyncError);
        Assert.Equal(0, (await Db.Orders.CountsAsync(broken.Id, Db.User)).New);
    }

    [SkippableFact]
    public async Task SyncNow_WithoutASource_SaysHowToGetOne()
    {
        var store = await Db.InstanceAsync();
        var sync = Db.Services.GetRequiredService<MarketplaceSync>();

        var error = await Assert.ThrowsAsync<Inventory.Domain.Common.DomainException>(() => sync.SyncNowAsync(store.Id, Db.User));

        Assert.Contains("enable the simulated Amazon store", error.Message);
    }

    [SkippableFact]
    public async Task HeldOrders_AreReleasedInTheBackground_AfterAnImportRaisesStock()
    {
        var store = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true);
        await Db.StockAsync(store.Id, ("SKU-1", 0));
        await Db.SyncAsync(store.Id, "HELD-1", ("SKU-1", 2));
        var service = Db.Services.GetServices<IHostedService>().OfType<HeldOrderReleaseService>().Single();
        await service.StartAsync(CancellationToken.None);

        var import = await Db.StockAsync(store.Id, ("SKU-1", 5)); // returns before the release runs

        Assert.True(import.Succeeded);
        await WhenAsync(store.Id, async () => (await Db.OrderAsync(store.Id, "HELD-1")).Status == OrderStatus.Awaiting);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(3, await Db.QuantityAsync(store.Id, "SKU-1"));
    }
}

public sealed class MarketplaceSyncOnSqlite() : MarketplaceSyncTests(Engine.Sqlite);

public sealed class MarketplaceSyncOnPostgres() : MarketplaceSyncTests(Engine.Postgres);
