using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

public class OrderLine
{
    private OrderLine() { }

    internal static OrderLine Rehydrate(long id, long orderId, string sku, string skuKey, int quantity) =>
        new() { Id = id, OrderId = orderId, Sku = sku, SkuKey = skuKey, Quantity = quantity };

    public OrderLine(string sku, int quantity)
    {
        Sku = Guard.Required(sku, "SKU", 100);
        SkuKey = Keys.Normalize(sku);
        if (quantity < 1)
            throw new ValidationException("Quantity", $"Quantity of {Sku} must be at least 1, not {quantity}.");
        Quantity = quantity;
    }

    public long Id { get; private set; }
    public long OrderId { get; private set; }
    public string Sku { get; private set; } = string.Empty;
    public string SkuKey { get; private set; } = string.Empty;
    public int Quantity { get; private set; }
}
