using Inventory.Domain.Instances;
using Inventory.Domain.Marketplace;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Domain;

/// <summary>
/// The marketplace seam: a second marketplace is one class implementing the port and one registration,
/// and the domain reaches it for what it can do (here orders and labels) without knowing its name.
/// </summary>
public abstract class MarketplacePortTests(Engine engine) : DomainTest(new TestDatabase
{
    Engine = engine,
    Configure = services => services.AddSingleton<IMarketplace, ShopMarketplace>(),
})
{
    /// <summary>A made-up marketplace serving the instances named "Shop": its orders in, its own labels.</summary>
    private sealed class ShopMarketplace : IMarketplace
    {
        public string Name => "Shop";

        public MarketplaceCapabilities Capabilities => MarketplaceCapabilities.Orders | MarketplaceCapabilities.Labels;

        public bool Serves(InstanceView instance) => instance.Name == "Shop";

        public Task<IReadOnlyList<IncomingOrder>> FetchOrdersAsync(InstanceView instance, DateTime since, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<IncomingOrder>>([new IncomingOrder("SHOP-1", null, since, [new IncomingLine("SKU-1", 2)])]);

        public Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct) =>
            Task.FromResult(new ShippingLabel("SHOPTRACK-" + order.OrderNumber));
    }

    [SkippableFact]
    public async Task ASecondMarketplace_RegisteredOnce_BringsItsInstancesOrders_AndMakesTheirLabels()
    {
        var shop = await Db.InstanceAsync(inventoryCheck: true, autoLabel: true, name: "Shop");
        var other = await Db.InstanceAsync(autoLabel: true, name: "Other");
        await Db.StockAsync(shop.Id, ("SKU-1", 5));
        var sync = Db.Services.GetRequiredService<MarketplaceSync>();

        await sync.SyncNowAsync(shop.Id, Db.User);

        var order = await Db.OrderAsync(shop.Id, "SHOP-1");
        Assert.Equal((OrderStatus.Awaiting, "SHOPTRACK-SHOP-1"), (order.Status, order.TrackingNumber));
        Assert.Equal(3, await Db.QuantityAsync(shop.Id, "SKU-1"));
        // An instance it does not serve has no marketplace: nothing to pull, and our own label.
        await Assert.ThrowsAsync<Inventory.Domain.Common.DomainException>(() => sync.SyncNowAsync(other.Id, Db.User));
        await Db.SyncAsync(other.Id, "OWN-1", ("SKU-2", 1));
        Assert.StartsWith("1ZINV", (await Db.OrderAsync(other.Id, "OWN-1")).TrackingNumber);
    }
}

public sealed class MarketplacePortOnSqlite() : MarketplacePortTests(Engine.Sqlite);

public sealed class MarketplacePortOnPostgres() : MarketplacePortTests(Engine.Postgres);
