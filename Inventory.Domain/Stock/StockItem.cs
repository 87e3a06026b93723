using Inventory.Domain.Common;

namespace Inventory.Domain.Stock;

/// <summary>
/// The inventory of one product in one warehouse of one instance. Its existence is what makes a SKU
/// "tracked" there. Quantities change through set-based SQL in <see cref="InventoryService"/> and
/// <see cref="Orders.OrderWorkflow"/>, so this entity carries no mutators beyond creation.
/// </summary>
public class StockItem
{
    private StockItem() { }

    public StockItem(int instanceId, string warehouse, string sku, int quantity, DateTime updatedAt)
    {
        InstanceId = instanceId;
        Warehouse = Keys.Display(warehouse);
        WarehouseKey = Keys.Normalize(warehouse);
        Sku = Keys.Display(sku);
        SkuKey = Keys.Normalize(sku);
        Quantity = quantity;
        UpdatedAt = updatedAt;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public string Warehouse { get; private set; } = string.Empty;
    public string WarehouseKey { get; private set; } = string.Empty;
    public string Sku { get; private set; } = string.Empty;
    public string SkuKey { get; private set; } = string.Empty;

    /// <summary>On hand; below zero only through deductions made while Inventory Check is off.</summary>
    public int Quantity { get; private set; }

    public DateTime UpdatedAt { get; private set; }
}
