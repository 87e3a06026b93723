using System.Globalization;
using System.Text.Json;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// The submitShipmentConfirmations body for one order: every item shipped whole (Amazon takes an order
/// whole, as the acknowledgement said), in one carton carrying the label's tracking number and ship method.
/// </summary>
internal static class AmazonShipmentConfirmation
{
    public const string Shipped = "SHIPPED";

    /// <summary>
    /// The model requires a container's weight, and this product does not weigh parcels yet: one pound is
    /// sent until a weight can be entered on Ship. Amazon reads the tracking number; the weight is informative.
    /// </summary>
    public static readonly Weight UnweighedParcel = new("LB", "1");

    public static string Body(Order order, string sellingPartyId, DateTime shippedAt)
    {
        var lines = order.Lines.Select((line, index) => (
            Sequence: int.TryParse(line.ItemSequenceNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : index + 1,
            Line: line)).ToList();
        var items = lines.Select(l => new ShippedItem(l.Sequence, l.Line.BuyerProductIdentifier, l.Line.Sku,
            new ItemQuantity(l.Line.Quantity, "Each"))).ToList();
        var packed = lines.Select(l => new PackedItem(l.Sequence, l.Line.BuyerProductIdentifier, l.Line.Sku,
            new ItemQuantity(l.Line.Quantity, "Each"))).ToList();
        var tracking = order.TrackingNumber ?? order.OrderNumber;
        var confirmation = new ShipmentConfirmation(
            order.OrderNumber,
            new ShipmentConfirmationDetails(shippedAt, Shipped, VendorOrderNumber: $"INV-{order.Id}"),
            new PartyIdentification(sellingPartyId), new PartyIdentification(order.Warehouse),
            items,
            [new Container("Carton", tracking, order.TrackingNumber, order.ShipMethod, UnweighedParcel, packed)]);
        return JsonSerializer.Serialize(new SubmitShipmentConfirmationsRequest([confirmation]), SpApiClient.Json);
    }
}
