using System.Collections.Concurrent;
using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Inventory.Domain.Stock;
using Inventory.Domain.Stock.Feed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Marketplace.Simulated;

/// <summary>
/// A pretend store for demos and load tests: Amazon-style order numbers, 1–3 lines of the instance's own
/// SKUs (now and then one it does not track), shipping from its warehouses, at the configured rate, for an
/// instance that has its SimulateOrders setting on. It takes the inventory feed of every instance no
/// marketplace with a feed serves and keeps what it received, so a page or a test can read it back.
/// It acknowledges nothing and makes no labels: our own PDF label, and orders ship here.
/// </summary>
public sealed class SimulatedMarketplace(StockQueries stock, IOptions<SyncOptions> options, TimeProvider clock) : IMarketplace
{
    private const int MaxPerFetch = 500;
    private readonly ConcurrentDictionary<int, ConcurrentQueue<FeedBatch>> _received = new();
    private int _failuresToSimulate;

    // Sellers know it by this name.
    public string Name => "Simulated Amazon store";

    public MarketplaceCapabilities Capabilities => MarketplaceCapabilities.Orders | MarketplaceCapabilities.InventoryFeed;

    public bool Serves(InstanceView instance) => instance.SimulateOrders;

    public async Task<IReadOnlyList<IncomingOrder>> FetchOrdersAsync(InstanceView instance, DateTime since, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = (int)Math.Min(MaxPerFetch, Math.Ceiling((now - since).TotalMinutes * options.Value.SimulatedOrdersPerMinute));
        if (due <= 0)
            return [];
        var sample = await stock.SampleAsync(instance.Id, 200, Actor.System, ct);
        var random = Random.Shared;
        var orders = new List<IncomingOrder>(due);
        for (var n = 0; n < due; n++)
        {
            var lines = new List<IncomingLine>();
            var warehouse = sample.Count > 0 ? sample[random.Next(sample.Count)].Warehouse : instance.DefaultWarehouse;
            for (var l = random.Next(1, 4); l > 0; l--)
            {
                var sku = sample.Count == 0 || random.Next(10) == 0
                    ? $"NEW-{random.Next(1000, 9999)}"     // a product the seller does not track
                    : sample[random.Next(sample.Count)].Sku;
                lines.Add(new IncomingLine(sku, random.Next(1, 4)));
            }
            var orderedAt = since + (now - since) * random.NextDouble();
            orders.Add(new IncomingOrder(
                $"{random.Next(111, 114)}-{random.Next(0, 9_999_999):0000000}-{random.Next(0, 9_999_999):0000000}",
                warehouse, orderedAt, lines, ShipBy: orderedAt.AddDays(random.Next(1, 4))));
        }
        return orders;
    }

    /// <summary>The next <paramref name="calls"/> feed submissions fail as an unreachable marketplace would (tests, demos).</summary>
    public void FailNext(int calls) => Interlocked.Exchange(ref _failuresToSimulate, calls);

    /// <summary>The feed batches the store took for the instance, in order: one per ship-from warehouse, quantities in units.</summary>
    public IReadOnlyList<FeedBatch> Received(int instanceId) =>
        _received.TryGetValue(instanceId, out var queue) ? queue.ToList() : [];

    /// <summary>The simulated store processes what it takes at once: there is no transaction to follow.</summary>
    public Task<string?> SubmitInventoryAsync(FeedBatch batch, CancellationToken ct)
    {
        if (Interlocked.Decrement(ref _failuresToSimulate) >= 0)
            throw new HttpRequestException("The simulated marketplace is unavailable (503).");
        Interlocked.CompareExchange(ref _failuresToSimulate, 0, -1);
        _received.GetOrAdd(batch.InstanceId, _ => new()).Enqueue(batch);
        return Task.FromResult<string?>(null);
    }
}

public static class SimulatedServices
{
    /// <summary>The simulated store; registered after any real marketplace, so a connection serves an instance before it does.</summary>
    public static IServiceCollection AddSimulatedMarketplace(this IServiceCollection services)
    {
        services.AddSingleton<SimulatedMarketplace>();
        services.AddSingleton<IMarketplace>(sp => sp.GetRequiredService<SimulatedMarketplace>());
        return services;
    }
}
