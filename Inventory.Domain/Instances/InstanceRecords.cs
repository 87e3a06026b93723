namespace Inventory.Domain.Instances;

public sealed record InstanceView(
    int Id, string Name, Platform Platform, string DefaultWarehouse, bool InventoryCheck, bool AutoLabel, DateTime CreatedAt,
    bool SimulateOrders = false, DateTime? LastSyncAt = null, string? LastSyncError = null,
    int? LowStockThreshold = null, bool UntrackedCountsAsShort = false, bool InventoryFeed = false,
    bool MarketplaceConnected = false, bool SendInvoices = false, string InvoicePrefix = "INV-", string? DefaultBoxWeight = null);

public sealed record NewInstance(string Name, Platform Platform, string DefaultWarehouse);

/// <summary>
/// A partial update: null fields are left as they are. <see cref="LowStockOff"/> switches the
/// low-stock threshold off (a null <see cref="LowStockThreshold"/> leaves it as it is). An empty
/// <see cref="DefaultBoxWeight"/> ("" ) removes the default weight per box; "2.5 LB" or "1.2 KG" sets it.
/// </summary>
public sealed record InstanceUpdate(
    string? Name = null, Platform? Platform = null, string? DefaultWarehouse = null,
    bool? InventoryCheck = null, bool? AutoLabel = null, bool? SimulateOrders = null,
    int? LowStockThreshold = null, bool LowStockOff = false, bool? UntrackedCountsAsShort = null, bool? InventoryFeed = null,
    bool? SendInvoices = null, string? InvoicePrefix = null, string? DefaultBoxWeight = null);
