using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

public class OrderLine
{
    private OrderLine() { }

    /// <param name="itemSequenceNumber">The marketplace's number of the line (Amazon's <c>itemSequenceNumber</c>), sent back when it is acknowledged.</param>
    /// <param name="buyerProductIdentifier">The marketplace's own product id (Amazon's ASIN), kept beside the seller's SKU.</param>
    /// <param name="price">The marketplace's net unit price, the line's tax and their currency, when it gave them (what an invoice bills).</param>
    public OrderLine(string sku, int quantity, string? itemSequenceNumber = null, string? buyerProductIdentifier = null, LinePrice? price = null)
    {
        ItemSequenceNumber = Fields.Optional(itemSequenceNumber, "Item sequence number", MarketplaceIdMaxLength);
        BuyerProductIdentifier = Fields.Optional(buyerProductIdentifier, "Buyer product identifier", MarketplaceIdMaxLength);
        Sku = Fields.Required(sku, "SKU", Fields.SkuMaxLength);
        SkuKey = Keys.Normalize(sku);
        if (Fields.LineQuantityProblem(Sku, quantity) is { } problem)
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
