using System.Security.Cryptography;

namespace Inventory.Domain.Orders;

/// <summary>
/// A shipping label: its tracking number, and when the marketplace made it, its own documents, one per
/// package (Amazon may pack one order into several boxes, each with its own label).
/// </summary>
/// <param name="TrackingNumber">The first package's: what the order's lists show.</param>
/// <param name="Format">PNG or ZPL for a marketplace's label; null for our own PDF, drawn on demand.</param>
/// <param name="Packages">The marketplace's packages in its order; none for our own label.</param>
/// <param name="PackingSlip">The marketplace's packing slip, when the order needs one and it could be fetched with the label.</param>
public sealed record ShippingLabel(string TrackingNumber, string? Format = null, IReadOnlyList<LabelPackage>? Packages = null,
    PackingSlipFile? PackingSlip = null)
{
    /// <summary>The first package's ship method (the order's lists show it); null for our own label.</summary>
    public string? ShipMethod => Packages is { Count: > 0 } packages ? packages[0].ShipMethod : null;
}

/// <summary>One package of a marketplace's label: its tracking number, the carrier's ship method, its label document.</summary>
public sealed record LabelPackage(string TrackingNumber, string? ShipMethod, byte[] Content);

/// <summary>A packing slip as the marketplace made it (Amazon's is a PDF).</summary>
public sealed record PackingSlipFile(string ContentType, byte[] Content);

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
