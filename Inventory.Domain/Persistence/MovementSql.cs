namespace Inventory.Domain.Persistence;

/// <summary>
/// The ledger's insert, written once: every statement that records stock movements — one row from
/// parameters, or many from a SELECT over the stock or an import's rows — appends its source to it,
/// naming the columns in this order.
/// </summary>
internal static class MovementSql
{
    public const string Insert = """
        INSERT INTO "StockMovements" ("InstanceId", "Warehouse", "WarehouseKey", "Sku", "SkuKey", "Change",
            "QuantityAfter", "Reason", "OrderId", "ImportId", "User", "At", "Note", "ClearId", "Tracking")

        """;
}
