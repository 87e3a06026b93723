namespace Inventory.Domain.Stock;

public enum MovementReason { Import, Accept, Clear, Restock, Adjust }

/// <summary>One row of the inventory ledger (rule 10): written in the same transaction as the change.</summary>
public class StockMovement
{
    private StockMovement() { }

    public StockMovement(int instanceId, string warehouse, string warehouseKey, string sku, string skuKey,
        int change, int quantityAfter, MovementReason reason, string user, DateTime at,
        long? orderId = null, long? importId = null)
    {
        InstanceId = instanceId;
        Warehouse = warehouse;
        WarehouseKey = warehouseKey;
        Sku = sku;
        SkuKey = skuKey;
        Change = change;
        QuantityAfter = quantityAfter;
        Reason = reason;
        User = user;
        At = at;
        OrderId = orderId;
        ImportId = importId;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public string Warehouse { get; private set; } = string.Empty;
    public string WarehouseKey { get; private set; } = string.Empty;
    public string Sku { get; private set; } = string.Empty;
    public string SkuKey { get; private set; } = string.Empty;
    public int Change { get; private set; }

    /// <summary>Quantity on hand after the change; 0 when a Clear removed the item.</summary>
    public int QuantityAfter { get; private set; }

    public MovementReason Reason { get; private set; }
    public long? OrderId { get; private set; }
    public long? ImportId { get; private set; }
    public string User { get; private set; } = string.Empty;
    public DateTime At { get; private set; }
}
