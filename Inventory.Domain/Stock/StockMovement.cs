using Inventory.Domain.Common;

namespace Inventory.Domain.Stock;

public enum MovementReason { Import, Accept, Clear, Restock, Adjust, Undo }

/// <summary>Whether a movement started or stopped the item being tracked (checked by Inventory Check), or neither.</summary>
public enum Tracking { Stopped = -1, Unchanged = 0, Started = 1 }

/// <summary>
/// One row of the inventory ledger (rule 10). Only <see cref="StockLedger"/> writes them, in the same
/// transaction as the change they record.
/// </summary>
public class StockMovement
{
    public const int NoteMaxLength = 200;

    private StockMovement() { }

    public StockMovement(int instanceId, StockItemKey item, int change, int quantityAfter, MovementReason reason,
        string user, DateTime at, long? orderId = null, long? importId = null, string? note = null, long? clearId = null,
        Tracking tracking = Tracking.Unchanged)
    {
        InstanceId = instanceId;
        Warehouse = item.Warehouse;
        WarehouseKey = item.WarehouseKey;
        Sku = item.Sku;
        SkuKey = item.SkuKey;
        Change = change;
        QuantityAfter = quantityAfter;
        Reason = reason;
        User = user;
        At = at;
        OrderId = orderId;
        ImportId = importId;
        ClearId = clearId;
        Tracking = tracking;
        Note = note is { Length: > NoteMaxLength } ? note[..NoteMaxLength] : note;
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
    public long? ClearId { get; private set; }

    /// <summary>Started when an import created the item, Stopped when a clear removed it: what an undo reverses.</summary>
    public Tracking Tracking { get; private set; }

    public string User { get; private set; } = string.Empty;
    public DateTime At { get; private set; }

    /// <summary>Why a change was not made as asked, e.g. a restock refused because the item was counted again since.</summary>
    public string? Note { get; private set; }
}

/// <summary>A stock item's identity: the text as typed and its normalised key, for warehouse and SKU.</summary>
public readonly record struct StockItemKey(string Warehouse, string WarehouseKey, string Sku, string SkuKey)
{
    public static StockItemKey Of(string warehouse, string sku)
    {
        var (w, s) = (Keys.Display(warehouse), Keys.Display(sku));
        return new(w, w.ToUpperInvariant(), s, s.ToUpperInvariant());
    }
}
