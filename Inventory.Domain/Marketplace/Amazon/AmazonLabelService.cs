using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Inventory.Domain.Orders;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// A connected instance's labels come from Amazon (createShippingLabels) and are kept as Amazon made
/// them (PNG or ZPL), every package of them. An order that must carry Amazon's packing slip gets it
/// fetched with its label.
/// </summary>
internal sealed partial class AmazonLabelService(MarketplaceConnections connections, SpApiClient api,
    AmazonPackingSlips slips, IDbContextFactory<InventoryDbContext> dbFactory, ILogger<AmazonLabelService> logger)
{
    public async Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct)
    {
        var credentials = await connections.CredentialsAsync(order.InstanceId, ct)
            ?? throw new MarketplaceException($"The instance of {order.OrderNumber} is no longer connected to Amazon.");
        // Amazon refuses a label for an order whose acknowledgement it has not processed (its Direct Fulfillment
        // guide): its 202 is not enough, the acknowledgement's transaction must have ended in Success.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (!await db.OutboxMessages.AnyAsync(m => m.OrderId == order.Id && m.Kind == OutboxKind.Acknowledgement && m.Accepted && m.Outcome == TransactionOutcome.Success, ct))
                throw new MarketplaceException(
                    $"Order {order.OrderNumber} is waiting for Amazon to confirm the acknowledgement; Amazon makes labels only for acknowledged orders. Create the label once the order shows \"confirmed by Amazon\".");
        var answer = await api.CreateShippingLabelsAsync(credentials, order.OrderNumber,
            new CreateShippingLabelsRequest(new PartyIdentification(credentials.SellingPartyId), new PartyIdentification(order.Warehouse)), ct);
        if (answer.LabelFormat is not ("PNG" or "ZPL"))
            throw new MarketplaceException($"Amazon's label for {order.OrderNumber} is in a format this product cannot show ({answer.LabelFormat}).");
        // Every package Amazon lists is a box that must go out with its own label: one without a label is not
        // skipped but refused, or the vendor would ship a box nobody can track.
        var data = answer.LabelData ?? [];
        if (data.Count == 0)
            throw new MarketplaceException($"Amazon made no label for {order.OrderNumber}.");
        var packages = data.Select((label, index) => Package(order, label, index)).ToList();
        return new ShippingLabel(packages[0].TrackingNumber, answer.LabelFormat, packages,
            order.PackingSlipRequired ? await TrySlipAsync(order, ct) : null);
    }

    private static LabelPackage Package(Order order, LabelData label, int index)
    {
        if (string.IsNullOrEmpty(label.Content))
            throw new MarketplaceException($"Amazon's label for {order.OrderNumber} lists package {index + 1} without its label.");
        byte[] content;
        try
        {
            content = Convert.FromBase64String(label.Content);
        }
        catch (FormatException)
        {
            throw new MarketplaceException($"Amazon's label for {order.OrderNumber} is not Base64 as its model says.");
        }
        var tracking = label.TrackingNumber is { Length: > 0 } number ? number
            : label.PackageIdentifier is { Length: > 0 } package ? package
            : index == 0 ? order.OrderNumber : $"{order.OrderNumber}-{index + 1}";
        return new LabelPackage(tracking, label.ShipMethod, content);
    }

    /// <summary>The packing slip, or null when Amazon could not give it now: the label stands, and the slip is fetched again when asked for.</summary>
    private async Task<PackingSlipFile?> TrySlipAsync(Order order, CancellationToken ct)
    {
        try
        {
            return await slips.FetchAsync(order, ct);
        }
        catch (MarketplaceException ex) // AmazonGate says every failure to reach Amazon so
        {
            SlipNotFetched(logger, ex, order.OrderNumber);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The packing slip of {OrderNumber} could not be fetched with its label; it is fetched when asked for")]
    private static partial void SlipNotFetched(ILogger logger, Exception ex, string orderNumber);
}

/// <summary>Amazon's packing slip of a purchase order (getPackingSlip), for orders Amazon marks <c>isPslipRequired</c>.</summary>
internal sealed class AmazonPackingSlips(MarketplaceConnections connections, SpApiClient api)
{
    public async Task<PackingSlipFile?> FetchAsync(Order order, CancellationToken ct)
    {
        if (await connections.CredentialsAsync(order.InstanceId, ct) is not { } credentials)
            return null;
        var slip = await api.GetPackingSlipAsync(credentials, order.OrderNumber, ct);
        if (string.IsNullOrEmpty(slip.Content))
            throw new MarketplaceException($"Amazon's packing slip for {order.OrderNumber} has no content.");
        try
        {
            return new PackingSlipFile(slip.ContentType is { Length: > 0 } type ? type : "application/pdf", Convert.FromBase64String(slip.Content));
        }
        catch (FormatException)
        {
            throw new MarketplaceException($"Amazon's packing slip for {order.OrderNumber} is not Base64 as its model says.");
        }
    }
}
