using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

public class OrderLine
{
    private OrderLine() { }

    /// <param name="itemSequenceNumber">The marketplace's number of the line (Amazon's <c>itemSequenceNumber</c>), sent back when it is acknowledged.</param>
    /// <param name="buyerProductIdentifier">
    /// The marketplace's own product id (Amazon's ASIN), kept beside the seller's SKU. A line may name only it (the
    /// marketplace's model makes the vendor's id optional): its SKU is then empty until the item map resolves it.
    /// </param>
    /// <param name="price">The marketplace's net unit price, the line's tax and their currency, when it gave them (what an invoice bills).</param>
    public OrderLine(string sku, int quantity, string? itemSequenceNumber = null, string? buyerProductIdentifier = null, LinePrice? price = null)
    {
        ItemSequenceNumber = Fields.Optional(itemSequenceNumber, "Item sequence number", MarketplaceIdMaxLength);
        BuyerProductIdentifier = Fields.Optional(buyerProductIdentifier, "Buyer product identifier", MarketplaceIdMaxLength);
        if (string.IsNullOrWhiteSpace(sku) && BuyerProductIdentifier is not null)
        {
            Sku = string.Empty;
            SkuKey = string.Empty;
        }
        else
        {
            Sku = Fields.Required(sku, "SKU", Fields.SkuMaxLength);
            SkuKey = Keys.Normalize(sku);
        }
        if (Fields.LineQuantityProblem(IsUnknown ? BuyerProductIdentifier! : Sku, quantity) is { } problem)
            throw new ValidationException("Quantity", problem);
        Quantity = quantity;
        if (price is { Currency.Length: 3 } p && p.NetPrice >= 0)
        {
            NetPrice = p.NetPrice;
            Tax = p.Tax is >= 0 ? p.Tax : null;
            Currency = p.Currency.ToUpperInvariant();
        }
    }

    public long Id { get; private set; }
    public long OrderId { get; private set; }
    public string Sku { get; private set; } = string.Empty;
    public string SkuKey { get; private set; } = string.Empty;
    public int Quantity { get; private set; }
    public string? ItemSequenceNumber { get; private set; }
    public string? BuyerProductIdentifier { get; private set; }

    /// <summary>The line names only the marketplace's product id, and no SKU has been found for it yet.</summary>
    public bool IsUnknown => SkuKey.Length == 0;

    /// <summary>The item map's key of the marketplace's product id, or null when the line has none.</summary>
    public string? ProductKey => BuyerProductIdentifier is null ? null : Keys.Normalize(BuyerProductIdentifier);

    // Set when this unit of work gave the line its SKU: the line is then written with the order.
    private bool _resolvedNow;

    internal bool WasResolvedNow() => _resolvedNow;

    /// <summary>The item map found the seller's SKU for a line that named only the marketplace's product id.</summary>
    public void ResolveTo(string sku)
    {
        if (!IsUnknown)
            throw new DomainException($"The line of {BuyerProductIdentifier ?? Sku} already has SKU {Sku}.");
        Sku = Fields.Required(sku, "SKU", Fields.SkuMaxLength);
        SkuKey = Keys.Normalize(Sku);
        _resolvedNow = true;
    }

    /// <summary>The marketplace's net price to the vendor for one unit, before tax (Amazon's <c>netPrice</c>); what an invoice bills.</summary>
    public decimal? NetPrice { get; private set; }

    /// <summary>The line's total tax as the marketplace gave it (Amazon's <c>taxDetails</c>), when it gave one.</summary>
    public decimal? Tax { get; private set; }

    /// <summary>ISO 4217 code of <see cref="NetPrice"/> and <see cref="Tax"/>.</summary>
    public string? Currency { get; private set; }

    public const int MarketplaceIdMaxLength = 64;
}

/// <summary>A line's price as the marketplace gave it: the net price of one unit, the line's tax if known, and their ISO 4217 currency.</summary>
public sealed record LinePrice(decimal NetPrice, decimal? Tax, string Currency);
