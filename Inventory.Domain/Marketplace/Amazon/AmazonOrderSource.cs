using Inventory.Domain.Instances;
using Inventory.Domain.Orders;
using Inventory.Domain.Orders.Sync;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// Orders from Amazon Vendor Direct Fulfillment: pages through getOrders (status NEW, since the last
/// good sync less an overlap, <c>nextToken</c> until done) and hands each purchase order to intake as it
/// came. Intake decides; a malformed order is refused there with its reason, and the rest go in.
/// </summary>
public sealed class AmazonOrderSource(MarketplaceConnections connections, SpApiClient api, IOptions<AmazonOptions> options, TimeProvider clock)
    : IMarketplaceOrderSource
{
    public string Name => "Amazon";

    public bool Serves(InstanceView instance) => instance.MarketplaceConnected;

    public async Task<IReadOnlyList<IncomingOrder>> FetchAsync(InstanceView instance, DateTime since, CancellationToken ct)
    {
        var credentials = await connections.CredentialsAsync(instance.Id, ct)
            ?? throw new MarketplaceException($"{instance.Name} is not connected to Amazon.");
        var now = clock.GetUtcNow().UtcDateTime;
        var after = (instance.LastSyncAt is null ? now.AddDays(-options.Value.FirstSyncDays) : since)
                    .AddMinutes(-options.Value.SyncOverlapMinutes);
        var orders = new List<IncomingOrder>();
        string? nextToken = null;
        do
        {
            var page = await api.GetOrdersAsync(credentials, after, now, nextToken, Math.Clamp(options.Value.PageSize, 1, 100), ct);
            orders.AddRange((page.Orders ?? []).Select(ToIncoming));
            nextToken = page.Pagination?.NextToken is { Length: > 0 } token ? token : null;
        }
        while (nextToken is not null);
        return orders;
    }

    /// <summary>
    /// Amazon's purchase order in the product's words: the number, the ship-from party as warehouse, the
    /// vendor's product id as SKU. Missing parts are passed on empty, for intake to refuse by name.
    /// </summary>
    internal static IncomingOrder ToIncoming(PurchaseOrder po)
    {
        var details = po.OrderDetails;
        var lines = (details?.Items ?? [])
            .Select(i => new IncomingLine(i.VendorProductIdentifier ?? "", (int)Math.Clamp(i.OrderedQuantity?.Amount ?? 0, int.MinValue, int.MaxValue),
                i.ItemSequenceNumber, i.BuyerProductIdentifier))
            .ToList();
        return new IncomingOrder(po.PurchaseOrderNumber ?? "", details?.ShipFromParty?.PartyId ?? "",
            details?.OrderDate?.UtcDateTime ?? default, lines, details?.ShipmentDetails?.ShipmentDates?.RequiredShipDate?.UtcDateTime);
    }
}
