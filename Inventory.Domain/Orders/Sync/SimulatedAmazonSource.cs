using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Stock;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Orders.Sync;

/// <summary>
/// A pretend Amazon store for demos and load tests: Amazon-style order numbers, 1–3 lines of the
/// instance's own SKUs (now and then one it does not track), shipping from its warehouses, at the
/// configured rate. Enabled per instance (its SimulateOrders setting).
/// </summary>
public sealed class SimulatedAmazonSource(StockQueries stock, IOptions<SyncOptions> options, TimeProvider clock)
    : IMarketplaceOrderSource
{
    private const int MaxPerFetch = 500;

    public string Name => "Simulated Amazon store";

    public bool Serves(InstanceView instance) => instance.SimulateOrders;

    public async Task<IReadOnlyList<IncomingOrder>> FetchAsync(InstanceView instance, DateTime since, CancellationToken ct)
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
}
