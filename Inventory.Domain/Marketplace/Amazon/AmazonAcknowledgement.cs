using System.Text.Json;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock.Feed;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// The submitAcknowledgement body for one order. Amazon takes an order whole or not at all, so every item
/// is listed with its ordered quantity under the order's code: accepted (00) or rejected out of stock (03).
/// The model's acknowledged quantity is the quantity that code applies to ("This value should not be zero"),
/// so a rejection names what is rejected; a zero there is refused as invalid input.
/// </summary>
internal static class AmazonAcknowledgement
{
    // Codes from the Vendor Direct Fulfillment use-case guide (the model leaves the list to it).
    public const string AcceptedCode = "00";
    public const string OutOfStockCode = "03";

    public static string Body(Order order, string sellingPartyId, bool accepted, DateTime at)
    {
        var status = accepted
            ? new AcknowledgementStatus(AcceptedCode, "Shipping 100 percent of ordered product")
            : new AcknowledgementStatus(OutOfStockCode, "Canceled out of stock");
        var items = order.Lines.Select((line, index) => new OrderItemAcknowledgement(
            line.ItemSequenceNumber ?? (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            line.BuyerProductIdentifier,
            line.IsUnknown ? null : line.Sku, // a rejected line that named only its ASIN is named by it alone
            new ItemQuantity(line.Quantity, "Each"))).ToList();
        var acknowledgement = new OrderAcknowledgementItem(
            order.OrderNumber, VendorOrderNumber: $"INV-{order.Id}", at, status,
            new PartyIdentification(sellingPartyId), new PartyIdentification(order.Warehouse), items);
        return JsonSerializer.Serialize(new SubmitAcknowledgementRequest([acknowledgement]), SpApiClient.Json);
    }
}
