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

/// <summary>A marketplace's label of an order, kept as it came (written by the order's save, read for download).</summary>
public class OrderLabelDocument
{
    private OrderLabelDocument() { }

    public long OrderId { get; private set; }
    public string Format { get; private set; } = string.Empty;
    public byte[] Content { get; private set; } = [];
}
