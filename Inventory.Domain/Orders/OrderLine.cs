using Inventory.Domain.Common;

namespace Inventory.Domain.Orders;

public class OrderLine
{
    private OrderLine() { }

    public OrderLine(string sku, int quantity)
    {
        Sku = Fields.Required(sku, "SKU", Fields.SkuMaxLength);
        SkuKey = Keys.Normalize(sku);
        if (Fields.LineQuantityProblem(Sku, quantity) is { } problem)
            throw new ValidationException("Quantity", problem);
        Quantity = quantity;
    }

    public long Id { get; private set; }
    public long OrderId { get; private set; }
    public string Sku { get; private set; } = string.Empty;
    public string SkuKey { get; private set; } = string.Empty;
    public int Quantity { get; private set; }
}
