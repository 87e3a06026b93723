using Inventory.Domain.Common;

namespace Inventory.Domain.Stock;

/// <summary>
/// The inventory of one product in one warehouse of one instance. Its existence is what makes a SKU
/// "tracked" there. Quantities change only through <see cref="StockLedger"/>, set-based or by
/// conditional statements (rule 9), never by loading this entity and saving it back.
/// </summary>
public class StockItem
{
    private StockItem() { }

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
