using System.Globalization;
using System.Text.Json;
using Inventory.Domain.Common;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Inventory.Domain.Stock.Feed;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// The submitShipmentConfirmations body for one order: every item shipped whole (Amazon takes an order
/// whole, as the acknowledgement said), in one carton per package of its label, each carrying that
/// package's tracking number and ship method.
/// </summary>
internal static class AmazonShipmentConfirmation
{
    public const string Shipped = "SHIPPED";

    /// <summary>A package as the confirmation names it.</summary>
    public sealed record Package(string TrackingNumber, string? ShipMethod);

    /// <summary>The packages of each order's label, in the marketplace's order (none for an order it did not label).</summary>
    public static async Task<Dictionary<long, IReadOnlyList<Package>>> PackagesAsync(InventoryDbContext db, IReadOnlyCollection<long> orderIds,
        CancellationToken ct) =>
        (await db.OrderPackages.AsNoTracking().Where(p => orderIds.Contains(p.OrderId)).OrderBy(p => p.Number)
            .Select(p => new { p.OrderId, p.TrackingNumber, p.ShipMethod }).ToListAsync(ct))
        .GroupBy(p => p.OrderId)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<Package>)g.Select(p => new Package(p.TrackingNumber, p.ShipMethod)).ToList());

    public static string Body(Order order, IReadOnlyList<Package> packages, string sellingPartyId, DateTime shippedAt)
    {
        var lines = order.Lines.Select((line, index) => (
            Sequence: int.TryParse(line.ItemSequenceNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : index + 1,
            Line: line)).ToList();
        var items = lines.Select(l => new ShippedItem(l.Sequence, l.Line.BuyerProductIdentifier, l.Line.Sku,
            new ItemQuantity(l.Line.Quantity, "Each"))).ToList();
        if (packages.Count == 0)
            packages = [new Package(order.TrackingNumber ?? order.OrderNumber, order.ShipMethod)];
        var multiBox = packages.Count > 1;
        // The model requires each container's weight: the seller gave it per box on Ship (OrderShipping asks for it).
        var given = order.BoxWeight ?? throw new DomainException($"Order {order.OrderNumber} has no weight per box to report to Amazon.");
        var weight = new Weight(given.Unit.ToString(), given.Value.ToString("0.###", CultureInfo.InvariantCulture));
        var containers = packages.Select((package, box) => new Container("Carton", package.TrackingNumber, package.TrackingNumber,
            package.ShipMethod, weight, PackedInBox(lines, box, packages.Count), multiBox ? box + 1 : null)).ToList();
        var confirmation = new ShipmentConfirmation(
            order.OrderNumber,
            new ShipmentConfirmationDetails(shippedAt, Shipped, VendorOrderNumber: $"INV-{order.Id}"),
            new PartyIdentification(sellingPartyId), new PartyIdentification(order.Warehouse),
            items,
            containers);
        return JsonSerializer.Serialize(new SubmitShipmentConfirmationsRequest([confirmation]), SpApiClient.Json);
    }

    /// <summary>
    /// What box <paramref name="box"/> of <paramref name="boxes"/> holds. Amazon's label says how many boxes,
    /// not what is in each, and this product does not ask the packer yet: each line's units are spread over
    /// the boxes (the remainders of successive lines in successive boxes), so every unit is in exactly one.
    /// </summary>
    private static List<PackedItem> PackedInBox(IReadOnlyList<(int Sequence, OrderLine Line)> lines, int box, int boxes) =>
        lines.Select((l, index) => (l, Quantity: l.Line.Quantity / boxes + ((box - index % boxes + boxes) % boxes < l.Line.Quantity % boxes ? 1 : 0)))
            .Where(p => p.Quantity > 0)
            .Select(p => new PackedItem(p.l.Sequence, p.l.Line.BuyerProductIdentifier, p.l.Line.Sku, new ItemQuantity(p.Quantity, "Each")))
            .ToList();
}
