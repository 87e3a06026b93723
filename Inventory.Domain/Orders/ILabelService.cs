using System.Security.Cryptography;

namespace Inventory.Domain.Orders;

/// <summary>A shipping label: its tracking number, and when the marketplace made it, its own document.</summary>
/// <param name="Format">PNG or ZPL for a marketplace's label; null for our own PDF, drawn on demand.</param>
/// <param name="Content">The marketplace's label document; null for our own.</param>
/// <param name="ShipMethod">The marketplace's ship method for the parcel (its shipment confirmation names it); null for our own.</param>
public sealed record ShippingLabel(string TrackingNumber, string? Format = null, byte[]? Content = null, string? ShipMethod = null);

/// <summary>Creates shipping labels. A failure throws, and the caller rolls the order's move back.</summary>
public interface ILabelService
{
    Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct);
}

/// <summary>Issues a unique tracking number; the label is our own PDF (<see cref="LabelPdf"/>).</summary>
public sealed class TrackingNumberLabelService : ILabelService
{
    public Task<ShippingLabel> CreateLabelAsync(Order order, CancellationToken ct)
    {
        // 16 random digits after a prefix: collisions are negligible and the number looks like a carrier's.
        return Task.FromResult(new ShippingLabel("1ZINV" + RandomNumberGenerator.GetString("0123456789", 16)));
    }
}

/// <summary>
/// One package of an order as the marketplace labelled it: Amazon may pack one purchase order into several
/// boxes, each with its own label, tracking number and ship method (written by the order's save, read for
/// download and for the shipment confirmation's containers).
/// </summary>
public class OrderPackage
{
    private OrderPackage() { }

    public OrderPackage(long orderId, int number, string trackingNumber, string? shipMethod, string format, byte[] content)
    {
        OrderId = orderId;
        Number = number;
        TrackingNumber = trackingNumber;
        ShipMethod = shipMethod;
        Format = format;
        Content = content;
    }

    public long OrderId { get; private set; }

    /// <summary>1, 2, 3… in the order the marketplace listed the packages.</summary>
    public int Number { get; private set; }
    public string TrackingNumber { get; private set; } = string.Empty;
    public string? ShipMethod { get; private set; }
    public string Format { get; private set; } = string.Empty;
    public byte[] Content { get; private set; } = [];
}

/// <summary>The marketplace's packing slip for an order that must carry one (Amazon's <c>isPslipRequired</c>), kept as it came.</summary>
public class OrderPackingSlip
{
    private OrderPackingSlip() { }

    public OrderPackingSlip(long orderId, string contentType, byte[] content, DateTime fetchedAt)
    {
        OrderId = orderId;
        ContentType = contentType;
        Content = content;
        FetchedAt = fetchedAt;
    }

    public long OrderId { get; private set; }
    public string ContentType { get; private set; } = string.Empty;
    public byte[] Content { get; private set; } = [];
    public DateTime FetchedAt { get; private set; }
}
