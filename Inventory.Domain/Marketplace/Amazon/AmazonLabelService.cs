using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// With an Amazon connection, labels come from Amazon (createShippingLabels) and are kept as Amazon made
/// them (PNG or ZPL); without one, <paramref name="fallback"/>'s own PDF label stays.
/// </summary>
public sealed class AmazonLabelService(MarketplaceConnections connections, SpApiClient api, TrackingNumberLabelService fallback,
    IDbContextFactory<InventoryDbContext> dbFactory) : ILabelService
{
    public async Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct)
    {
        if (await connections.CredentialsAsync(order.InstanceId, ct) is not { } credentials)
            return await fallback.CreateLabelAsync(order, ct);
        // Amazon refuses a label for an order whose acknowledgement it has not processed (its Direct Fulfillment
        // guide): its 202 is not enough, the acknowledgement's transaction must have ended in Success.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (!await db.OutboxMessages.AnyAsync(m => m.OrderId == order.Id && m.Kind == OutboxKind.Acknowledgement && m.Accepted && m.Outcome == TransactionOutcome.Success, ct))
                throw new MarketplaceException(
                    $"Order {order.OrderNumber} is waiting for Amazon to confirm the acknowledgement; Amazon makes labels only for acknowledged orders. Create the label once the order shows \"confirmed by Amazon\".");
        var answer = await api.CreateShippingLabelsAsync(credentials, order.OrderNumber,
            new CreateShippingLabelsRequest(new PartyIdentification(credentials.SellingPartyId), new PartyIdentification(order.Warehouse)), ct);
        var label = answer.LabelData?.FirstOrDefault(l => !string.IsNullOrEmpty(l.Content))
            ?? throw new MarketplaceException($"Amazon made no label for {order.OrderNumber}.");
        if (answer.LabelFormat is not ("PNG" or "ZPL"))
            throw new MarketplaceException($"Amazon's label for {order.OrderNumber} is in a format this product cannot show ({answer.LabelFormat}).");
        byte[] content;
        try
        {
            content = Convert.FromBase64String(label.Content!);
        }
        catch (FormatException)
        {
            throw new MarketplaceException($"Amazon's label for {order.OrderNumber} is not Base64 as its model says.");
        }
        return new ShippingLabel(label.TrackingNumber is { Length: > 0 } tracking ? tracking : label.PackageIdentifier ?? order.OrderNumber,
            answer.LabelFormat, content, label.ShipMethod);
    }
}
